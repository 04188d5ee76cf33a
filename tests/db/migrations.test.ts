import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, PalierDatabase } from '../../src/db/db.ts';

/**
 * Every past schema version opens with today's code and keeps every record. A database is written
 * with the stores exactly as each past version declared them (frozen here, as shipped), then
 * opened with the current PalierDatabase.
 */
const V1 = {
  profiles: 'id, name',
  attempts: 'id, profileId, [profileId+scenarioId], [profileId+status], startedAt, parentId',
  entries: '[attemptId+index], attemptId',
  settings: 'key',
};

describe('database migrations', () => {
  it('the current version is the one these fixtures lead to', () => {
    expect(DB_VERSION).toBe(2);
  });

  it('version 1 (before the Atelier) opens as version 2 with every record, and the scenarios table empty', async () => {
    const name = `palier-migration-v1-${Math.random()}`;
    const old = new Dexie(name);
    old.version(1).stores(V1);
    await old.open();
    await old.table('profiles').add({ id: 'p1', name: 'Awa Diallo', role: 'junior', createdAt: 1 });
    await old.table('attempts').add({ id: 'a1', profileId: 'p1', scenarioId: 'degat-des-eaux-nuit', status: 'finished', startedAt: 2, entryCount: 1 });
    await old.table('entries').add({ attemptId: 'a1', index: 0, entry: { kind: 'turn', turn: 1 } });
    await old.table('settings').add({ key: 'locale', value: 'fr' });
    old.close();

    const db = new PalierDatabase(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    expect(await db.profiles.toArray()).toEqual([{ id: 'p1', name: 'Awa Diallo', role: 'junior', createdAt: 1 }]);
    expect(await db.attempts.where('[profileId+status]').equals(['p1', 'finished']).count()).toBe(1);
    expect(await db.entries.where('attemptId').equals('a1').toArray()).toEqual([{ attemptId: 'a1', index: 0, entry: { kind: 'turn', turn: 1 } }]);
    expect(await db.settings.get('locale')).toEqual({ key: 'locale', value: 'fr' });
    expect(await db.scenarios.count()).toBe(0);
    db.close();
  });
});
