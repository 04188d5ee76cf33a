import type { PalierDatabase, ProfileRecord, Role } from '../db/db.ts';

export const NAME_MAX = 40;
const CURRENT = 'currentProfileId';

export type ProfileError = { code: 'name-empty' } | { code: 'name-too-long'; max: number } | { code: 'name-taken' };

/** Profiles on this device, by name. */
export async function listProfiles(db: PalierDatabase): Promise<ProfileRecord[]> {
  return db.profiles.orderBy('name').toArray();
}

/**
 * Creates a profile (no account, no server) and makes it the current one.
 * Returns an error code the screen can explain, rather than throwing.
 */
export async function createProfile(
  db: PalierDatabase,
  input: { name: string; role: Role },
  now = Date.now(),
): Promise<{ profile: ProfileRecord } | { error: ProfileError }> {
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length === 0) return { error: { code: 'name-empty' } };
  if (name.length > NAME_MAX) return { error: { code: 'name-too-long', max: NAME_MAX } };
  const existing = await db.profiles.where('name').equalsIgnoreCase(name).count();
  if (existing > 0) return { error: { code: 'name-taken' } };
  const profile: ProfileRecord = { id: crypto.randomUUID(), name, role: input.role, createdAt: now };
  await db.transaction('rw', db.profiles, db.settings, async () => {
    await db.profiles.add(profile);
    await db.settings.put({ key: CURRENT, value: profile.id });
  });
  return { profile };
}

export async function currentProfile(db: PalierDatabase): Promise<ProfileRecord | undefined> {
  const id = (await db.settings.get(CURRENT))?.value;
  return typeof id === 'string' ? db.profiles.get(id) : undefined;
}

export async function selectProfile(db: PalierDatabase, id: string | undefined): Promise<void> {
  if (id === undefined) await db.settings.delete(CURRENT);
  else await db.settings.put({ key: CURRENT, value: id });
}
