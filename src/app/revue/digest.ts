import type { ScoreCard } from '../../core/scoring/score.ts';
import type { AttemptRecord, PalierDatabase, ReviewDigestRecord, ReviewEventRecord, ReviewRecord } from '../../db/db.ts';
import { eventOrder } from './record.ts';

/**
 * The Revue's digest of one scenario: what the dashboards and the inbox read of its imported
 * attempts, as columns (one array per field, one entry per attempt) in one JSON text per scenario.
 * Written by the review with every score of record (`review.ts`), read by the dashboards and the
 * inbox.
 *
 * **Why columns.** A `reviews` row carries the attempt's transcript and its card twice: reading
 * 10,000 of them takes tens of seconds in a browser. The first digest (format 1) kept one object per
 * attempt and per criterion, 50 MB of JSON for 10,000 attempts: still seconds to read and parse.
 * Here the rubric's texts are written once per scenario version (a « shape »: the criteria of a card,
 * with label, competency, kind and weight), and an attempt is a few numbers and letters, one
 * character per criterion (its level of record) and the points that differ from what the level
 * implies — about 1.3 MB for the same 10,000 attempts. The attempts the dashboards count (finished,
 * with a score) come first, in row order; the trainers' decisions are kept only as the (AI proposal,
 * trainer's level) pairs the agreement measures, resolved when the digest is written (the last
 * decision in force).
 *
 * **Freshness.** A digest records how many `reviews` rows of the scenario it was made from, and its
 * format. One of another format is made again from the rows (in memory for that read, then stored),
 * so an app update never shows figures of an older format. Counting a scenario's rows costs about
 * 0.2 ms per row in Chromium (10,000 rows of 35 KB: seconds), so {@link readDigests} can either
 * count in the read (exact at once; the default) or trust the stored digests, which the app
 * rewrites in the transaction of every change to the rows, and count once per session after the
 * read (the Revue's screens; see {@link verifyDigests}).
 */

/** The format of the digest text; a digest of any other is rebuilt. */
export const DIGEST_FORMAT = 3;

/** The fields of an imported attempt the dashboards read (a `ReviewRecord` fits). */
export interface DashboardReview {
  id: string;
  junior: { id: string; name: string };
  scenarioId: string;
  startedAt: number;
  attempt: Pick<AttemptRecord, 'status' | 'endedAt' | 'updatedAt' | 'proposals' | 'card'> & Partial<Pick<AttemptRecord, 'mode' | 'voice'>>;
  record?: ScoreCard | undefined;
  /** The inbox's (see `ReviewRecord`); without them, 0 and `reviewed`. */
  pending?: number;
  status?: 'pending' | 'reviewed';
}

/** The criteria of a card (one per scenario version in practice), in the card's order. */
export interface DigestShape {
  hash: string;
  version: number;
  ids: string[];
  labels: string[];
  /** Index into {@link DigestColumns.competencies}. */
  competency: number[];
  judged: boolean[];
  weight: number[];
}

/** Level of record of a criterion in a digest (`met` / `missed` / `pending`, an override by its points). */
export const LEVEL = { met: 0, missed: 1, pending: 2 } as const;

/**
 * One scenario's digest, decoded. Row columns have an entry per row of the scenario: first the
 * {@link DigestColumns.attempts} the dashboards count (finished, with a score), in row order, then
 * the others. Attempt columns have an entry per counted attempt.
 */
export interface DigestColumns {
  scenarioId: string;
  /** Rows 0 to `attempts` − 1 are the attempts the dashboards count. */
  attempts: number;
  /** Distinct (id, name) pairs of the juniors, in order of first appearance. */
  juniors: Array<{ id: string; name: string }>;
  competencies: string[];
  shapes: DigestShape[];
  /** Criterion and level ids of {@link DigestColumns.pairs}. */
  words: string[];
  // Row columns.
  id: string[];
  /** Index into `juniors`. */
  junior: number[];
  startedAt: number[];
  /** The score of record, 0–100 (0 without a card). */
  percent: number[];
  /** Judged criteria waiting for a trainer. */
  pending: number[];
  /** A letter a row: `p` pending, `r` reviewed (the row's `status`). */
  status: string;
  /** A letter a row: `g` guided, `f` free text. */
  mode: string;
  /** A letter a row: `s` scripted, `a` voiced by a model. */
  voice: string;
  // Attempt columns.
  /** When the attempt counts for mastery: ended, else last updated, else started (`attemptTime`). */
  at: number[];
  /** Index into `shapes`. */
  shape: number[];
  /** Where each attempt's criteria start in `level` and `points` (one more entry than attempts). */
  offset: Int32Array;
  /** {@link LEVEL} of each criterion of each attempt. */
  level: Uint8Array;
  points: Float64Array;
  /** (attempt index, criterion word, AI's level word, trainer's level word), four numbers a pair. */
  pairs: number[];
  /** The latest `startedAt` of the counted attempts (−∞ when none). */
  latestStart: number;
}

/** The digest as stored (JSON): {@link DigestColumns} without what decoding derives. */
interface StoredDigest extends Pick<DigestColumns, 'attempts' | 'competencies' | 'words' | 'id' | 'junior' | 'startedAt' | 'percent' | 'pending' | 'status' | 'mode' | 'voice' | 'at' | 'shape' | 'pairs'> {
  format: typeof DIGEST_FORMAT;
  /** id, name, id, name… */
  juniors: string[];
  shapes: Array<Omit<DigestShape, 'judged'> & { judged: number[] }>;
  /** One character per criterion: `m` met, `x` missed, `p` pending. */
  level: string;
  /** (position in `level`, points), for each criterion whose points are not its level's (met: the weight; else 0). */
  points: number[];
}

const LEVEL_CHARS = 'mxp';
const MET = LEVEL_CHARS.charCodeAt(LEVEL.met);
const MISSED = LEVEL_CHARS.charCodeAt(LEVEL.missed);

/** A dictionary of strings to small numbers, in order of first appearance. */
class Words {
  readonly list: string[] = [];
  readonly #index = new Map<string, number>();
  of(word: string): number {
    let i = this.#index.get(word);
    if (i === undefined) {
      this.#index.set(word, (i = this.list.length));
      this.list.push(word);
    }
    return i;
  }
}

/** The trainers' levels in force per attempt and criterion (the last decision in `eventOrder`). */
function decidedLevels(events: readonly ReviewEventRecord[]): Map<string, Map<string, string | undefined>> {
  const out = new Map<string, Map<string, string | undefined>>();
  for (const e of [...events].sort(eventOrder)) {
    if (e.kind !== 'decision' || !e.criterionId || !e.after) continue;
    let m = out.get(e.attemptId);
    if (!m) out.set(e.attemptId, (m = new Map()));
    m.set(e.criterionId, e.after.levelId);
  }
  return out;
}

/** The card the dashboards count an attempt with, if they count it. */
const countedCard = (r: DashboardReview): ScoreCard | undefined => (r.attempt.status === 'finished' ? (r.record ?? r.attempt.card) : undefined);

/**
 * One scenario's digest from its rows (in the order given: the order the dashboards sum in) and the
 * audit trail of those rows (other events are ignored).
 */
export function digestColumns(scenarioId: string, reviews: readonly DashboardReview[], events: readonly ReviewEventRecord[]): DigestColumns {
  const juniorKeys = new Words();
  const juniors: DigestColumns['juniors'] = [];
  const competencies = new Words();
  const words = new Words();
  const shapeKeys = new Words();
  const shapes: DigestShape[] = [];
  const decided = decidedLevels(events);
  const counted = reviews.filter((r) => countedCard(r) !== undefined);
  const rows = [...counted, ...reviews.filter((r) => countedCard(r) === undefined)];
  const d = {
    scenarioId,
    attempts: counted.length,
    juniors,
    competencies: competencies.list,
    shapes,
    words: words.list,
    id: rows.map((r) => r.id),
    junior: rows.map((r) => {
      const j = juniorKeys.of(`${r.junior.id}\u0000${r.junior.name}`);
      if (j === juniors.length) juniors.push({ id: r.junior.id, name: r.junior.name });
      return j;
    }),
    startedAt: rows.map((r) => r.startedAt),
    percent: rows.map((r) => (r.record ?? r.attempt.card)?.percent ?? 0),
    pending: rows.map((r) => r.pending ?? 0),
    status: rows.map((r) => (r.status === 'pending' ? 'p' : 'r')).join(''),
    mode: rows.map((r) => (r.attempt.mode === 'free' ? 'f' : 'g')).join(''),
    voice: rows.map((r) => (r.attempt.voice === 'ai' ? 'a' : 's')).join(''),
    at: counted.map((r) => r.attempt.endedAt ?? r.attempt.updatedAt ?? r.startedAt),
    shape: [] as number[],
    pairs: [] as number[],
  };
  const offsets = [0];
  const levels: number[] = [];
  const points: number[] = [];
  for (const [i, r] of counted.entries()) {
    const card = countedCard(r)!;
    const criteria = card.criteria;
    const key = [card.scenarioHash, card.scenarioVersion, ...criteria.map((c) => `${c.id}\u0001${c.label}\u0001${c.competency}\u0001${c.kind}\u0001${c.weight}`)].join('\u0000');
    const s = shapeKeys.of(key);
    if (s === shapes.length) {
      shapes.push({
        hash: card.scenarioHash,
        version: card.scenarioVersion,
        ids: criteria.map((c) => c.id),
        labels: criteria.map((c) => c.label),
        competency: criteria.map((c) => competencies.of(c.competency)),
        judged: criteria.map((c) => c.kind === 'judged'),
        weight: criteria.map((c) => c.weight),
      });
    }
    d.shape.push(s);
    for (const c of criteria) {
      // `levelOnCard`'s status: an override is met or missed by its points.
      levels.push(c.status === 'overridden' ? (c.points > 0 ? LEVEL.met : LEVEL.missed) : LEVEL[c.status]);
      points.push(c.points);
    }
    offsets.push(levels.length);
    const inForce = decided.get(r.id);
    if (!inForce || !r.attempt.proposals) continue;
    for (const p of r.attempt.proposals) {
      const level = inForce.get(p.criterionId);
      if (level !== undefined) d.pairs.push(i, words.of(p.criterionId), words.of(p.levelId), words.of(level));
    }
  }
  return { ...d, offset: Int32Array.from(offsets), level: Uint8Array.from(levels), points: Float64Array.from(points), latestStart: latest(d.startedAt, d.attempts) };
}

/** The latest of the first `n` times (−∞ when none). */
function latest(times: readonly number[], n: number): number {
  let out = -Infinity;
  for (let i = 0; i < n; i++) if (times[i]! > out) out = times[i]!;
  return out;
}

/** The points a criterion has when nothing says otherwise: its weight when met, else none. */
function impliedPoints(d: Pick<DigestColumns, 'shapes' | 'shape' | 'offset' | 'level'>, attempt: number, k: number): number {
  return d.level[d.offset[attempt]! + k] === LEVEL.met ? d.shapes[d.shape[attempt]!]!.weight[k]! : 0;
}

/** The digest as JSON text (see {@link StoredDigest}). */
export function encodeDigest(d: DigestColumns): string {
  let level = '';
  const points: number[] = [];
  for (let a = 0; a < d.attempts; a++) {
    const start = d.offset[a]!;
    for (let k = 0; start + k < d.offset[a + 1]!; k++) {
      level += LEVEL_CHARS[d.level[start + k]!];
      const p = d.points[start + k]!;
      if (p !== impliedPoints(d, a, k)) points.push(start + k, p);
    }
  }
  const { attempts, competencies, words, id, junior, startedAt, percent, pending, status, mode, voice, at, shape, pairs } = d;
  const stored: StoredDigest = {
    format: DIGEST_FORMAT,
    attempts,
    juniors: d.juniors.flatMap((j) => [j.id, j.name]),
    competencies,
    shapes: d.shapes.map((s) => ({ ...s, judged: s.judged.map(Number) })),
    words,
    id,
    junior,
    startedAt,
    percent,
    pending,
    status,
    mode,
    voice,
    at,
    shape,
    level,
    points,
    pairs,
  };
  return JSON.stringify(stored);
}

/** A stored digest decoded; `undefined` when it is of another format (or not a digest). */
export function decodeDigest(scenarioId: string, json: string): DigestColumns | undefined {
  let s: StoredDigest;
  try {
    s = JSON.parse(json) as StoredDigest;
  } catch {
    return undefined;
  }
  if (typeof s !== 'object' || s === null || s.format !== DIGEST_FORMAT) return undefined;
  const juniors: DigestColumns['juniors'] = [];
  for (let i = 0; i < s.juniors.length; i += 2) juniors.push({ id: s.juniors[i]!, name: s.juniors[i + 1]! });
  const shapes = s.shapes.map((x): DigestShape => ({ ...x, judged: x.judged.map(Boolean) }));
  const offset = new Int32Array(s.attempts + 1);
  for (let a = 0; a < s.attempts; a++) offset[a + 1] = offset[a]! + shapes[s.shape[a]!]!.ids.length;
  const level = new Uint8Array(s.level.length);
  const points = new Float64Array(level.length);
  for (let a = 0; a < s.attempts; a++) {
    const weight = shapes[s.shape[a]!]!.weight;
    for (let k = 0, i = offset[a]!; i < offset[a + 1]!; k++, i++) {
      const c = s.level.charCodeAt(i);
      level[i] = c === MET ? LEVEL.met : c === MISSED ? LEVEL.missed : LEVEL.pending;
      if (c === MET) points[i] = weight[k]!; // what `impliedPoints` says, without a call per criterion
    }
  }
  for (let i = 0; i < s.points.length; i += 2) points[s.points[i]!] = s.points[i + 1]!;
  const { format: _f, juniors: _j, shapes: _s, level: _l, points: _p, ...columns } = s;
  return { scenarioId, ...columns, juniors, shapes, offset, level, points, latestStart: latest(s.startedAt, s.attempts) };
}

/** The digest record of one scenario from its rows and audit trail. */
export function digestOf(scenarioId: string, reviews: readonly ReviewRecord[], events: readonly ReviewEventRecord[]): ReviewDigestRecord {
  return { scenarioId, count: reviews.length, json: encodeDigest(digestColumns(scenarioId, reviews, events)) };
}

/** Rewrites one scenario's digest (inside the caller's transaction, which must include `reviewDigests`). */
export async function writeDigest(db: PalierDatabase, scenarioId: string, reviews: readonly ReviewRecord[], events: readonly ReviewEventRecord[]): Promise<void> {
  await db.reviewDigests.put(digestOf(scenarioId, reviews, events));
}

/** Decoded digests by scenario, with the text they were decoded from: the same text is not parsed twice. */
const decoded = new Map<string, { json: string; columns: DigestColumns | undefined }>();

function decodeOnce(record: ReviewDigestRecord): DigestColumns | undefined {
  const seen = decoded.get(record.scenarioId);
  if (seen?.json === record.json) return seen.columns;
  const columns = decodeDigest(record.scenarioId, record.json);
  decoded.set(record.scenarioId, { json: record.json, columns });
  return columns;
}

async function columnsFromRows(db: PalierDatabase, scenarioId: string): Promise<DigestColumns> {
  const reviews = await db.reviews.where('scenarioId').equals(scenarioId).toArray();
  const events = await db.reviewEvents.where('attemptId').anyOf(reviews.map((r) => r.id)).toArray();
  return digestColumns(scenarioId, reviews, events);
}

/** How {@link readDigests} checks the stored digests against the rows. */
export type DigestCheck = 'read' | 'session';

/**
 * One digest per scenario with imported attempts, in scenario id order. A digest missing, of
 * another format, or (when counting) made from another number of attempts is made again from the
 * rows, in memory, and stored after the read. Reads Dexie only: it can run in a live query.
 *
 * - `check: 'read'` (default): every scenario's rows are counted in the read, so the result is
 *   exact at once — and takes seconds over 10,000 rows in a browser.
 * - `check: 'session'`: the stored digests are trusted (the app writes them with every change of
 *   the rows, in the same transaction), and counted once per session and database, a few seconds
 *   after the read ({@link verifyDigests}, {@link SESSION_CHECK}); a stale one found then is
 *   rewritten, and a live query on the digests runs again. With no digest at all while rows exist (data written by an older version or outside
 *   the app), it counts in the read.
 */
export async function readDigests(db: PalierDatabase, options: { check?: DigestCheck } = {}): Promise<DigestColumns[]> {
  const stored = await db.reviewDigests.toArray();
  const trust = options.check === 'session' && (stored.length > 0 || (await db.reviews.limit(1).primaryKeys()).length === 0);
  let ids: string[];
  let counts: Map<string, number> | undefined;
  if (trust) ids = stored.map((d) => d.scenarioId);
  else {
    ids = await scenarioIds(db);
    const n = await Promise.all(ids.map((id) => db.reviews.where('scenarioId').equals(id).count()));
    counts = new Map(ids.map((id, i) => [id, n[i]!]));
  }
  const byId = new Map(stored.map((d) => [d.scenarioId, d]));
  const out: DigestColumns[] = [];
  const stale: string[] = [];
  for (const id of ids) {
    const digest = byId.get(id);
    let columns = digest && (!counts || digest.count === counts.get(id)) ? decodeOnce(digest) : undefined;
    if (!columns) {
      columns = await columnsFromRows(db, id);
      stale.push(id);
    }
    out.push(columns);
  }
  const verify = trust && !verified.has(db);
  verified.add(db);
  if (stale.length > 0 || verify) later(db, stale, verify);
  return out;
}

/** Databases whose digests were counted against the rows in this session (or are being). */
const verified = new WeakSet<PalierDatabase>();

/**
 * Counts each scenario's rows and rewrites the digests found missing, of another format or made
 * from another number of rows (unless a rewrite of them is running already). Returns the scenario
 * ids found so. Writes: never in a live query.
 */
export async function verifyDigests(db: PalierDatabase, options: { pauseMs?: number } = {}): Promise<string[]> {
  const ids = await scenarioIds(db);
  const digests = await db.reviewDigests.bulkGet(ids);
  const format = `{"format":${DIGEST_FORMAT},`;
  const stale: string[] = [];
  for (const [i, id] of ids.entries()) {
    // One count at a time, with a pause: the screens' own reads get their turn in between.
    if (i > 0 && options.pauseMs) await pause(options.pauseMs);
    const count = await db.reviews.where('scenarioId').equals(id).count();
    if (digests[i]?.count !== count || !digests[i]?.json.startsWith(format)) stale.push(id);
  }
  if (stale.length > 0) await rewriteOnce(db, stale);
  return stale;
}

/**
 * The scenario ids of the imported attempts, in order: one step of an index cursor per scenario.
 * (`uniqueKeys` walks every entry of the index: seconds over 10,000 rows in Chromium.)
 */
export async function scenarioIds(db: PalierDatabase): Promise<string[]> {
  const ids: string[] = [];
  for (let next = await db.reviews.orderBy('scenarioId').limit(1).keys(); next.length > 0; next = await db.reviews.where('scenarioId').above(ids[ids.length - 1]!).limit(1).keys()) {
    ids.push(String(next[0]));
  }
  return ids;
}

/**
 * Stores the digests of the given scenarios, made from the rows read again in a transaction of its
 * own, so a decision written in between is never overwritten by an older digest.
 */
async function rewrite(db: PalierDatabase, scenarioIds: readonly string[]): Promise<void> {
  await db.transaction('rw', [db.reviews, db.reviewEvents, db.reviewDigests], async () => {
    for (const id of scenarioIds) {
      const reviews = await db.reviews.where('scenarioId').equals(id).toArray();
      const events = await db.reviewEvents.where('attemptId').anyOf(reviews.map((r) => r.id)).toArray();
      await writeDigest(db, id, reviews, events);
    }
  });
}

/**
 * After the read (a live query may not write): {@link rewrite} the digests it found stale, then
 * {@link verifyDigests} if asked. The dashboards stay right without it, only slower: nothing to
 * tell the trainer if it fails; a failed check is tried again by the next read.
 */
function later(db: PalierDatabase, stale: readonly string[], verify: boolean): void {
  setTimeout(() => {
    void (async () => {
      await rewriteOnce(db, stale).catch(() => undefined);
      if (!verify) return;
      await pause(SESSION_CHECK.delayMs);
      await verifyDigests(db, { pauseMs: SESSION_CHECK.pauseMs }).catch(() => verified.delete(db));
    })();
  }, 0);
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * When the session's check runs: a while after the read that starts it (the screen just shown is
 * likely to be left or filtered in the next seconds, and each count holds IndexedDB for 0.1–0.5 s
 * over 700 rows of 35 KB in Chromium), with a pause between two scenarios' counts. Tests set both
 * to 0.
 */
export const SESSION_CHECK = { delayMs: 5_000, pauseMs: 50 };

/**
 * {@link rewrite}, leaving out the scenarios whose digests are being rewritten already (two
 * screens' reads, or a read and the session's check, may find the same digests stale: reading
 * 10,000 rows twice takes a minute).
 */
async function rewriteOnce(db: PalierDatabase, scenarioIds: readonly string[]): Promise<void> {
  const busy = rewriting.get(db) ?? new Set<string>();
  rewriting.set(db, busy);
  const ids = scenarioIds.filter((id) => !busy.has(id));
  if (ids.length === 0) return;
  for (const id of ids) busy.add(id);
  try {
    await rewrite(db, ids);
  } finally {
    for (const id of ids) busy.delete(id);
  }
}

/** The scenarios whose digests are being rewritten, per database. */
const rewriting = new WeakMap<PalierDatabase, Set<string>>();
