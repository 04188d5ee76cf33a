import type { ScoreCard } from '../../core/scoring/score.ts';
import type { PalierDatabase, ReviewDigestRecord, ReviewEventRecord, ReviewRecord } from '../../db/db.ts';
import type { DashboardReview } from './dashboards.ts';

/**
 * The dashboards' digest of one scenario: its imported attempts with only what the dashboards read
 * (who, when, status, the AI's proposed levels, the score of record without the seniors' notes)
 * and the trainers' decisions on them (without comments), as one JSON text. Written by the review
 * with every score of record (`review.ts`), read by the dashboards; a digest missing or made from
 * another number of attempts is rebuilt from the rows (in memory for that read, then stored), so
 * the dashboards are never wrong, only slower once.
 */

interface DigestData {
  reviews: DashboardReview[];
  events: ReviewEventRecord[];
}

/** The score of record without what only the debrief needs (notes, evidence turns). */
function slimCard(card: ScoreCard): ScoreCard {
  return { ...card, criteria: card.criteria.map((c) => ({ ...c, note: '', seniorWould: undefined, evidence: [] })) };
}

function slimReview(r: ReviewRecord): DashboardReview {
  const a = r.attempt;
  const card = r.record ?? a.card;
  return {
    id: r.id,
    junior: r.junior,
    scenarioId: r.scenarioId,
    startedAt: r.startedAt,
    attempt: {
      status: a.status,
      endedAt: a.endedAt,
      updatedAt: a.updatedAt,
      proposals: a.proposals?.map((p) => ({ criterionId: p.criterionId, levelId: p.levelId, quotes: [], rationale: '', engine: p.engine })),
      card: undefined,
    },
    record: card ? slimCard(card) : undefined,
  };
}

/** Decision events only (the dashboards measure agreement on them), without their comments. */
function slimEvents(events: readonly ReviewEventRecord[]): ReviewEventRecord[] {
  return events.filter((e) => e.kind === 'decision').map((e) => ({ ...e, comment: '' }));
}

/** The digest of one scenario from its rows and audit trail. */
export function digestOf(scenarioId: string, reviews: readonly ReviewRecord[], events: readonly ReviewEventRecord[]): ReviewDigestRecord {
  const data: DigestData = { reviews: reviews.map(slimReview), events: slimEvents(events) };
  return { scenarioId, count: reviews.length, json: JSON.stringify(data) };
}

/** Rewrites one scenario's digest (inside the caller's transaction, which must include `reviewDigests`). */
export async function writeDigest(db: PalierDatabase, scenarioId: string, reviews: readonly ReviewRecord[], events: readonly ReviewEventRecord[]): Promise<void> {
  await db.reviewDigests.put(digestOf(scenarioId, reviews, events));
}

/**
 * Every imported attempt and decision as the dashboards read them: one digest per scenario, each
 * checked against the number of attempts the scenario has (an index count); a stale or missing one
 * is made again from the rows, in memory. Reads Dexie only: it can run in a live query.
 */
export async function readDigests(db: PalierDatabase): Promise<DigestData> {
  const ids = (await db.reviews.orderBy('scenarioId').uniqueKeys()).map(String);
  const [digests, counts] = await Promise.all([db.reviewDigests.bulkGet(ids), Promise.all(ids.map((id) => db.reviews.where('scenarioId').equals(id).count()))]);
  const out: DigestData = { reviews: [], events: [] };
  const stale: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    let digest = digests[i];
    if (!digest || digest.count !== counts[i]) {
      const reviews = await db.reviews.where('scenarioId').equals(id).toArray();
      const events = await db.reviewEvents.where('attemptId').anyOf(reviews.map((r) => r.id)).toArray();
      digest = digestOf(id, reviews, events);
      stale.push(id);
    }
    const data = JSON.parse(digest.json) as DigestData;
    out.reviews.push(...data.reviews);
    out.events.push(...data.events);
  }
  if (stale.length > 0) rewriteLater(db, stale);
  return out;
}

/**
 * Stores the digests found missing or stale, after the read that found them (a live query may not
 * write) and in a transaction of its own that reads the rows again, so a decision written in
 * between is never overwritten by an older digest. The next read is fast again.
 */
function rewriteLater(db: PalierDatabase, scenarioIds: readonly string[]): void {
  setTimeout(() => {
    void db
      .transaction('rw', [db.reviews, db.reviewEvents, db.reviewDigests], async () => {
        for (const id of scenarioIds) {
          const reviews = await db.reviews.where('scenarioId').equals(id).toArray();
          const events = await db.reviewEvents.where('attemptId').anyOf(reviews.map((r) => r.id)).toArray();
          await writeDigest(db, id, reviews, events);
        }
      })
      // The dashboards stay right without it, only slower: nothing to tell the trainer.
      .catch(() => undefined);
  }, 0);
}
