import type { PalierDatabase, ReviewEventRecord, ReviewRecord } from '../../db/db.ts';
import { readDigests, type DigestCheck, type DigestColumns } from './digest.ts';
import { knownScenarioMetas } from './scenario-metas.ts';

/**
 * The trainer's inbox: the imported attempts matching the filters, those with judged criteria
 * still waiting for a trainer first, and the juniors and scenarios to filter by.
 *
 * The inbox and its filters read the Revue's digests (digest.ts: a few fields of every imported
 * attempt, one JSON text per scenario), not the rows: a row carries the attempt's transcript and
 * two cards, and reading 10,000 of them takes a minute in a browser. `check` is how the digests
 * are checked against the rows (see `readDigests`): counted in the read (default, exact at once) or
 * once per session (the screen). The notes and decisions per attempt are counted from the audit
 * trail, read at once (an annotation does not rewrite the digest).
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

/** Past this many attempts listed, the whole audit trail is read at once rather than attempt by attempt. */
const TRAIL_AT_ONCE = 200;

/** The audit trail of the given attempts. */
async function eventsOf(db: PalierDatabase, ids: readonly string[]): Promise<ReviewEventRecord[]> {
  if (ids.length === 0) return [];
  if (ids.length <= TRAIL_AT_ONCE) return db.reviewEvents.where('attemptId').anyOf([...ids]).toArray();
  const wanted = new Set(ids);
  return (await db.reviewEvents.toArray()).filter((e) => wanted.has(e.attemptId));
}

/**
 * The trainer's inbox: imported attempts, those with judged criteria still waiting first, then
 * the newest first.
 *
 * @example
 * const rows = await inbox(db, { status: 'pending', juniorId: 'p-lea' });
 */
export async function inbox(db: PalierDatabase, filters: InboxFilters = {}, options: { check?: DigestCheck } = {}): Promise<InboxRow[]> {
  const { juniorId, scenarioId, from, to, status } = filters;
  const digests = await readDigests(db, options.check ? { check: options.check } : {});
  const listed: Array<readonly [DigestColumns, number]> = [];
  for (const d of digests) {
    if (scenarioId !== undefined && d.scenarioId !== scenarioId) continue;
    for (let i = 0; i < d.id.length; i++) {
      if (
        (juniorId === undefined || d.juniors[d.junior[i]!]!.id === juniorId) &&
        (status === undefined || (d.status[i] === 'p' ? 'pending' : 'reviewed') === status) &&
        (from === undefined || d.startedAt[i]! >= from) &&
        (to === undefined || d.startedAt[i]! <= to)
      ) {
        listed.push([d, i]);
      }
    }
  }
  const events = await eventsOf(db, listed.map(([d, i]) => d.id[i]!));
  const counts = new Map<string, { annotations: number; decisions: number }>();
  for (const e of events) {
    const c = counts.get(e.attemptId) ?? { annotations: 0, decisions: 0 };
    if (e.kind === 'annotation') c.annotations++;
    else if (e.kind === 'decision') c.decisions++;
    counts.set(e.attemptId, c);
  }
  const metas = await knownScenarioMetas(db, listed.map(([d]) => d.scenarioId));
  return listed
    .map(([d, i]): InboxRow => {
      const id = d.id[i]!;
      const junior = d.juniors[d.junior[i]!]!;
      return {
        id,
        junior: { id: junior.id, name: junior.name },
        scenarioId: d.scenarioId,
        scenarioTitle: metas.get(d.scenarioId)?.title ?? d.scenarioId,
        startedAt: d.startedAt[i]!,
        percent: d.percent[i]!,
        pending: d.pending[i]!,
        status: d.status[i] === 'p' ? 'pending' : 'reviewed',
        mode: d.mode[i] === 'f' ? 'free' : 'guided',
        voice: d.voice[i] === 'a' ? 'ai' : 'scripted',
        annotations: counts.get(id)?.annotations ?? 0,
        decisions: counts.get(id)?.decisions ?? 0,
      };
    })
    .sort(inboxOrder);
}

/**
 * The juniors and scenarios of the imported attempts, for the inbox's filter selects (names and
 * titles in French alphabetical order), from the digests. A junior renamed between two bundles
 * is named as on their row of the greatest id (the last of the `junior.id` index).
 */
export async function inboxFacets(db: PalierDatabase, options: { check?: DigestCheck } = {}): Promise<{ juniors: Array<{ id: string; name: string }>; scenarios: Array<{ id: string; title: string }> }> {
  const digests = await readDigests(db, options.check ? { check: options.check } : {});
  const named = new Map<string, { name: string; row: string }>();
  for (const d of digests) {
    for (let i = 0; i < d.id.length; i++) {
      const junior = d.juniors[d.junior[i]!]!;
      const seen = named.get(junior.id);
      if (!seen || d.id[i]! > seen.row) named.set(junior.id, { name: junior.name, row: d.id[i]! });
    }
  }
  const scenarioIds = digests.filter((d) => d.id.length > 0).map((d) => d.scenarioId);
  const metas = await knownScenarioMetas(db, scenarioIds);
  const collator = new Intl.Collator('fr');
  return {
    juniors: [...named]
      .map(([id, j]) => ({ id, name: j.name }))
      .sort((a, b) => collator.compare(a.name, b.name) || collator.compare(a.id, b.id)),
    scenarios: scenarioIds.map((id) => ({ id, title: metas.get(id)?.title ?? id })).sort((a, b) => collator.compare(a.title, b.title)),
  };
}
