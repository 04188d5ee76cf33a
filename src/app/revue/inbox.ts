import type { PalierDatabase, ReviewRecord } from '../../db/db.ts';
import { scenarioMetas } from './replay.ts';

/**
 * The trainer's inbox: the imported attempts matching the filters, those with judged criteria
 * still waiting for a trainer first, and the juniors and scenarios to filter by.
 */

export interface InboxFilters {
  juniorId?: string;
  scenarioId?: string;
  /** Epoch ms on `startedAt`, inclusive. */
  from?: number;
  to?: number;
  status?: 'pending' | 'reviewed';
}

export interface InboxRow {
  id: string;
  junior: { id: string; name: string };
  scenarioId: string;
  scenarioTitle: string;
  startedAt: number;
  /** The score of record. */
  percent: number;
  pending: number;
  status: 'pending' | 'reviewed';
  mode: 'guided' | 'free';
  voice: 'scripted' | 'ai';
  annotations: number;
  /** Trainer decisions written on this attempt. */
  decisions: number;
}

/** The imported attempts matching the filters (the most selective index first, then in memory). */
export async function filteredReviews(db: PalierDatabase, filters: InboxFilters = {}): Promise<ReviewRecord[]> {
  const { juniorId, scenarioId, from, to, status } = filters;
  const base = juniorId !== undefined
    ? db.reviews.where('junior.id').equals(juniorId)
    : scenarioId !== undefined
      ? db.reviews.where('scenarioId').equals(scenarioId)
      : status !== undefined
        ? db.reviews.where('status').equals(status)
        : from !== undefined || to !== undefined
          ? db.reviews.where('startedAt').between(from ?? -Infinity, to ?? Infinity, true, true)
          : db.reviews.toCollection();
  const rows = await base.toArray();
  return rows.filter(
    (r) =>
      (juniorId === undefined || r.junior.id === juniorId) &&
      (scenarioId === undefined || r.scenarioId === scenarioId) &&
      (status === undefined || r.status === status) &&
      (from === undefined || r.startedAt >= from) &&
      (to === undefined || r.startedAt <= to),
  );
}

/** Attempts waiting for a trainer first, then the newest first (then by id, for a stable order). */
export function inboxOrder(a: Pick<InboxRow, 'pending' | 'startedAt' | 'id'>, b: Pick<InboxRow, 'pending' | 'startedAt' | 'id'>): number {
  return Number(b.pending > 0) - Number(a.pending > 0) || b.startedAt - a.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The trainer's inbox: imported attempts, those with judged criteria still waiting first, then
 * the newest first.
 *
 * @example
 * const rows = await inbox(db, { status: 'pending', juniorId: 'p-lea' });
 */
export async function inbox(db: PalierDatabase, filters: InboxFilters = {}): Promise<InboxRow[]> {
  const reviews = await filteredReviews(db, filters);
  const events = reviews.length === 0 ? [] : await db.reviewEvents.where('attemptId').anyOf(reviews.map((r) => r.id)).toArray();
  const counts = new Map<string, { annotations: number; decisions: number }>();
  for (const e of events) {
    const c = counts.get(e.attemptId) ?? { annotations: 0, decisions: 0 };
    if (e.kind === 'annotation') c.annotations++;
    else if (e.kind === 'decision') c.decisions++;
    counts.set(e.attemptId, c);
  }
  const metas = await scenarioMetas(db, reviews.map((r) => r.scenarioId));
  return reviews
    .map(
      (r): InboxRow => ({
        id: r.id,
        junior: { id: r.junior.id, name: r.junior.name },
        scenarioId: r.scenarioId,
        scenarioTitle: metas.get(r.scenarioId)?.title ?? r.scenarioId,
        startedAt: r.startedAt,
        percent: (r.record ?? r.attempt.card)?.percent ?? 0,
        pending: r.pending,
        status: r.status,
        mode: r.attempt.mode,
        voice: r.attempt.voice ?? 'scripted',
        annotations: counts.get(r.id)?.annotations ?? 0,
        decisions: counts.get(r.id)?.decisions ?? 0,
      }),
    )
    .sort(inboxOrder);
}

/**
 * The juniors and scenarios of the imported attempts, for the inbox's filter selects (names and
 * titles in French alphabetical order). Reads index keys and one attempt per junior only.
 */
export async function inboxFacets(db: PalierDatabase): Promise<{ juniors: Array<{ id: string; name: string }>; scenarios: Array<{ id: string; title: string }> }> {
  const juniorIds = (await db.reviews.orderBy('junior.id').uniqueKeys()).map(String);
  const juniors = await Promise.all(
    juniorIds.map(async (id) => {
      const r = await db.reviews.where('junior.id').equals(id).last();
      return { id, name: r?.junior.name ?? id };
    }),
  );
  const scenarioIds = (await db.reviews.orderBy('scenarioId').uniqueKeys()).map(String);
  const metas = await scenarioMetas(db, scenarioIds);
  const collator = new Intl.Collator('fr');
  return {
    juniors: juniors.sort((a, b) => collator.compare(a.name, b.name) || collator.compare(a.id, b.id)),
    scenarios: scenarioIds.map((id) => ({ id, title: metas.get(id)?.title ?? id })).sort((a, b) => collator.compare(a.title, b.title)),
  };
}
