import { describe, expect, it } from 'vitest';
import {
  countAttempts,
  createProfile,
  currentProfile,
  eraseDevice,
  eraseProfile,
  freeProfileName,
  listProfiles,
  NAME_MAX,
  selectProfile,
} from '../../src/app/profiles.ts';
import { freshDatabase, seedProfile } from './profile-fixture.ts';

describe('createProfile', () => {
  it('creates a profile with a tidied name and makes it the current one', async () => {
    const db = freshDatabase();
    const result = await createProfile(db, { name: '  Camille   Dupont ', role: 'senior' }, 1234);
    if (!('profile' in result)) throw new Error(result.error.code);
    expect(result.profile).toMatchObject({ name: 'Camille Dupont', role: 'senior', createdAt: 1234 });
    expect(await db.profiles.get(result.profile.id)).toEqual(result.profile);
    expect(await currentProfile(db)).toEqual(result.profile);
  });

  it('refuses an empty name and a name that is too long, writing nothing', async () => {
    const db = freshDatabase();
    expect(await createProfile(db, { name: ' \t ', role: 'junior' })).toEqual({ error: { code: 'name-empty' } });
    expect(await createProfile(db, { name: 'x'.repeat(NAME_MAX + 1), role: 'junior' })).toEqual({ error: { code: 'name-too-long', max: NAME_MAX } });
    expect(await createProfile(db, { name: 'x'.repeat(NAME_MAX), role: 'junior' })).toHaveProperty('profile');
    expect(await db.profiles.count()).toBe(1);
  });

  it('refuses a name already used on the device, whatever the case', async () => {
    const db = freshDatabase();
    await createProfile(db, { name: 'Camille', role: 'junior' });
    expect(await createProfile(db, { name: 'CAMILLE ', role: 'formateur' })).toEqual({ error: { code: 'name-taken' } });
    expect(await db.profiles.count()).toBe(1);
  });
});

describe('choosing a profile', () => {
  it('selects an existing profile, and none', async () => {
    const db = freshDatabase();
    const a = await createProfile(db, { name: 'Aïcha', role: 'junior' });
    const b = await createProfile(db, { name: 'Bruno', role: 'junior' });
    if (!('profile' in a) || !('profile' in b)) throw new Error('fixture');
    expect((await currentProfile(db))?.id).toBe(b.profile.id);
    await selectProfile(db, a.profile.id);
    expect((await currentProfile(db))?.id).toBe(a.profile.id);
    await selectProfile(db, undefined);
    expect(await currentProfile(db)).toBeUndefined();
  });

  it('lists profiles in French alphabetical order', async () => {
    const db = freshDatabase();
    for (const name of ['zoé', 'Élodie', 'bruno', 'Amandine']) await createProfile(db, { name, role: 'junior' });
    expect((await listProfiles(db)).map((p) => p.name)).toEqual(['Amandine', 'bruno', 'Élodie', 'zoé']);
  });

  it('finds a free name for a namesake', async () => {
    const db = freshDatabase();
    await createProfile(db, { name: 'Camille', role: 'junior' });
    await createProfile(db, { name: 'Camille (2)', role: 'junior' });
    expect(await freeProfileName(db, 'camille')).toBe('camille (3)');
    expect(await freeProfileName(db, 'Sami')).toBe('Sami');
    expect((await freeProfileName(db, 'C'.repeat(NAME_MAX))).length).toBeLessThanOrEqual(NAME_MAX);
  });
});

describe('erasing', () => {
  it('erases one profile with its attempts, entries and settings, and only that one', async () => {
    const db = freshDatabase();
    const mine = await seedProfile(db, 'Camille');
    const other = await seedProfile(db, 'Sami', [2]);
    await selectProfile(db, mine.profile.id);
    expect(await countAttempts(db, mine.profile.id)).toBe(3);

    expect(await eraseProfile(db, mine.profile.id)).toEqual({ attempts: 3, entries: 20 });
    expect(await db.profiles.toArray()).toEqual([other.profile]);
    expect(await db.attempts.toArray()).toEqual(other.attempts);
    expect(await db.entries.count()).toBe(2);
    expect((await db.settings.toArray()).map((s) => s.key).sort()).toEqual([`profile:${other.profile.id}:llm-api-key`, `profile:${other.profile.id}:mode`]);
    expect(await currentProfile(db)).toBeUndefined();
  });

  it('erases everything on the device', async () => {
    const db = freshDatabase();
    await seedProfile(db, 'Camille');
    await db.settings.put({ key: 'locale', value: 'en' });
    await eraseDevice(db);
    for (const table of db.tables) expect(await table.count()).toBe(0);
  });
});
