import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { rebuildProgress } from '../../src/app/progress-store.ts';
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
/** Version 3: the Revue and the junior's « retours formateur ». */
const V3 = {
  ...V2,
  reviews: 'id, junior.id, scenarioId, startedAt, status, importedAt',
  bundleScenarios: '[id+hash], id',
  reviewEvents: '++seq, attemptId, at',
  outbox: 'id, state, nextAt',
  feedback: 'attemptId',
  reviewDigests: 'scenarioId',
};

describe('database migrations', () => {
  it('the current version is the one these fixtures lead to', () => {
    expect(DB_VERSION).toBe(4);
  });

  it('version 1 (before the Atelier) opens as version 4 with every record, and the newer tables empty', async () => {
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

  it('version 2 (before the Revue) opens as version 4 with every record, and the Revue tables empty', async () => {
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

  it('version 3 (before the stored progress) opens as version 4 with every record, and a junior’s progress is rebuilt from the attempts', async () => {
    const name = `palier-migration-v3-${Math.random()}`;
    const old = new Dexie(name);
    old.version(1).stores(V1);
    old.version(2).stores(V2);
    old.version(3).stores(V3);
    await old.open();
    const card = { percent: 75, pendingWeight: 0, criteria: [{ id: 'c1', competency: 'securite', status: 'met', points: 3, weight: 4 }] };
    const attempts = [
      { id: 'a1', profileId: 'p1', scenarioId: 'fuite-cave', status: 'finished', startedAt: 2, updatedAt: 5, endedAt: 5, entryCount: 1, card },
      { id: 'a2', profileId: 'p1', scenarioId: 'fuite-cave', status: 'active', startedAt: 6, updatedAt: 6, entryCount: 0 },
    ];
    await old.table('profiles').add({ id: 'p1', name: 'Awa Diallo', role: 'junior', createdAt: 1 });
    await old.table('attempts').bulkAdd(attempts);
    await old.table('feedback').add({ attemptId: 'a1', trainer: { name: 'Nadia' }, sentAt: 7, importedAt: 8, annotations: [], decisions: [], card, checksum: 'sha256:x' });
    await old.table('reviewEvents').add({ attemptId: 'r1', at: 9, by: { id: 't', name: 'Nadia' }, kind: 'annotation', turn: 1, comment: 'Bien' });
    await old.table('reviewDigests').add({ scenarioId: 'fuite-cave', count: 0, json: '{}' });
    old.close();

    const db = new PalierDatabase(name);
    await db.open();
    expect(db.verno).toBe(DB_VERSION);
    expect(await db.attempts.orderBy('id').toArray()).toEqual(attempts);
    expect(await db.feedback.count()).toBe(1);
    expect(await db.reviewEvents.count()).toBe(1);
    expect(await db.reviewDigests.count()).toBe(1);
    // The new index pages the history; the new table starts empty and fills on first read.
    expect(await db.attempts.where('[profileId+startedAt]').between(['p1', Dexie.minKey], ['p1', Dexie.maxKey]).primaryKeys()).toEqual(['a1', 'a2']);
    expect(await db.progress.count()).toBe(0);
    expect(await db.rubricTexts.count()).toBe(0);
    const state = await rebuildProgress(db, 'p1');
    expect([state.ended, state.finished, state.competencies['securite']?.observations]).toEqual([1, 1, 1]);
    db.close();
  });
});
