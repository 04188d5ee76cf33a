import type { PalierDatabase, ProfileRecord, Role } from '../db/db.ts';

export const NAME_MAX = 40;
export const ROLES: readonly Role[] = ['junior', 'senior', 'formateur'];
const CURRENT = 'currentProfileId';

export type ProfileError = { code: 'name-empty' } | { code: 'name-too-long'; max: number } | { code: 'name-taken' };

/** A display name as stored: trimmed, inner runs of blanks folded to one space. */
export function normaliseName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/** Profiles on this device, by name (French collation, so « élodie » sorts with the e's). */
export async function listProfiles(db: PalierDatabase): Promise<ProfileRecord[]> {
  const all = await db.profiles.toArray();
  return all.sort((a, b) => a.name.localeCompare(b.name, 'fr', { sensitivity: 'base' }) || a.id.localeCompare(b.id));
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
  const name = normaliseName(input.name);
  if (name.length === 0) return { error: { code: 'name-empty' } };
  if (name.length > NAME_MAX) return { error: { code: 'name-too-long', max: NAME_MAX } };
  const profile: ProfileRecord = { id: crypto.randomUUID(), name, role: input.role, createdAt: now };
  // The uniqueness check sits in the same transaction as the write, so two tabs cannot both pass it.
  return db.transaction('rw', db.profiles, db.settings, async () => {
    const existing = await db.profiles.where('name').equalsIgnoreCase(name).count();
    if (existing > 0) return { error: { code: 'name-taken' } as const };
    await db.profiles.add(profile);
    await db.settings.put({ key: CURRENT, value: profile.id });
    return { profile };
  });
}

/** One profile by id. */
export async function getProfile(db: PalierDatabase, id: string): Promise<ProfileRecord | undefined> {
  return db.profiles.get(id);
}

/** How many attempts a profile has on this device. */
export async function countAttempts(db: PalierDatabase, profileId: string): Promise<number> {
  return db.attempts.where('profileId').equals(profileId).count();
}

export async function currentProfile(db: PalierDatabase): Promise<ProfileRecord | undefined> {
  const id = (await db.settings.get(CURRENT))?.value;
  return typeof id === 'string' ? db.profiles.get(id) : undefined;
}

export async function selectProfile(db: PalierDatabase, id: string | undefined): Promise<void> {
  if (id === undefined) await db.settings.delete(CURRENT);
  else await db.settings.put({ key: CURRENT, value: id });
}

/**
 * Settings that belong to one profile (rather than to the device) are keyed
 * `profile:<id>:<name>`; they travel with the profile's export and go when it is erased.
 */
export function profileSettingPrefix(profileId: string): string {
  return `profile:${profileId}:`;
}

/** A setting that must never leave the device (API keys, tokens, passwords). */
export function isSecretSetting(key: string): boolean {
  return /(api-?key|secret|token|password)/i.test(key);
}

/**
 * A name no other profile on the device uses (ignoring case): `name`, else « name (2) », « name (3) »…
 * cut so the result stays within {@link NAME_MAX}. Used when an imported profile meets a namesake.
 */
export async function freeProfileName(db: PalierDatabase, name: string, exceptId?: string): Promise<string> {
  const taken = new Set(
    (await db.profiles.toArray()).filter((p) => p.id !== exceptId).map((p) => p.name.toLocaleLowerCase('fr')),
  );
  if (!taken.has(name.toLocaleLowerCase('fr'))) return name;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = name.slice(0, NAME_MAX - suffix.length).trimEnd() + suffix;
    if (!taken.has(candidate.toLocaleLowerCase('fr'))) return candidate;
  }
}

/**
 * Erases one profile and everything that is its own (attempts, trace entries, trainers' « retours »
 * on them, profile settings), in one transaction. If it was the current profile, no profile is current any more.
 */
export async function eraseProfile(db: PalierDatabase, profileId: string): Promise<{ attempts: number; entries: number }> {
  return db.transaction('rw', [db.profiles, db.attempts, db.entries, db.settings, db.feedback, db.progress], async () => {
    const attemptIds = await db.attempts.where('profileId').equals(profileId).primaryKeys();
    const entries = attemptIds.length > 0 ? await db.entries.where('attemptId').anyOf(attemptIds).delete() : 0;
    await db.feedback.bulkDelete(attemptIds);
    await db.attempts.bulkDelete(attemptIds);
    await db.settings.where('key').startsWith(profileSettingPrefix(profileId)).delete();
    await db.progress.delete(profileId);
    await db.profiles.delete(profileId);
    if ((await db.settings.get(CURRENT))?.value === profileId) await db.settings.delete(CURRENT);
    return { attempts: attemptIds.length, entries };
  });
}

/** Erases everything Palier keeps on this device: every table, in one transaction. */
export async function eraseDevice(db: PalierDatabase): Promise<void> {
  await db.eraseEverything();
}
