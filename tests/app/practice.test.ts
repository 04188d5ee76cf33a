import { beforeEach, describe, expect, it } from 'vitest';
import { activeAttempt, loadTrace, openRun, replayFrom, startAttempt } from '../../src/app/practice.ts';
import type { CompiledScenario } from '../../src/core/dialogue/compiled.ts';
import { EmbeddedUnderstanding } from '../../src/core/understanding/embedded.ts';
import { scenarioExamples } from '../../src/core/understanding/scenario-examples.ts';
import { PalierDatabase } from '../../src/db/db.ts';
import { compileFile, library, STARTER } from '../helpers/scenarios.ts';

const starter = compileFile(STARTER);
const load = async (id: string): Promise<CompiledScenario | undefined> => (id === starter.id ? starter : undefined);
let db: PalierDatabase;

beforeEach(() => {
  db = new PalierDatabase(`test-${crypto.randomUUID()}`);
});

async function started() {
  const attempt = await startAttempt(db, { profileId: 'p1', scenario: starter, mode: 'guided', evaluation: false, seed: 5 });
  const opened = await openRun(db, attempt.id, load);
  if (!('run' in opened)) throw new Error('cannot open');
  return opened.run;
}

describe('practice', () => {
  it('commits each turn before returning, so a reopened attempt is exactly where it was', async () => {
    const run = await started();
    await run.choose(0);
    await run.hint();
    await run.choose(0);
    expect(await db.entries.where('attemptId').equals(run.attempt.id).count()).toBe(3);
    const again = await openRun(db, run.attempt.id, load);
    if (!('run' in again)) throw new Error('cannot reopen');
    expect(again.run.session.snapshot()).toEqual(run.session.snapshot());
    expect((await activeAttempt(db, 'p1', starter.id))?.id).toBe(run.attempt.id);
  });

  it('scores and closes the attempt when the conversation ends', async () => {
    const run = await started();
    for (const i of [0, 0, 0, 3, 0, 0, 0, 0, 1]) await run.choose(i);
    const stored = await db.attempts.get(run.attempt.id);
    expect(stored?.status).toBe('finished');
    expect(stored?.outcome).toBe('success');
    expect(stored?.card?.percent).toBe(100);
    expect(stored?.card?.rubricHash).toBe(starter.rubricHash);
    expect(await activeAttempt(db, 'p1', starter.id)).toBeUndefined();
  });

  it('records free text, and an unclear reply without moving the conversation', async () => {
    const run = await started();
    const engine = new EmbeddedUnderstanding(scenarioExamples(starter, library().acts.values()));
    const r1 = await run.say('Bonsoir madame, Karim, de la permanence du bailleur', engine.understand('Bonsoir madame, Karim, de la permanence du bailleur'));
    expect(r1 && 'kind' in r1 && r1.kind).toBe('turn');
    const r2 = await run.say('qsdfqsdf', engine.understand('qsdfqsdf'));
    expect(r2 && 'kind' in r2 && r2.kind).toBe('unclear');
    const trace = await loadTrace(db, run.attempt);
    expect(trace.entries.map((e) => e.kind)).toEqual(['turn', 'unclear']);
    expect(run.session.snapshot().turn).toBe(1);
  });

  it('a failed write is reported and memory does not run ahead of the database', async () => {
    const run = await started();
    await run.choose(0);
    db.entries.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const r = await run.choose(0);
    expect(r).toMatchObject({ code: 'write-failed', full: true });
    expect((r as { message: string }).message).toContain('QuotaExceededError');
    expect(run.session.snapshot().turn).toBe(1);
    expect(run.attempt.entryCount).toBe(1);
  });

  it('abandoning keeps a scored, unfinished attempt', async () => {
    const run = await started();
    await run.choose(0);
    await run.abandon();
    const stored = await db.attempts.get(run.attempt.id);
    expect(stored?.status).toBe('abandoned');
    expect(stored?.card?.finished).toBe(false);
  });

  it('replays from a turn: same machine state before that turn, linked to the original', async () => {
    const run = await started();
    for (const i of [0, 0, 1, 0]) await run.choose(i); // turn 3 skips the safety check
    const before = await openRun(db, run.attempt.id, load);
    const replay = await replayFrom(db, run.attempt.id, 3);
    if (!('attempt' in replay)) throw new Error('replay failed');
    expect(replay.attempt).toMatchObject({ parentId: run.attempt.id, replayFromTurn: 3, status: 'active' });
    const opened = await openRun(db, replay.attempt.id, load);
    if (!('run' in opened) || !('run' in before)) throw new Error('cannot open');
    const snap = opened.run.session.snapshot();
    expect(snap.turn).toBe(2);
    expect(snap.state).toBe('securite');
    // Play on differently: the safety check this time.
    await opened.run.choose(0);
    expect(opened.run.session.snapshot().flags).toContain('securite-faite');
    expect(before.run.session.snapshot().flags).not.toContain('securite-faite');
  });

  it('refuses to resume against another version of the scenario', async () => {
    const run = await started();
    const other = { ...starter, hash: 'f'.repeat(64) };
    const r = await openRun(db, run.attempt.id, async () => other);
    expect(r).toEqual({ error: { code: 'scenario-changed', scenarioId: starter.id } });
  });
});
