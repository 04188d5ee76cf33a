import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_CHECK } from '../../../src/app/revue/digest.ts';
import { inbox, inboxFacets } from '../../../src/app/revue/inbox.ts';
import { annotate, decide, refreshRecords } from '../../../src/app/revue/review.ts';
import type { PalierDatabase } from '../../../src/db/db.ts';
import { DAY, playedReview, seedReviews, T0, testDb, TRAINER } from '../../helpers/revue.ts';

const LEA = { id: 'p-lea', name: 'Léa Martin' };

// The session's check at once, not seconds after the read.
beforeAll(() => Object.assign(SESSION_CHECK, { delayMs: 0, pauseMs: 0 }));
const KARIM = { id: 'p-karim', name: 'Karim Benali' };

/** Four attempts on two scenarios, their digests written as the review writes them. */
async function seeded(): Promise<PalierDatabase> {
  const db = testDb();
  await seedReviews(db, [
    playedReview({ id: 'old-pending', junior: LEA, startedAt: T0 }),
    playedReview({ id: 'new-pending', junior: KARIM, startedAt: T0 + 2 * DAY, mode: 'free', voice: 'ai' }),
    playedReview({ id: 'newest-done', junior: LEA, startedAt: T0 + 3 * DAY }),
    playedReview({ id: 'gas', junior: KARIM, scenario: 'odeur-de-gaz-telephone', startedAt: T0 + DAY }),
  ]);
  await refreshRecords(db);
  await decide(db, 'newest-done', 'ton', { levelId: 'senior' }, 'Parfait.', TRAINER);
  return db;
}

/** The inbox as the rows themselves give it: the digests made again from them in the read. */
async function fromRows(db: PalierDatabase, filters: Parameters<typeof inbox>[1] = {}) {
  const copy = testDb();
  await copy.reviews.bulkPut(await db.reviews.toArray());
  await copy.reviewEvents.bulkPut(await db.reviewEvents.toArray());
  return inbox(copy, filters);
}

describe('the inbox over the digests', () => {
  it('lists what the rows say, for every filter, with the notes and decisions of the trail', async () => {
    const db = await seeded();
    await annotate(db, 'gas', 1, 'Ici, reformuler.', TRAINER, T0 + 2 * DAY);
    for (const filters of [{}, { juniorId: LEA.id }, { scenarioId: 'odeur-de-gaz-telephone' }, { status: 'pending' as const }, { from: T0 + DAY, to: T0 + 2 * DAY }]) {
      expect(await inbox(db, filters, { check: 'session' })).toEqual(await fromRows(db, filters));
    }
    const rows = await inbox(db, {}, { check: 'session' });
    expect(rows.map((r) => [r.id, r.annotations, r.decisions])).toEqual([
      ['new-pending', 0, 0],
      ['gas', 1, 0],
      ['old-pending', 0, 0],
      ['newest-done', 0, 1],
    ]);
    expect(rows[0]).toMatchObject({ junior: KARIM, mode: 'free', voice: 'ai', status: 'pending', pending: 1, percent: 100 });
  });

  it('shows a row written elsewhere once the session’s check rewrote its digest, and a decision at once', async () => {
    const db = await seeded();
    // Written without the review's functions: no digest rewritten.
    await db.reviews.add(playedReview({ id: 'elsewhere', junior: LEA, startedAt: T0 + 4 * DAY }));
    // Trusted, the stale digest is shown first; the check after the read rewrites it.
    expect((await inbox(db, {}, { check: 'session' })).map((r) => r.id)).not.toContain('elsewhere');
    await expect.poll(async () => (await inbox(db, {}, { check: 'session' })).map((r) => r.id)).toContain('elsewhere');
    await decide(db, 'old-pending', 'ton', { levelId: 'correct' }, 'Correct.', TRAINER);
    expect((await inbox(db, { status: 'pending' }, { check: 'session' })).map((r) => r.id)).toEqual(['elsewhere', 'new-pending', 'gas']);
    expect(await inbox(db, {}, { check: 'session' })).toEqual(await fromRows(db));
  });

  it('counts the rows in the read by default: a row written elsewhere is there at once', async () => {
    const db = await seeded();
    await db.reviews.add(playedReview({ id: 'elsewhere', junior: LEA, startedAt: T0 + 4 * DAY }));
    expect((await inbox(db)).map((r) => r.id)).toContain('elsewhere');
  });

  it('counts the trail at once when it lists many attempts', async () => {
    const db = testDb();
    const many = Array.from({ length: 210 }, (_, i) => playedReview({ id: `r${String(i).padStart(3, '0')}`, junior: i % 2 ? LEA : KARIM, startedAt: T0 + i * 60_000 }));
    await seedReviews(db, many);
    await refreshRecords(db);
    await annotate(db, 'r007', 1, 'Ici.', TRAINER, T0 + DAY);
    await decide(db, 'r100', 'ton', { levelId: 'senior' }, 'Parfait.', TRAINER);
    const rows = await inbox(db, {}, { check: 'session' });
    expect(rows).toHaveLength(210);
    expect(rows.filter((r) => r.annotations > 0).map((r) => r.id)).toEqual(['r007']);
    expect(rows.filter((r) => r.decisions > 0).map((r) => r.id)).toEqual(['r100']);
  });

  it('names a junior as on their row of the greatest id, and lists the scenarios present', async () => {
    const db = await seeded();
    await seedReviews(db, [playedReview({ id: 'zz-renamed', junior: { id: LEA.id, name: 'Léa Martin-Durand' }, startedAt: T0 + 5 * DAY })]);
    await refreshRecords(db);
    const facets = await inboxFacets(db, { check: 'session' });
    expect(facets.juniors).toEqual([KARIM, { id: LEA.id, name: 'Léa Martin-Durand' }]);
    expect(facets.scenarios.map((s) => s.id).sort()).toEqual(['degat-des-eaux-nuit', 'odeur-de-gaz-telephone']);
  });
});
