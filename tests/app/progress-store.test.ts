import { beforeEach, describe, expect, it } from 'vitest';
import { profileProgress } from '../../src/app/history.ts';
import { openRun, startAttempt } from '../../src/app/practice.ts';
import { eraseProfile } from '../../src/app/profiles.ts';
import { rebuildProgress, recordedAttempts, storedProgress } from '../../src/app/progress-store.ts';
import type { CompiledScenario } from '../../src/core/dialogue/compiled.ts';
import { progressReport } from '../../src/core/progress/progress.ts';
import { progressStateOf } from '../../src/core/progress/state.ts';
import { PalierDatabase } from '../../src/db/db.ts';
import { at, met, missed, ORDER, SCENARIOS } from '../core/progress/attempts.ts';
import { attemptRecord } from '../core/progress/records.ts';
import { compileFile, STARTER } from '../helpers/scenarios.ts';

const starter = compileFile(STARTER);
const load = async (id: string): Promise<CompiledScenario | undefined> => (id === starter.id ? starter : undefined);
const CATALOGUE = [...SCENARIOS, { id: starter.id, level: 1, estimatedMinutes: 5, competencies: [...new Set(starter.rubric.criteria.map((c) => c.competency))] }];
let db: PalierDatabase;

/** Lets the rebuild scheduled by a read (a timer) run and commit. */
async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 20));
  await db.transaction('r', db.progress, () => db.progress.count());
}

async function play(moves: number[], profileId = 'p1') {
  const attempt = await startAttempt(db, { profileId, scenario: starter, mode: 'guided', evaluation: false, seed: 5 });
  const opened = await openRun(db, attempt.id, load);
  if (!('run' in opened)) throw new Error('cannot open');
  for (const i of moves) await opened.run.choose(i);
  return opened.run;
}
const WIN = [0, 0, 0, 3, 0, 0, 0, 0, 1];

beforeEach(async () => {
  db = new PalierDatabase(`progress-${crypto.randomUUID()}`);
  await db.attempts.bulkAdd([
    attemptRecord({ id: 'a1', scenarioId: 'fuite', day: 0, criteria: [met('accueil'), met('securite'), missed('empathie')] }),
    attemptRecord({ id: 'a2', scenarioId: 'voisinage', day: 2, status: 'abandoned', criteria: [missed('ecoute')] }),
  ]);
});

/** The report the attempts give, computed the reference way (every attempt read). */
async function reference(profileId = 'p1') {
  return progressReport({ attempts: await recordedAttempts(db, profileId), scenarios: CATALOGUE, competencyOrder: ORDER, now: at(400) });
}
const options = { scenarios: CATALOGUE, competencyOrder: ORDER, now: at(400) };

describe('stored progress', () => {
  it('is built from the attempts on first read, stored just after, then read instead of them', async () => {
    expect(await db.progress.count()).toBe(0);
    const first = await storedProgress(db, 'p1');
    expect(first.stored).toBe(false);
    await settle();
    const row = await db.progress.get('p1');
    expect(row?.state).toEqual(progressStateOf(await recordedAttempts(db, 'p1')));
    expect(row?.state.ended).toBe(2);
    const second = await storedProgress(db, 'p1');
    expect(second.stored).toBe(true);
    expect(await profileProgress(db, 'p1', options)).toEqual(await reference());
  });

  it('folds an attempt in the transaction that ends it, abandoned or finished', async () => {
    await rebuildProgress(db, 'p1');
    const won = await play(WIN);
    expect((await db.progress.get('p1'))?.state.ended).toBe(3);
    const left = await play([0, 0]);
    await left.abandon();
    const row = await db.progress.get('p1');
    expect(row?.state.ended).toBe(4);
    expect(row?.state.scenarios[starter.id]?.last?.attemptId).toBe(left.attempt.id);
    expect(row?.state.scenarios[starter.id]?.best?.attemptId).toBe(won.attempt.id);
    expect((await storedProgress(db, 'p1')).stored).toBe(true);
    expect(await profileProgress(db, 'p1', options)).toEqual(await reference());
  });

  it('shows an attempt still open without storing it, and folds it when it ends', async () => {
    await rebuildProgress(db, 'p1');
    const run = await play([0, 0]);
    const open = await profileProgress(db, 'p1', options);
    expect(open.summaries.get(starter.id)?.active?.attemptId).toBe(run.attempt.id);
    for (const i of WIN.slice(2)) await run.choose(i);
    const done = await profileProgress(db, 'p1', options);
    expect(done.summaries.get(starter.id)).toMatchObject({ active: undefined, finished: 1, best: { attemptId: run.attempt.id } });
  });

  it('is not trusted when « retours » were written past it, or when it is of another format, and is rebuilt', async () => {
    await rebuildProgress(db, 'p1');
    const row = await db.progress.get('p1');
    if (!row) throw new Error('no row');
    await db.progress.put({ ...row, state: { ...row.state, format: 0 } });
    expect((await storedProgress(db, 'p1')).stored).toBe(false);
    expect(await profileProgress(db, 'p1', options)).toEqual(await reference());
    await settle();
    expect((await storedProgress(db, 'p1')).stored).toBe(true);
    // A trainer's « retour » replaces a card: the device's count of retours changed.
    const a1 = await db.attempts.get('a1');
    if (!a1?.card) throw new Error('fixture');
    const card = { ...a1.card, percent: 12, criteria: a1.card.criteria.map((c) => ({ ...c, status: 'missed' as const, points: 0 })) };
    expect((await profileProgress(db, 'p1', options)).mastery.get('accueil')?.value).toBe(1);
    await db.feedback.add({ attemptId: 'a1', trainer: { name: 'Nadia' }, sentAt: at(5), importedAt: at(5), annotations: [], decisions: [], card, checksum: `sha256:${'a'.repeat(64)}` });
    expect((await storedProgress(db, 'p1')).stored).toBe(false);
    const report = await profileProgress(db, 'p1', options);
    expect(report.mastery.get('accueil')?.value).toBe(0);
    expect(report).toEqual(await reference());
  });

  it('forgets a row it cannot fold in order, and goes with its profile', async () => {
    await rebuildProgress(db, 'p1');
    await rebuildProgress(db, 'p2');
    // An attempt that ended before the last one folded (a clock set back): the row is dropped.
    const run = await play([0, 0]);
    await run.abandon(at(1));
    expect(await db.progress.get('p1')).toBeUndefined();
    expect(await profileProgress(db, 'p1', options)).toEqual(await reference());
    await eraseProfile(db, 'p2');
    expect(await db.progress.get('p2')).toBeUndefined();
  });
});
