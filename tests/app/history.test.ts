import { beforeEach, describe, expect, it } from 'vitest';
import { attemptHistory, profileAttempts, profileProgress, progressView } from '../../src/app/history.ts';
import { PalierDatabase } from '../../src/db/db.ts';
import { at, met, missed, ORDER, pending, SCENARIOS } from '../core/progress/attempts.ts';
import { attemptRecord } from '../core/progress/records.ts';

let db: PalierDatabase;

beforeEach(async () => {
  db = new PalierDatabase(`history-${crypto.randomUUID()}`);
  await db.attempts.bulkAdd([
    attemptRecord({ id: 'a1', scenarioId: 'fuite', day: 0, criteria: [met('accueil'), met('securite'), missed('empathie'), pending('clarte')] }),
    attemptRecord({ id: 'a2', scenarioId: 'fuite', day: 1, criteria: [met('accueil'), met('securite'), met('empathie')], parentId: 'a1', replayFromTurn: 3 }),
    attemptRecord({ id: 'a3', scenarioId: 'voisinage', day: 2, status: 'abandoned', mode: 'free', criteria: [missed('ecoute')] }),
    attemptRecord({ id: 'a4', scenarioId: 'agressif', day: 3, status: 'active' }),
    attemptRecord({ id: 'other', profileId: 'p2', scenarioId: 'fuite', day: 4, criteria: [met('accueil')] }),
  ]);
});

describe('history queries', () => {
  it('reads one profile’s attempts, most recent first', async () => {
    expect((await profileAttempts(db, 'p1')).map((a) => a.id)).toEqual(['a4', 'a3', 'a2', 'a1']);
    expect((await profileAttempts(db, 'nobody')).length).toBe(0);
  });

  it('gives history rows with mode, outcome, score and the replay marker', async () => {
    const { rows, total } = await attemptHistory(db, 'p1');
    expect(total).toBe(4);
    expect(rows.map((r) => [r.attemptId, r.status, r.mode, r.percent, r.replay, r.replayFromTurn])).toEqual([
      ['a4', 'active', 'guided', undefined, false, undefined],
      ['a3', 'abandoned', 'free', undefined, false, undefined],
      ['a2', 'finished', 'guided', 100, true, 3],
      ['a1', 'finished', 'guided', 66.7, false, undefined],
    ]);
    expect(rows[3]).toMatchObject({ provisional: true, outcome: 'success', at: at(0) });
  });

  it('computes best score and last attempt per scenario, and the palier', async () => {
    const report = await profileProgress(db, 'p1', { scenarios: SCENARIOS, competencyOrder: ORDER, now: at(4) });
    expect(report.summaries.get('fuite')).toMatchObject({ finished: 2, best: { attemptId: 'a2', percent: 100 }, last: { attemptId: 'a2', status: 'finished' } });
    expect(report.summaries.get('voisinage')).toMatchObject({ finished: 0, best: undefined, last: { attemptId: 'a3', status: 'abandoned' } });
    expect(report.summaries.get('agressif')).toMatchObject({ active: { attemptId: 'a4' }, last: undefined });
    expect(report.finished).toBe(2);
    expect(report.palier.current.id).toBe('junior');
    const view = await progressView(db, 'p1', { scenarios: SCENARIOS, now: at(4) });
    expect(view.history).toHaveLength(4);
    expect(view.total).toBe(4);
    expect(view.report.palier.competencies).toBe(3);
  });

  it('reads the history a page at a time: the attempts started last, and how many there are', async () => {
    const { rows, total } = await attemptHistory(db, 'p1', 2);
    expect(rows.map((r) => r.attemptId)).toEqual(['a4', 'a3']);
    expect(total).toBe(4);
    const view = await progressView(db, 'p1', { scenarios: SCENARIOS, now: at(4) }, 3);
    expect([view.history.map((r) => r.attemptId), view.total]).toEqual([['a4', 'a3', 'a2'], 4]);
  });

  it('uses the score of record of a trainer’s « retour » for the history and the progress model', async () => {
    const a1 = await db.attempts.get('a1');
    if (!a1?.card) throw new Error('fixture');
    const options = { scenarios: SCENARIOS, competencyOrder: ORDER, now: at(4) };
    // « clarte » waits for a trainer: not measured yet.
    expect((await progressView(db, 'p1', options)).report.mastery.has('clarte')).toBe(false);
    // The trainer decided the pending « clarte » criterion: met, full points.
    const criteria = a1.card.criteria.map((c) => (c.competency === 'clarte' ? { ...c, status: 'met' as const, points: c.weight, source: 'trainer' as const } : c));
    const card = { ...a1.card, criteria, percent: 75, pendingWeight: 0 };
    await db.feedback.add({ attemptId: 'a1', trainer: { name: 'Nadia' }, sentAt: at(5), importedAt: at(5), annotations: [], decisions: [], card, checksum: `sha256:${'a'.repeat(64)}` });
    const { rows } = await attemptHistory(db, 'p1');
    expect(rows.find((r) => r.attemptId === 'a1')).toMatchObject({ percent: 75, provisional: false });
    expect((await progressView(db, 'p1', options)).report.mastery.has('clarte')).toBe(true);
    // The attempt as stored keeps the card it was played with.
    expect((await profileAttempts(db, 'p1')).find((a) => a.id === 'a1')?.card?.percent).toBe(a1.card.percent);
  });
});
