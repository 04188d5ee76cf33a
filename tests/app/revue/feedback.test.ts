import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyBundle, exportBundle, readBundle } from '../../../src/app/revue/bundle.ts';
import { applyFeedback, exportFeedback, feedbackFor, FEEDBACK_PROBLEM_CODES, readFeedback, type FeedbackReport } from '../../../src/app/revue/feedback.ts';
import type { Feedback } from '../../../src/app/revue/feedback.schema.ts';
import { judgedLevel, latestDecisions, levelOnCard, recordCard } from '../../../src/app/revue/record.ts';
import { loadScenario } from '../../../src/app/scenarios.ts';
import type { CompiledScenario } from '../../../src/core/dialogue/compiled.ts';
import { isRuleCriterion } from '../../../src/core/scenario/guards.ts';
import type { Actor, AttemptRecord, PalierDatabase, ProfileRecord, ReviewEventRecord } from '../../../src/db/db.ts';
import { freshDatabase, snapshot } from '../profile-fixture.ts';
import { BUNDLED, edited, juniorProfile, playedAttempt, resealed } from './revue-fixture.ts';

const SENT = new Date(2026, 10, 29, 18, 0, 0);
const MIREILLE: Actor = { id: 'trainer-1', name: 'Mireille Dubois' };
let bundled: CompiledScenario;
let junior: PalierDatabase;
let trainer: PalierDatabase;
let profile: ProfileRecord;
let attempt: AttemptRecord;

beforeAll(async () => {
  const compiled = await loadScenario(BUNDLED);
  if (!compiled) throw new Error(`${BUNDLED} is not bundled`);
  bundled = compiled;
});

/** A junior's real attempt, bundled and imported on the trainer's device. */
beforeEach(async () => {
  junior = freshDatabase();
  trainer = freshDatabase();
  profile = await juniorProfile(junior);
  attempt = await playedAttempt(junior, profile.id, bundled);
  const { text } = await exportBundle(junior, profile.id, [attempt.id], new Date(2026, 10, 28));
  const report = await readBundle(trainer, text);
  expect(report.ok).toBe(true);
  await applyBundle(trainer, report);
});

/** What the Revue does when a trainer reviews: events appended, the score of record recomputed. */
async function review(events: Array<Omit<ReviewEventRecord, 'attemptId' | 'by'>>): Promise<void> {
  await trainer.reviewEvents.bulkAdd(events.map((e) => ({ ...e, attemptId: attempt.id, by: MIREILLE })));
  const all = await trainer.reviewEvents.where('attemptId').equals(attempt.id).toArray();
  await trainer.reviews.update(attempt.id, { record: recordCard(attempt.card!, latestDecisions(all), bundled.rubric.criticalCap), reviewedAt: Date.now() });
}

/** The trainer rates the judged criterion at its top level and comments on turn 2. */
async function reviewed(comment = 'Bien : une consigne à la fois.'): Promise<void> {
  const judged = bundled.rubric.criteria.find((c) => !isRuleCriterion(c));
  if (!judged || isRuleCriterion(judged)) throw new Error('no judged criterion');
  const onCard = attempt.card!.criteria.find((c) => c.id === judged.id)!;
  const top = judged.judged.levels[judged.judged.levels.length - 1]!;
  await review([
    { kind: 'annotation', turn: 2, comment, at: 1_764_600_000_000 },
    { kind: 'decision', criterionId: judged.id, before: levelOnCard(onCard), after: judgedLevel(judged, top.id)!, comment: 'Ton posé tout du long.', at: 1_764_600_001_000 },
  ]);
}

const codes = (report: FeedbackReport) => report.problems.map((p) => p.code);

describe('retours formateur', () => {
  it('a retour round trip: the trainer’s annotation, decision and score of record reach the junior’s attempt', async () => {
    await reviewed();
    const record = (await trainer.reviews.get(attempt.id))?.record;
    expect(record?.percent).toBeDefined();
    const { filename, text, attempts } = await exportFeedback(trainer, profile.id, MIREILLE, SENT);
    expect(filename).toBe('palier-retour-camille-dupont-2026-11-29.json');
    expect(attempts).toBe(1);
    const file = JSON.parse(text) as Feedback;
    expect(file).toMatchObject({ format: 'palier-retour', version: 1, createdAt: SENT.toISOString(), trainer: { name: 'Mireille Dubois' }, junior: { id: profile.id, name: 'Camille Dupont' } });

    const before = await snapshot(junior);
    const report = await readFeedback(junior, profile.id, text);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.trainer).toEqual({ name: 'Mireille Dubois' });
    expect(report.items).toEqual([{ attemptId: attempt.id, scenarioId: BUNDLED, found: true, percent: record?.percent }]);
    expect(await snapshot(junior)).toEqual(before); // reading writes nothing

    expect(await applyFeedback(junior, report, 1_764_700_000_000)).toEqual({ applied: 1 });
    const stored = await feedbackFor(junior, attempt.id);
    expect(stored).toMatchObject({ attemptId: attempt.id, trainer: { name: 'Mireille Dubois' }, sentAt: SENT.getTime(), importedAt: 1_764_700_000_000, checksum: file.checksum });
    expect(stored?.annotations).toEqual([{ turn: 2, text: 'Bien : une consigne à la fois.', by: 'Mireille Dubois', at: 1_764_600_000_000 }]);
    expect(stored?.decisions).toEqual([
      expect.objectContaining({ criterionId: 'ton', before: { status: 'pending', points: 0 }, after: { status: 'met', points: 4, levelId: 'senior' }, comment: 'Ton posé tout du long.', by: 'Mireille Dubois' }),
    ]);
    expect(stored?.card).toEqual(record);
    expect(stored?.card.pendingWeight).toBe(0);
    expect(await feedbackFor(junior, 'another-attempt')).toBeUndefined();
  });

  it('there is nothing to send for a junior none of whose attempts has been reviewed', async () => {
    await expect(exportFeedback(trainer, profile.id, MIREILLE, SENT)).rejects.toMatchObject({ name: 'FeedbackError', code: 'nothing-to-send' });
    await expect(exportFeedback(trainer, 'nobody', MIREILLE, SENT)).rejects.toMatchObject({ code: 'nothing-to-send' });
  });

  it('a retour addressed to another junior is refused, and nothing is written', async () => {
    await reviewed();
    const { text } = await exportFeedback(trainer, profile.id, MIREILLE, SENT);
    const other = await juniorProfile(junior, 'Awa Diallo');
    const before = await snapshot(junior);
    const report = await readFeedback(junior, other.id, text);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ code: 'other-junior', at: { field: 'id', path: 'junior.id' }, params: { name: 'Camille Dupont' } }]);
    expect(report.items).toEqual([expect.objectContaining({ attemptId: attempt.id, found: false })]);
    await expect(applyFeedback(junior, report)).rejects.toMatchObject({ code: 'feedback-not-valid' });
    expect(await snapshot(junior)).toEqual(before);
  });

  it('a retour for this junior whose attempts are no longer on the device is refused with that reason', async () => {
    await reviewed();
    const { text } = await exportFeedback(trainer, profile.id, MIREILLE, SENT);
    await junior.attempts.delete(attempt.id);
    expect(codes(await readFeedback(junior, profile.id, text))).toEqual(['attempts-not-found']);
  });

  it('a newer retour replaces an older one, and an older one opened afterwards changes nothing', async () => {
    await reviewed('Premier retour.');
    const older = await exportFeedback(trainer, profile.id, MIREILLE, new Date(2026, 10, 29, 9));
    await review([{ kind: 'annotation', turn: 0, comment: 'Et l’accueil, parfait.', at: 1_764_600_002_000 }]);
    const newer = await exportFeedback(trainer, profile.id, MIREILLE, new Date(2026, 10, 30, 9));

    expect(await applyFeedback(junior, await readFeedback(junior, profile.id, older.text))).toEqual({ applied: 1 });
    expect(await applyFeedback(junior, await readFeedback(junior, profile.id, newer.text))).toEqual({ applied: 1 });
    expect((await feedbackFor(junior, attempt.id))?.annotations.map((a) => a.text)).toEqual(['Premier retour.', 'Et l’accueil, parfait.']);
    expect(await applyFeedback(junior, await readFeedback(junior, profile.id, older.text))).toEqual({ applied: 0 });
    expect((await feedbackFor(junior, attempt.id))?.sentAt).toBe(new Date(2026, 10, 30, 9).getTime());
  });

  it('a retour changed by hand with its checksum kept is refused as tampered', async () => {
    await reviewed();
    const { text } = await exportFeedback(trainer, profile.id, MIREILLE, SENT);
    const report = await readFeedback(
      junior,
      profile.id,
      edited<Feedback>(text, (f) => {
        f.attempts[0]!.card.percent = 100;
        f.attempts[0]!.card.earned += 1;
      }),
    );
    expect(codes(report)).toEqual(['checksum-mismatch']);
    await expect(applyFeedback(junior, report)).rejects.toMatchObject({ code: 'feedback-not-valid' });
    expect(await junior.feedback.count()).toBe(0);
  });

  it('schema errors and decisions on unknown criteria are located at their path', async () => {
    await reviewed();
    const { text } = await exportFeedback(trainer, profile.id, MIREILLE, SENT);
    const report = await readFeedback(
      junior,
      profile.id,
      await resealed<Feedback>(text, (f) => {
        (f.attempts[0]!.decisions[0]!.after as { status: string }).status = 'excellent';
        delete (f.attempts[0]!.annotations[0] as { by?: string }).by;
      }),
    );
    const byPath = Object.fromEntries(report.problems.map((p) => [p.at.path, p]));
    expect(byPath['attempts[0].decisions[0].after.status']).toMatchObject({ code: 'invalid-value', at: { attempt: 1, field: 'status' }, params: { allowed: 'met, missed, pending' } });
    expect(byPath['attempts[0].annotations[0].by']).toMatchObject({ code: 'missing-field', at: { attempt: 1, field: 'by' } });
    expect(report.problems.every((p) => (FEEDBACK_PROBLEM_CODES as readonly string[]).includes(p.code))).toBe(true);

    const unknown = await readFeedback(junior, profile.id, await resealed<Feedback>(text, (f) => void (f.attempts[0]!.decisions[0]!.criterionId = 'inconnu')));
    expect(unknown.problems).toEqual([{ code: 'unknown-criterion', at: { attempt: 1, field: 'criterionId', path: 'attempts[0].decisions[0].criterionId' }, params: { id: 'inconnu' } }]);
  });

  it('a file that is not a retour, or of a newer version, is refused before anything else is read', async () => {
    expect(codes(await readFeedback(junior, profile.id, JSON.stringify({ format: 'palier-bundle', bundleVersion: 1 })))).toEqual(['wrong-format']);
    expect(codes(await readFeedback(junior, profile.id, JSON.stringify({ format: 'palier-retour', version: 2 })))).toEqual(['unsupported-version']);
    expect(await readFeedback(junior, profile.id, '{ "format": "palier-retour", }')).toMatchObject({ ok: false, problems: [{ code: 'not-json', at: { line: 1 } }] });
  });
});
