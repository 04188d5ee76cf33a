import { beforeAll, describe, expect, it } from 'vitest';
import { computeDashboards, revueDashboards } from '../../../src/app/revue/dashboards.ts';
import { decodeDigest, digestColumns, DIGEST_FORMAT, LEVEL, readDigests, scenarioIds, SESSION_CHECK, verifyDigests } from '../../../src/app/revue/digest.ts';
import { decide, DEFAULT_GATE_SETTINGS, refreshRecords } from '../../../src/app/revue/review.ts';
import { scenarioMetas } from '../../../src/app/revue/replay.ts';
import { catalogue, competencies } from '../../../src/app/scenarios.ts';
import type { PalierDatabase } from '../../../src/db/db.ts';
import { DAY, playedReview, seedReviews, T0, testDb, TRAINER, variant } from '../../helpers/revue.ts';

const LEA = { id: 'p-lea', name: 'Léa Martin' };

// The session's check at once, not seconds after the read.
beforeAll(() => Object.assign(SESSION_CHECK, { delayMs: 0, pauseMs: 0 }));
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
    const digests = await readDigests(db);
    expect(digests.flatMap((d) => d.id).sort()).toEqual(['c1', 'k1', 'l1', 'l2', 'l3']);
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

describe('the digest’s columns', () => {
  /** Two versions of the water-damage scenario (the second renames « ton »), an unfinished attempt, an override and a decision. */
  async function versions(): Promise<PalierDatabase> {
    const db = testDb();
    const renamed = variant('degat-des-eaux-nuit', (yaml) => yaml.replace(/^version: (\d+)/m, (_, v: string) => `version: ${Number(v) + 1}`).replace('Ton posé et phrases simples', 'Ton posé, phrases courtes'));
    await seedReviews(db, [
      playedReview({ id: 'l1', junior: LEA, path: 'poor', startedAt: T0 }),
      playedReview({ id: 'l2', junior: LEA, scenario: renamed, path: 'average', startedAt: T0 + 60_000 }),
      playedReview({ id: 'k1', junior: KARIM, path: 'senior', startedAt: T0 + 120_000, proposals: { ton: 'senior' } }),
      playedReview({ id: 'k2', junior: KARIM, path: ['se-presenter'], startedAt: T0 + 180_000 }),
    ]);
    await refreshRecords(db);
    await decide(db, 'k1', 'ton', { levelId: 'correct' }, 'Correct, sans plus.', TRAINER);
    await decide(db, 'l1', 'reference', { status: 'met' }, 'Référence donnée, à l’écoute.', TRAINER);
    return db;
  }

  it('keep each version’s texts once, one level a criterion, and give back what they were made from', async () => {
    const db = await versions();
    const rows = await db.reviews.where('scenarioId').equals('degat-des-eaux-nuit').toArray();
    const events = await db.reviewEvents.toArray();
    const stored = await db.reviewDigests.get('degat-des-eaux-nuit');
    expect(stored?.count).toBe(4);
    expect(stored?.json.startsWith(`{"format":${DIGEST_FORMAT},`)).toBe(true);
    // The criteria's texts once per version (two here), not once per attempt.
    expect(stored?.json.split('Ton posé et phrases simples').length).toBe(2);
    expect(stored?.json.split('Ton posé, phrases courtes').length).toBe(2);
    const decoded = decodeDigest('degat-des-eaux-nuit', stored!.json);
    expect(decoded).toEqual(digestColumns('degat-des-eaux-nuit', rows, events));
    // The attempts the dashboards count first, in row order; the unfinished one after them.
    expect(rows.find((r) => r.id === 'k2')?.attempt.status).not.toBe('finished');
    expect(decoded?.attempts).toBe(3);
    expect(decoded?.id).toEqual([...rows.filter((r) => r.id !== 'k2').map((r) => r.id), 'k2']);
    // What the inbox lists of every row.
    expect(decoded?.id.map((id, i) => [decoded.juniors[decoded.junior[i]!]?.name, decoded.startedAt[i], decoded.percent[i], decoded.pending[i], decoded.status[i], decoded.mode[i], decoded.voice[i]])).toEqual(
      decoded?.id.map((id) => {
        const r = rows.find((x) => x.id === id)!;
        return [r.junior.name, r.startedAt, r.record?.percent, r.pending, r.status[0], r.attempt.mode[0], (r.attempt.voice ?? 'scripted')[0]];
      }),
    );
    expect(decoded?.shapes.map((x) => x.labels.find((l) => l.startsWith('Ton')))).toEqual(['Ton posé et phrases simples', 'Ton posé, phrases courtes']);
    // Levels and points as the score of record has them, overrides included.
    for (const [a, id] of (decoded?.id.slice(0, decoded.attempts) ?? []).entries()) {
      const card = rows.find((r) => r.id === id)!.record!;
      const start = decoded!.offset[a]!;
      expect(card.criteria.map((c, k) => [decoded!.level[start + k], decoded!.points[start + k]])).toEqual(
        card.criteria.map((c) => [c.status === 'overridden' ? (c.points > 0 ? LEVEL.met : LEVEL.missed) : LEVEL[c.status], c.points]),
      );
    }
    expect(rows.find((r) => r.id === 'l1')?.record?.criteria.find((c) => c.id === 'reference')?.status).toBe('overridden');
    // The (AI, trainer) pair of the decision in force.
    const k1 = decoded!.id.indexOf('k1');
    expect([decoded!.pairs[0], ...decoded!.pairs.slice(1).map((w) => decoded!.words[w!])]).toEqual([k1, 'ton', 'senior', 'correct']);
  });

  it('give the dashboards the rows give, with a scenario’s texts from its newest version', async () => {
    const db = await versions();
    const d = await revueDashboards(db, { now: T0 + DAY });
    expect(d).toEqual(await fromRows(db, T0 + DAY));
    expect(d.scenarios[0]?.criteria.find((c) => c.id === 'ton')?.label).toBe('Ton posé, phrases courtes');
    expect(d.agreement.map((a) => [a.criterionId, a.label, a.n])).toEqual([['ton', 'Ton posé, phrases courtes', 1]]);
  });

  it('of an older format are made again from the rows, then stored in this one', async () => {
    const db = await cohort();
    const expected = await fromRows(db, T0 + DAY);
    // Format 1: one object per attempt and per criterion.
    await db.reviewDigests.bulkPut((await db.reviewDigests.toArray()).map((d) => ({ ...d, json: JSON.stringify({ reviews: [], events: [] }) })));
    expect(await revueDashboards(db, { now: T0 + DAY, check: 'session' })).toEqual(expected);
    await expect.poll(async () => (await db.reviewDigests.toArray()).every((d) => d.json.startsWith(`{"format":${DIGEST_FORMAT},`))).toBe(true);
    expect(await revueDashboards(db, { now: T0 + DAY, check: 'session' })).toEqual(expected);
  });
});

describe('checking the digests once per session', () => {
  it('trusts the stored digests in the read, then counts the rows and rewrites a stale one', async () => {
    const db = await cohort();
    const before = await fromRows(db, T0 + DAY);
    // An attempt written without the review's functions (no digest rewritten).
    await db.reviews.add(playedReview({ id: 'l3', junior: LEA, path: 'senior', startedAt: T0 + 240_000 }));
    // The first read of the session shows the digests as stored…
    expect(await revueDashboards(db, { now: T0 + DAY, check: 'session' })).toEqual(before);
    // …and the check after it rewrites the stale one, which the next read (a live query) shows.
    await expect.poll(async () => (await db.reviewDigests.get('degat-des-eaux-nuit'))?.count).toBe(4);
    const after = await revueDashboards(db, { now: T0 + DAY, check: 'session' });
    expect(after).toEqual(await fromRows(db, T0 + DAY));
    expect(after.juniors.find((j) => j.id === LEA.id)?.attempts).toBe(3);
  });

  it('counts in the read when no digest exists at all', async () => {
    const db = await cohort();
    await db.reviewDigests.clear();
    expect(await revueDashboards(db, { now: T0 + DAY, check: 'session' })).toEqual(await fromRows(db, T0 + DAY));
    await expect.poll(() => db.reviewDigests.count()).toBe(2);
  });

  it('verifyDigests rewrites the missing and the stale, and nothing else', async () => {
    const db = await cohort();
    expect(await verifyDigests(db)).toEqual([]);
    await db.reviews.add(playedReview({ id: 'l3', junior: LEA, path: 'senior', startedAt: T0 + 240_000 }));
    await db.reviews.add(playedReview({ id: 'g1', junior: LEA, scenario: 'odeur-de-gaz-telephone', path: 'senior', startedAt: T0 + 300_000 }));
    expect(await verifyDigests(db)).toEqual(['degat-des-eaux-nuit', 'odeur-de-gaz-telephone']);
    expect(await verifyDigests(db)).toEqual([]);
    expect(await revueDashboards(db, { now: T0 + DAY, check: 'session' })).toEqual(await fromRows(db, T0 + DAY));
  });

  it('finds the scenarios of the imported attempts one cursor step each', async () => {
    const db = await cohort();
    expect(await scenarioIds(db)).toEqual(['degat-des-eaux-nuit', 'impayes-accueil']);
    expect(await scenarioIds(testDb())).toEqual([]);
  });
});

describe('the dashboards between two reads', () => {
  it('are the same object while nothing they depend on changed', async () => {
    const db = await cohort();
    const first = await revueDashboards(db, { now: T0 + DAY });
    expect(await revueDashboards(db, { now: T0 + 2 * DAY })).toBe(first);
    // Before the last attempt started: other figures.
    const earlier = await revueDashboards(db, { now: T0 + 60_000 });
    expect(earlier).not.toBe(first);
    expect(earlier.juniors.map((j) => j.attempts)).toEqual([2]);
    await decide(db, 'l1', 'ton', { levelId: 'senior' }, 'Très posée.', TRAINER);
    const decided = await revueDashboards(db, { now: T0 + DAY });
    expect(decided).not.toBe(first);
    expect(decided).toEqual(await fromRows(db, T0 + DAY));
  });
});
