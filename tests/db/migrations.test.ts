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
/** Version 2: the Atelier's scenarios (one row per scenario version). */
const V2 = {
  ...V1,
  scenarios: '[id+version], id, status, updatedAt',
};
const V3_TABLES = ['reviews', 'bundleScenarios', 'reviewEvents', 'outbox', 'feedback'] as const;

describe('database migrations', () => {
  it('the current version is the one these fixtures lead to', () => {
    expect(DB_VERSION).toBe(3);
  });

  it('version 1 (before the Atelier) opens as version 3 with every record, and the newer tables empty', async () => {
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
    for (const table of V3_TABLES) expect(await db.table(table).count()).toBe(0);
    db.close();
  });

  it('version 2 (before the Revue) opens as version 3 with every record, and the Revue tables empty', async () => {
    const name = `palier-migration-v2-${Math.random()}`;
    const old = new Dexie(name);
    old.version(1).stores(V1);
    old.version(2).stores(V2);
    await old.open();
    const scenario = {
      id: 'fuite-cave',
      version: 1,
      status: 'published',
      source: 'id: fuite-cave\n',
      hash: 'c'.repeat(64),
      title: 'Fuite à la cave',
      author: 'Mireille Dubois',
      origin: 'local',
      createdAt: 3,
      updatedAt: 4,
      publishedAt: 4,
    };
    await old.table('profiles').add({ id: 'p1', name: 'Awa Diallo', role: 'junior', createdAt: 1 });
    await old.table('attempts').add({ id: 'a1', profileId: 'p1', scenarioId: 'fuite-cave', status: 'finished', startedAt: 2, entryCount: 1 });
    await old.table('entries').add({ attemptId: 'a1', index: 0, entry: { kind: 'turn', turn: 1 } });
    await old.table('settings').add({ key: 'locale', value: 'fr' });
    await old.table('scenarios').bulkAdd([scenario, { id: 'fuite-cave', version: 2, status: 'draft', source: 'id: fuite-cave\n', title: 'Fuite à la cave', author: 'Mireille Dubois', origin: 'local', createdAt: 5, updatedAt: 6 }]);
    old.close();

    const db = new PalierDatabase(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    expect(await db.profiles.toArray()).toEqual([{ id: 'p1', name: 'Awa Diallo', role: 'junior', createdAt: 1 }]);
    expect(await db.attempts.where('[profileId+status]').equals(['p1', 'finished']).count()).toBe(1);
    expect(await db.entries.where('attemptId').equals('a1').toArray()).toEqual([{ attemptId: 'a1', index: 0, entry: { kind: 'turn', turn: 1 } }]);
    expect(await db.settings.get('locale')).toEqual({ key: 'locale', value: 'fr' });
    expect(await db.scenarios.get(['fuite-cave', 1])).toEqual(scenario);
    expect(await db.scenarios.where('status').equals('draft').primaryKeys()).toEqual([['fuite-cave', 2]]);
    for (const table of V3_TABLES) expect(await db.table(table).count()).toBe(0);
    db.close();
  });
});
