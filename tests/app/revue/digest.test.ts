import { describe, expect, it } from 'vitest';
import { computeDashboards, revueDashboards } from '../../../src/app/revue/dashboards.ts';
import { readDigests } from '../../../src/app/revue/digest.ts';
import { decide, DEFAULT_GATE_SETTINGS, refreshRecords } from '../../../src/app/revue/review.ts';
import { scenarioMetas } from '../../../src/app/revue/replay.ts';
import { catalogue, competencies } from '../../../src/app/scenarios.ts';
import type { PalierDatabase } from '../../../src/db/db.ts';
import { DAY, playedReview, seedReviews, T0, testDb, TRAINER } from '../../helpers/revue.ts';

const LEA = { id: 'p-lea', name: 'Léa Martin' };
const KARIM = { id: 'p-karim', name: 'Karim Benali' };

/** The dashboards computed from the full rows and the whole trail, as the digest must reproduce. */
async function fromRows(db: PalierDatabase, now: number) {
  const reviews = await db.reviews.toArray();
  return computeDashboards({
    reviews,
    events: await db.reviewEvents.toArray(),
    scenarios: await scenarioMetas(db, [...catalogue.map((e) => e.id), ...reviews.map((r) => r.scenarioId)]),
    competencies,
    gate: DEFAULT_GATE_SETTINGS,
    now,
  });
}

async function cohort(): Promise<PalierDatabase> {
  const db = testDb();
  await seedReviews(db, [
    playedReview({ id: 'l1', junior: LEA, path: 'poor', startedAt: T0 }),
    playedReview({ id: 'l2', junior: LEA, path: 'average', startedAt: T0 + 60_000 }),
    playedReview({ id: 'k1', junior: KARIM, path: 'senior', startedAt: T0 + 120_000, proposals: { ton: 'senior' } }),
    playedReview({ id: 'c1', junior: KARIM, scenario: 'impayes-accueil', path: 'average', startedAt: T0 + 180_000 }),
  ]);
  await refreshRecords(db);
  return db;
}

describe('the dashboards digest', () => {
  it('is written with the scores of record, one per scenario, and gives the dashboards the rows would give', async () => {
    const db = await cohort();
    await decide(db, 'k1', 'ton', { levelId: 'correct' }, 'Correct, sans plus.', TRAINER);
    const digests = await db.reviewDigests.toArray();
    expect(digests.map((d) => [d.scenarioId, d.count]).sort()).toEqual([
      ['degat-des-eaux-nuit', 3],
      ['impayes-accueil', 1],
    ]);
    // What only the debrief needs stays out of it: no transcript, no senior notes, no comments.
    const text = digests.map((d) => d.json).join('');
    expect(text).not.toContain('Correct, sans plus.');
    expect(text).not.toContain('"entries"');
    expect(await revueDashboards(db, { now: T0 + DAY })).toEqual(await fromRows(db, T0 + DAY));
  });

  it('follows a decision: the dashboards read the new score of record', async () => {
    const db = await cohort();
    const before = await revueDashboards(db, { now: T0 + DAY });
    await decide(db, 'l1', 'ton', { levelId: 'senior' }, 'Très posée.', TRAINER);
    const after = await revueDashboards(db, { now: T0 + DAY });
    expect(after).not.toEqual(before);
    expect(after).toEqual(await fromRows(db, T0 + DAY));
  });

  it('a digest made from another number of attempts is not trusted: the rows are read instead', async () => {
    const db = await cohort();
    // An attempt written without the review's functions (no digest rewritten).
    await db.reviews.add(playedReview({ id: 'l3', junior: LEA, path: 'senior', startedAt: T0 + 240_000 }));
    const { reviews } = await readDigests(db);
    expect(reviews.map((r) => r.id).sort()).toEqual(['c1', 'k1', 'l1', 'l2', 'l3']);
    expect(await revueDashboards(db, { now: T0 + DAY })).toEqual(await fromRows(db, T0 + DAY));
  });

  it('a missing digest is made from the rows for that read, then stored for the next', async () => {
    const db = await cohort();
    await db.reviewDigests.clear();
    expect(await revueDashboards(db, { now: T0 + DAY })).toEqual(await fromRows(db, T0 + DAY));
    await expect.poll(() => db.reviewDigests.count()).toBe(2);
    expect(await revueDashboards(db, { now: T0 + DAY })).toEqual(await fromRows(db, T0 + DAY));
  });
});
