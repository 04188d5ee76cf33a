import { describe, expect, it } from 'vitest';
import {
  annotate,
  decide,
  DEFAULT_GATE_SETTINGS,
  gateSettings,
  proposalVerdict,
  refreshRecords,
  reviewView,
  saveGateSettings,
} from '../../../src/app/revue/review.ts';
import { inbox, inboxFacets } from '../../../src/app/revue/inbox.ts';
import { DAY, OTHER_TRAINER, playedReview, scenario, seedReviews, T0, testDb, TRAINER, variant } from '../../helpers/revue.ts';

const LEA = { id: 'p-lea', name: 'Léa Martin' };
const KARIM = { id: 'p-karim', name: 'Karim Benali' };
const LEVELS = ['insuffisant', 'correct', 'senior'] as const;

describe('a trainer decision', () => {
  it('sets a judged level with its comment, stores the score of record and appends the event', async () => {
    const db = testDb();
    await seedReviews(db, [playedReview({ id: 'a1', junior: LEA, path: 'senior' })]);
    const now = T0 + 3 * DAY;
    const result = await decide(db, 'a1', 'ton', { levelId: 'correct' }, '  Poli, mais peu de phrases qui rassurent.  ', TRAINER, now);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.record).toMatchObject({ percent: 97.5, pendingWeight: 0 });

    const stored = await db.reviews.get('a1');
    expect(stored).toMatchObject({ pending: 0, status: 'reviewed', reviewedAt: now });
    expect(stored?.record).toEqual(result.record);

    const events = await db.reviewEvents.where('attemptId').equals('a1').toArray();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'decision',
      criterionId: 'ton',
      by: TRAINER,
      at: now,
      before: { status: 'pending', points: 0 },
      after: { status: 'met', points: 2, levelId: 'correct' },
      comment: 'Poli, mais peu de phrases qui rassurent.',
    });
  });

  it('refuses a decision without a comment, and writes nothing', async () => {
    const db = testDb();
    await seedReviews(db, [playedReview({ id: 'a1', junior: LEA })]);
    expect(await decide(db, 'a1', 'ton', { levelId: 'senior' }, '', TRAINER)).toEqual({ ok: false, error: 'comment-required' });
    expect(await decide(db, 'a1', 'reference', { status: 'missed' }, ' \n\t ', TRAINER)).toEqual({ ok: false, error: 'comment-required' });
    expect(await db.reviewEvents.count()).toBe(0);
    expect((await db.reviews.get('a1'))?.status).toBe('pending');
  });

  it('names what is unknown: the attempt, the criterion, or a level that does not fit the criterion', async () => {
    const db = testDb();
    await seedReviews(db, [playedReview({ id: 'a1', junior: LEA })]);
    expect(await decide(db, 'nope', 'ton', { levelId: 'senior' }, 'x', TRAINER)).toEqual({ ok: false, error: 'unknown-attempt' });
    expect(await decide(db, 'a1', 'nope', { levelId: 'senior' }, 'x', TRAINER)).toEqual({ ok: false, error: 'unknown-criterion' });
    expect(await decide(db, 'a1', 'ton', { levelId: 'parfait' }, 'x', TRAINER)).toEqual({ ok: false, error: 'unknown-level' });
    expect(await decide(db, 'a1', 'ton', { status: 'met' }, 'x', TRAINER)).toEqual({ ok: false, error: 'unknown-level' });
    expect(await decide(db, 'a1', 'reference', { levelId: 'senior' }, 'x', TRAINER)).toEqual({ ok: false, error: 'unknown-level' });
  });

  it('overrides a rule criterion: missed instead of met, with the trainer as source', async () => {
    const db = testDb();
    await seedReviews(db, [playedReview({ id: 'a1', junior: LEA, path: 'senior' })]);
    const result = await decide(db, 'a1', 'reference', { status: 'missed' }, 'La référence est donnée trop vite, sans vérifier qu’elle la note.', TRAINER);
    expect(result.ok && result.record.criteria.find((c) => c.id === 'reference')).toMatchObject({ status: 'overridden', points: 0, source: 'trainer' });
    expect(result.ok && result.record.percent).toBe(96.1);
    // The judged criterion still waits.
    expect((await db.reviews.get('a1'))?.pending).toBe(1);
  });

  it('keeps every decision in the audit trail; the latest one counts', async () => {
    const db = testDb();
    await seedReviews(db, [playedReview({ id: 'a1', junior: LEA, path: 'senior' })]);
    await decide(db, 'a1', 'ton', { levelId: 'insuffisant' }, 'Trop sec au début.', TRAINER, T0 + DAY);
    const second = await decide(db, 'a1', 'ton', { levelId: 'senior' }, 'En réécoutant : une consigne à la fois, c’est juste.', OTHER_TRAINER, T0 + 2 * DAY);
    expect(second.ok && second.record.percent).toBe(100);

    const view = await reviewView(db, 'a1');
    const decisions = view?.events.filter((e) => e.kind === 'decision') ?? [];
    expect(decisions.map((e) => [e.by.name, e.before?.levelId, e.after?.levelId])).toEqual([
      [TRAINER.name, undefined, 'insuffisant'],
      [OTHER_TRAINER.name, 'insuffisant', 'senior'],
    ]);
    expect(view?.criteria.find((c) => c.played.id === 'ton')).toMatchObject({ counted: 'trainer', levelId: 'senior', result: { status: 'met', points: 4 } });

    // The trail cannot be rewritten.
    const first = decisions[0]!;
    await expect(db.reviewEvents.update(first.seq!, { comment: 'effacé' })).rejects.toThrow();
    await expect(db.reviewEvents.delete(first.seq!)).rejects.toThrow();
    expect(await db.reviewEvents.count()).toBe(2);
  });

  it('accepts confirming the level already in force (a confirmation is a decision too)', async () => {
    const db = testDb();
    await seedReviews(db, [playedReview({ id: 'a1', junior: LEA, path: 'senior' })]);
    const result = await decide(db, 'a1', 'reference', { status: 'met' }, 'Vérifié sur la transcription : référence donnée.', TRAINER);
    expect(result.ok).toBe(true);
    const [event] = await db.reviewEvents.toArray();
    expect(event?.before).toEqual({ status: 'met', points: 3 });
    expect(event?.after).toEqual({ status: 'met', points: 3 });
  });
});

describe('annotations and verdicts on the AI proposal', () => {
  it('annotates an existing turn or the opening, with text, and counts it in the inbox', async () => {
    const db = testDb();
    const review = playedReview({ id: 'a1', junior: LEA, path: 'average' });
    await seedReviews(db, [review]);
    const lastTurn = Math.max(...review.entries.map((e) => (e.entry.kind === 'turn' ? e.entry.turn : 0)));
    expect(await annotate(db, 'a1', 1, '   ', TRAINER)).toEqual({ ok: false, error: 'text-required' });
    expect(await annotate(db, 'a1', lastTurn + 5, 'Trop loin.', TRAINER)).toEqual({ ok: false, error: 'unknown-turn' });
    expect(await annotate(db, 'a1', 1.5, 'Demi-tour.', TRAINER)).toEqual({ ok: false, error: 'unknown-turn' });
    expect(await annotate(db, 'nope', 1, 'x', TRAINER)).toEqual({ ok: false, error: 'unknown-attempt' });

    const opening = await annotate(db, 'a1', 0, 'Elle est affolée dès la première phrase.', TRAINER, T0 + DAY);
    const turn = await annotate(db, 'a1', lastTurn, 'Ici, une fausse promesse.', TRAINER, T0 + DAY + 1);
    expect(opening.ok && turn.ok).toBe(true);
    expect((await db.reviews.get('a1'))?.reviewedAt).toBe(T0 + DAY + 1);

    const view = await reviewView(db, 'a1');
    expect(view?.annotations.map((a) => [a.turn, a.comment])).toEqual([
      [0, 'Elle est affolée dès la première phrase.'],
      [lastTurn, 'Ici, une fausse promesse.'],
    ]);
    expect((await inbox(db))[0]?.annotations).toBe(2);
  });

  it('records agreement with a proposal only where one exists, and shows the latest verdict', async () => {
    const db = testDb();
    await seedReviews(db, [playedReview({ id: 'a1', junior: LEA, proposals: { ton: 'senior' } }), playedReview({ id: 'a2', junior: LEA })]);
    expect(await proposalVerdict(db, 'a2', 'ton', true, TRAINER)).toEqual({ ok: false, error: 'no-proposal' });
    expect(await proposalVerdict(db, 'a1', 'nope', true, TRAINER)).toEqual({ ok: false, error: 'unknown-criterion' });
    expect(await proposalVerdict(db, 'zz', 'ton', true, TRAINER)).toEqual({ ok: false, error: 'unknown-attempt' });
    expect((await proposalVerdict(db, 'a1', 'ton', false, TRAINER, T0)).ok).toBe(true);
    expect((await proposalVerdict(db, 'a1', 'ton', true, TRAINER, T0 + 1)).ok).toBe(true);

    const view = await reviewView(db, 'a1');
    const ton = view?.criteria.find((c) => c.played.id === 'ton');
    expect(ton).toMatchObject({ verdict: true, proposal: { levelId: 'senior' }, counted: 'pending' });
    // A verdict is feedback on the AI: it sets no level.
    expect(view?.record.pendingWeight).toBe(4);
    expect(view?.events.map((e) => e.kind)).toEqual(['proposal-verdict', 'proposal-verdict']);
  });
});

describe('the review of one attempt', () => {
  it('rebuilds the trace, the transcript, both cards and the judged levels from a bundled scenario', async () => {
    const db = testDb();
    const review = playedReview({ id: 'a1', junior: LEA, path: 'senior' });
    await seedReviews(db, [review], { sources: false });
    const view = await reviewView(db, 'a1');
    expect(view?.compiled?.hash).toBe(review.scenarioHash);
    expect(view?.trace.entries).toHaveLength(review.entries.length);
    expect(view?.trace.outcome).toBe('success');
    expect(view?.transcript[0]).toMatchObject({ speaker: 'tenant', turn: 0 });
    expect(view?.transcript.filter((l) => l.speaker === 'junior')).toHaveLength(9);
    expect(view?.played).toEqual(review.attempt.card);
    expect(view?.record).toEqual(review.attempt.card);
    const ton = view?.criteria.find((c) => c.played.id === 'ton');
    expect(ton?.levels?.map((l) => [l.id, l.fraction])).toEqual([['insuffisant', 0], ['correct', 0.5], ['senior', 1]]);
    expect(ton).toMatchObject({ counted: 'pending', gate: { automatic: false, reason: 'too-few', n: 0 } });
    expect(view?.criteria.find((c) => c.played.id === 'reference')).toMatchObject({ counted: 'rule' });
    expect(view?.criteria.find((c) => c.played.id === 'reference')?.gate).toBeUndefined();
    expect(await reviewView(db, 'nope')).toBeUndefined();
  });

  it('compiles a version this app does not ship from the source the bundle carried', async () => {
    const db = testDb();
    const edited = variant('degat-des-eaux-nuit', (s) => s.replace(/^version: 1$/m, 'version: 2').replace('Fuite au plafond, un soir', 'Fuite au plafond, un soir (v2)'));
    await seedReviews(db, [playedReview({ id: 'a1', junior: LEA, scenario: edited })]);
    const view = await reviewView(db, 'a1');
    expect(view?.compiled?.hash).toBe(edited.hash);
    expect(view?.compiled?.version).toBe(2);
    expect((await decide(db, 'a1', 'ton', { levelId: 'senior' }, 'Très bien.', TRAINER)).ok).toBe(true);
    expect((await inbox(db))[0]?.scenarioTitle).toBe('Fuite au plafond, un soir (v2)');
  });

  it('keeps the transcript readable without the scenario, and refuses decisions it cannot score', async () => {
    const db = testDb();
    const edited = variant('degat-des-eaux-nuit', (s) => s.replace(/^version: 1$/m, 'version: 3'));
    await seedReviews(db, [playedReview({ id: 'a1', junior: LEA, scenario: edited })], { sources: false });
    const view = await reviewView(db, 'a1');
    expect(view?.compiled).toBeUndefined();
    expect(view?.transcript.length).toBeGreaterThan(10);
    expect(view?.criteria.find((c) => c.played.id === 'ton')?.levels).toBeUndefined();
    expect(await decide(db, 'a1', 'ton', { levelId: 'senior' }, 'Très bien.', TRAINER)).toEqual({ ok: false, error: 'scenario-missing' });
    expect((await annotate(db, 'a1', 1, 'On peut quand même annoter.', TRAINER)).ok).toBe(true);
  });
});

describe('the inbox', () => {
  async function seeded() {
    const db = testDb();
    await seedReviews(db, [
      playedReview({ id: 'old-pending', junior: LEA, startedAt: T0 }),
      playedReview({ id: 'new-pending', junior: KARIM, startedAt: T0 + 2 * DAY, mode: 'free', voice: 'ai' }),
      playedReview({ id: 'newest-done', junior: LEA, startedAt: T0 + 3 * DAY }),
      playedReview({ id: 'gas', junior: KARIM, scenario: 'odeur-de-gaz-telephone', startedAt: T0 + DAY }),
    ]);
    await decide(db, 'newest-done', 'ton', { levelId: 'senior' }, 'Parfait.', TRAINER);
    return db;
  }

  it('lists attempts waiting for a trainer first, then the newest first', async () => {
    const db = await seeded();
    const rows = await inbox(db);
    expect(rows.map((r) => r.id)).toEqual(['new-pending', 'gas', 'old-pending', 'newest-done']);
    expect(rows[0]).toMatchObject({
      junior: KARIM,
      scenarioId: 'degat-des-eaux-nuit',
      scenarioTitle: 'Fuite au plafond, un soir',
      percent: 100,
      pending: 1,
      status: 'pending',
      mode: 'free',
      voice: 'ai',
      annotations: 0,
    });
    expect(rows[3]).toMatchObject({ status: 'reviewed', pending: 0, mode: 'guided', voice: 'scripted', decisions: 1 });
    expect(rows[1]?.scenarioTitle).toBe(scenario('odeur-de-gaz-telephone').meta.title);
  });

  it('filters by junior, scenario, status and start dates (inclusive)', async () => {
    const db = await seeded();
    const ids = async (f: Parameters<typeof inbox>[1]) => (await inbox(db, f)).map((r) => r.id);
    expect(await ids({ juniorId: LEA.id })).toEqual(['old-pending', 'newest-done']);
    expect(await ids({ scenarioId: 'odeur-de-gaz-telephone' })).toEqual(['gas']);
    expect(await ids({ status: 'reviewed' })).toEqual(['newest-done']);
    expect(await ids({ status: 'pending', juniorId: KARIM.id })).toEqual(['new-pending', 'gas']);
    expect(await ids({ from: T0 + DAY, to: T0 + 2 * DAY })).toEqual(['new-pending', 'gas']);
    expect(await ids({ from: T0 + 2 * DAY + 1 })).toEqual(['newest-done']);
    expect(await ids({ juniorId: LEA.id, to: T0 })).toEqual(['old-pending']);
    expect(await ids({ juniorId: 'personne' })).toEqual([]);
  });

  it('offers the juniors and scenarios present as filter choices, in alphabetical order', async () => {
    const db = await seeded();
    expect(await inboxFacets(db)).toEqual({
      juniors: [KARIM, LEA],
      scenarios: [
        { id: 'degat-des-eaux-nuit', title: 'Fuite au plafond, un soir' },
        { id: 'odeur-de-gaz-telephone', title: scenario('odeur-de-gaz-telephone').meta.title },
      ].sort((a, b) => a.title.localeCompare(b.title, 'fr')),
    });
  });
});

describe('the agreement gate', () => {
  /** n attempts whose AI proposals for « ton » cycle through the three levels. */
  function proposed(n: number, prefix = 'r') {
    return Array.from({ length: n }, (_, i) => playedReview({ id: `${prefix}${String(i).padStart(2, '0')}`, junior: i % 2 ? LEA : KARIM, startedAt: T0 + i * 60_000, proposals: { ton: LEVELS[i % 3]! } }));
  }

  it('keeps thresholds valid, with defaults κ 0.6 and 20 pairs', async () => {
    const db = testDb();
    expect(await gateSettings(db)).toEqual(DEFAULT_GATE_SETTINGS);
    expect(await saveGateSettings(db, { threshold: 1.2, minN: 20 })).toEqual({ ok: false, error: 'invalid-threshold' });
    expect(await saveGateSettings(db, { threshold: -0.1, minN: 20 })).toEqual({ ok: false, error: 'invalid-threshold' });
    expect(await saveGateSettings(db, { threshold: 0.7, minN: 0 })).toEqual({ ok: false, error: 'invalid-min-n' });
    expect(await saveGateSettings(db, { threshold: 0.7, minN: 2.5 })).toEqual({ ok: false, error: 'invalid-min-n' });
    expect(await saveGateSettings(db, { threshold: 0.7, minN: 30 })).toEqual({ ok: true });
    expect(await gateSettings(db)).toEqual({ threshold: 0.7, minN: 30 });
    // A stored value this version cannot use reads as its default.
    await db.settings.put({ key: 'revue:gate', value: { threshold: 'haut', minN: 30 } });
    expect(await gateSettings(db)).toEqual({ threshold: 0.6, minN: 30 });
    await db.settings.put({ key: 'revue:gate', value: { threshold: 0.8, minN: -3 } });
    expect(await gateSettings(db)).toEqual({ threshold: 0.8, minN: 20 });
  });

  it('lets a pending proposal count once 20 trainer decisions agree with the AI, and closes again with stricter thresholds', async () => {
    const db = testDb();
    const decided = proposed(20);
    const waiting = playedReview({ id: 'waiting', junior: LEA, startedAt: T0 + DAY, proposals: { ton: 'correct' } });
    await seedReviews(db, [...decided, waiting]);

    // 19 pairs: too few, the proposal waits for a trainer.
    for (const r of decided.slice(0, 19)) {
      const level = r.attempt.proposals![0]!.levelId;
      expect((await decide(db, r.id, 'ton', { levelId: level }, 'D’accord avec la proposition.', TRAINER)).ok).toBe(true);
    }
    let view = await reviewView(db, 'waiting');
    expect(view?.criteria.find((c) => c.played.id === 'ton')).toMatchObject({ counted: 'pending', gate: { automatic: false, reason: 'too-few', n: 19 } });
    expect((await db.reviews.get('waiting'))?.status).toBe('pending');

    // The 20th pair (a disagreement) still leaves κ above 0.6: the gate opens.
    const last = decided[19]!;
    expect(last.attempt.proposals![0]!.levelId).toBe('correct');
    await decide(db, last.id, 'ton', { levelId: 'senior' }, 'Mieux que proposé.', TRAINER);
    view = await reviewView(db, 'waiting');
    const ton = view?.criteria.find((c) => c.played.id === 'ton');
    expect(ton).toMatchObject({ counted: 'llm', levelId: 'correct', result: { status: 'met', points: 2, source: 'llm' }, gate: { automatic: true, reason: 'ok', n: 20 } });
    expect(ton?.gate?.kappa).toBeGreaterThan(0.85);
    // The stored score of record is the one the screen shows.
    const stored = await db.reviews.get('waiting');
    expect(stored).toMatchObject({ pending: 0, status: 'reviewed', record: { percent: 97.5, pendingWeight: 0 } });
    expect(view?.record).toEqual(stored?.record);
    expect((await inbox(db, { status: 'pending' })).map((r) => r.id)).toEqual([]);

    // Stricter thresholds close the gate again: the proposal waits.
    await saveGateSettings(db, { threshold: 0.6, minN: 25 });
    expect(await db.reviews.get('waiting')).toMatchObject({ pending: 1, status: 'pending', record: { percent: 100, pendingWeight: 4 } });
    await saveGateSettings(db, DEFAULT_GATE_SETTINGS);
    expect((await db.reviews.get('waiting'))?.status).toBe('reviewed');

    // A trainer decision wins over a counted proposal.
    await decide(db, 'waiting', 'ton', { levelId: 'insuffisant' }, 'Ton sec, je ne suis pas d’accord.', TRAINER);
    view = await reviewView(db, 'waiting');
    expect(view?.criteria.find((c) => c.played.id === 'ton')).toMatchObject({ counted: 'trainer', result: { status: 'missed', points: 0, source: 'trainer' } });
    expect(view?.events.find((e) => e.kind === 'decision')?.before).toEqual({ status: 'met', points: 2, levelId: 'correct' });
  });

  it('keeps the gate closed when trainers disagree with the AI, however many pairs', async () => {
    const db = testDb();
    const decided = proposed(21);
    await seedReviews(db, [...decided, playedReview({ id: 'waiting', junior: LEA, proposals: { ton: 'senior' } })]);
    // Trainers always pick the level after the proposed one: κ is negative.
    for (const r of decided) {
      const i = LEVELS.indexOf(r.attempt.proposals![0]!.levelId as (typeof LEVELS)[number]);
      await decide(db, r.id, 'ton', { levelId: LEVELS[(i + 1) % 3]! }, 'Pas d’accord.', TRAINER);
    }
    const ton = (await reviewView(db, 'waiting'))?.criteria.find((c) => c.played.id === 'ton');
    expect(ton).toMatchObject({ counted: 'pending', gate: { automatic: false, reason: 'below-threshold', n: 21 } });
    expect(ton?.gate?.kappa).toBeLessThan(0);
  });

  it('applies an open gate to attempts imported afterwards when the import refreshes the records', async () => {
    const db = testDb();
    const decided = proposed(20);
    await seedReviews(db, decided);
    for (const r of decided) await decide(db, r.id, 'ton', { levelId: r.attempt.proposals![0]!.levelId }, 'D’accord.', TRAINER);
    await seedReviews(db, [playedReview({ id: 'late', junior: KARIM, proposals: { ton: 'senior' } })]);
    expect((await db.reviews.get('late'))?.status).toBe('pending');
    await refreshRecords(db, ['degat-des-eaux-nuit']);
    expect(await db.reviews.get('late')).toMatchObject({ status: 'reviewed', pending: 0, record: { percent: 100, pendingWeight: 0 } });
  });
});
