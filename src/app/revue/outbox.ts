import { deadline, raceSignal } from '../../ai/deadline.ts';
import type { OutboxRecord, PalierDatabase } from '../../db/db.ts';
import { lrsConfig, lrsMessage, watchLrsConfig, xapiHeaders, type LrsConfig } from './lrs.ts';
import { validateStatement, type Statement } from './xapi.ts';

/**
 * The xAPI outbox: statements wait in the `outbox` table until the configured LRS has them. It
 * survives reloads (it is IndexedDB), retries with backoff, and never makes the LRS hold a
 * statement twice:
 *
 * - **Ids are the key.** Statement ids are deterministic (UUID v5, xapi.ts); a statement whose id
 *   is already in the outbox, whatever its state, is not queued again.
 * - **Claims are transactional.** A flush claims a batch inside a Dexie read-write transaction by
 *   moving the records' `nextAt` to a lease end (`now + leaseMs`): a second flush (another tab, the
 *   timer and the button at once) does not see them as due. The lease is renewed before every
 *   request and the lease end doubles as the owner's token: a flush only reschedules, fails or
 *   releases records whose `nextAt` is still its own lease end. A flush that dies (reload, crash)
 *   leaves its lease to expire; the records are then due again.
 * - **The LRS is the judge of « already there ».** xAPI 1.0.3 forbids an LRS to change anything
 *   on receiving an id it already holds; it answers `409 Conflict` (or `204` for an identical PUT).
 *   A POST batch answered 409 (or 400, 413) is sent again statement by statement with
 *   `PUT statements?statementId=…`: 2xx → sent; 409 → the LRS already holds that id: delivered,
 *   not resent, noted `already`; 400/413/422 → that statement is `failed` with the LRS's message,
 *   so one bad statement never blocks the queue. So a POST whose answer was lost (connection
 *   dropped, timeout, reload) is resent safely: the LRS keeps its one copy.
 * - **Failures.** 5xx, 429, network error, timeout, other 4xx: the batch stays queued with
 *   `tries + 1` and `nextAt = now + backoffDelay(tries)`; the flush stops and every other due
 *   statement waits until then too (no hammering a server that is down). 401/403: the flush stops
 *   and the batch is released as it was (no try counted): the credentials must be fixed first.
 *
 * `tries` counts failed attempts; `lastError` holds an {@link OutboxNote} (`code[ status][: detail]`).
 *
 * @module
 */

/** Backoff: 30 s × 2^(tries − 1), capped at 1 h, plus up to 10 % jitter (none when `random` returns 0). */
export const BACKOFF = { baseMs: 30_000, capMs: 3_600_000, jitter: 0.1 } as const;

/**
 * The wait before the next attempt after `tries` failed ones.
 *
 * @example
 * backoffDelay(1, () => 0); // 30_000
 * backoffDelay(4, () => 0); // 240_000
 * backoffDelay(20, () => 0); // 3_600_000
 */
export function backoffDelay(tries: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF.capMs, BACKOFF.baseMs * 2 ** Math.max(0, tries - 1));
  return base + Math.floor(base * BACKOFF.jitter * Math.min(1, Math.max(0, random())));
}

// ---------------------------------------------------------------------------------------------
// Notes (lastError)

/**
 * Why a statement waits, failed, or how it arrived: `network`, `timeout`, `server` (5xx, 429),
 * `auth` (401/403), `rejected` (another 4xx for the whole request: often a wrong endpoint),
 * `invalid` (the LRS refused this statement: 400, 413, 422), `already` (the LRS held this id).
 */
export type OutboxNoteCode = 'network' | 'timeout' | 'server' | 'auth' | 'rejected' | 'invalid' | 'already';

export interface OutboxNote {
  code: OutboxNoteCode;
  status?: number;
  detail?: string;
}

function formatNote(n: OutboxNote): string {
  return `${n.code}${n.status !== undefined ? ` ${n.status}` : ''}${n.detail ? `: ${n.detail}` : ''}`;
}

const CODES = new Set<string>(['network', 'timeout', 'server', 'auth', 'rejected', 'invalid', 'already']);

/**
 * Reads a record's `lastError` back (for the settings panel's plain-language message).
 *
 * @example
 * parseOutboxNote('server 503: Service Unavailable'); // { code: 'server', status: 503, detail: 'Service Unavailable' }
 */
export function parseOutboxNote(text: string | undefined): OutboxNote | undefined {
  if (!text) return undefined;
  const m = /^([a-z]+)(?: (\d{3}))?(?:: ([\s\S]*))?$/.exec(text);
  if (!m || !CODES.has(m[1] ?? '')) return { code: 'rejected', detail: text };
  return { code: m[1] as OutboxNoteCode, ...(m[2] ? { status: Number(m[2]) } : {}), ...(m[3] ? { detail: m[3] } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Enqueue

export interface EnqueueResult {
  /** Statements queued now. */
  added: number;
  /** Statements whose id was already in the outbox (queued, sent or failed): not queued again. */
  already: number;
  /** Statements that are not valid xAPI: never queued. `index` is their place in the input. */
  refused: Array<{ index: number; id?: string; problems: string[] }>;
}

type Listener = () => void;
const enqueueListeners = new Set<Listener>();

function notifyQueued(): void {
  for (const l of [...enqueueListeners]) {
    try {
      l();
    } catch {
      // The statements are queued whatever a listener does.
    }
  }
}

/**
 * Queues statements for the LRS. Each is checked with `validateStatement`; an invalid one is
 * refused with its problems, the others are queued. An id already in the outbox is not queued again.
 *
 * @example
 * await enqueue(db, attemptStatements(input)); // { added: 12, already: 0, refused: [] }
 * await enqueue(db, attemptStatements(input)); // { added: 0, already: 12, refused: [] }
 */
export async function enqueue(db: PalierDatabase, statements: readonly Statement[], now = Date.now()): Promise<EnqueueResult> {
  const refused: EnqueueResult['refused'] = [];
  const valid: Array<Record<string, unknown> & { id: string }> = [];
  statements.forEach((s: unknown, index) => {
    const problems = validateStatement(s);
    const id = typeof s === 'object' && s !== null && typeof (s as { id?: unknown }).id === 'string' ? (s as { id: string }).id : undefined;
    if (problems.length > 0) refused.push({ index, ...(id !== undefined ? { id } : {}), problems });
    // Stored as the JSON the LRS will receive (no undefined, no prototypes).
    else valid.push(JSON.parse(JSON.stringify(s)) as Record<string, unknown> & { id: string });
  });
  const counts = await db.transaction('rw', db.outbox, async () => {
    const ids = [...new Set(valid.map((s) => s.id))];
    const existing = await db.outbox.bulkGet(ids);
    const taken = new Set(ids.filter((_, i) => existing[i] !== undefined));
    const records: OutboxRecord[] = [];
    for (const statement of valid) {
      if (taken.has(statement.id)) continue;
      taken.add(statement.id);
      records.push({ id: statement.id, statement, state: 'queued', tries: 0, nextAt: now, queuedAt: now });
    }
    await db.outbox.bulkAdd(records);
    return { added: records.length, already: valid.length - records.length };
  });
  if (counts.added > 0) notifyQueued();
  return { ...counts, refused };
}

/** Puts the failed statements back in the queue, due now (tries reset). Returns how many. */
export async function retryFailed(db: PalierDatabase, now = Date.now()): Promise<number> {
  const n = await db.outbox
    .where('state')
    .equals('failed')
    .modify((r) => {
      r.state = 'queued';
      r.tries = 0;
      r.nextAt = now;
      delete r.lastError;
    });
  if (n > 0) notifyQueued();
  return n;
}

export interface OutboxCounts {
  queued: number;
  sent: number;
  failed: number;
  /** When the next queued statement is due (may be past: due now). */
  nextAt?: number;
  /** Why the queue waits: the note of the next queued statement that has one; else of the latest failed. */
  lastError?: string;
}

/** The outbox at a glance, for the settings panel. */
export async function outboxCounts(db: PalierDatabase): Promise<OutboxCounts> {
  return db.transaction('r', db.outbox, async () => {
    const queued = await db.outbox.where('state').equals('queued').toArray();
    const failed = await db.outbox.where('state').equals('failed').toArray();
    const sent = await db.outbox.where('state').equals('sent').count();
    const byNext = [...queued].sort((a, b) => a.nextAt - b.nextAt);
    const nextAt = byNext[0]?.nextAt;
    const lastError =
      byNext.find((r) => r.lastError)?.lastError ?? [...failed].sort((a, b) => b.queuedAt - a.queuedAt).find((r) => r.lastError)?.lastError;
    return { queued: queued.length, sent, failed: failed.length, ...(nextAt !== undefined ? { nextAt } : {}), ...(lastError ? { lastError } : {}) };
  });
}

// ---------------------------------------------------------------------------------------------
// Flush

export interface FlushOptions {
  fetch?: typeof fetch;
  now?: () => number;
  /** Budget of one HTTP request (default 15 s). */
  timeoutMs?: number;
  /** Statements per POST (default 50). */
  batchSize?: number;
  /** Jitter source of the backoff (default Math.random; `() => 0` for the exact schedule). */
  random?: () => number;
  /** How long a claim holds a batch without renewal (default `timeoutMs + 30 s`). */
  leaseMs?: number;
}

export type FlushStop = 'auth' | 'network' | 'server' | 'timeout' | 'rejected';

export interface FlushResult {
  /** Statements this flush saw delivered (accepted, or already held by the LRS). */
  sent: number;
  /** Statements still queued after the flush (due later, or held by another flush). */
  waiting: number;
  /** Statements this flush marked failed (refused by the LRS). */
  failed: number;
  /** Why the flush stopped before the queue was empty of due statements. */
  stopped?: FlushStop;
}

interface Resolved {
  fetch: typeof fetch;
  now: () => number;
  timeoutMs: number;
  batchSize: number;
  random: () => number;
  leaseMs: number;
}

/** A claimed statement: its lease end is the token that says this flush still holds it. */
interface Held {
  id: string;
  statement: Record<string, unknown>;
  previousNextAt: number;
  until: number;
}

type Reply = { kind: 'status'; status: number; body: string } | { kind: 'network'; detail: string } | { kind: 'timeout' };

type Action = { kind: 'sent'; note?: OutboxNote } | { kind: 'failed'; note: OutboxNote } | { kind: 'retry'; note: OutboxNote } | { kind: 'release'; note: OutboxNote };

interface Counts {
  sent: number;
  failed: number;
  /** The earliest new `nextAt` of the statements rescheduled. */
  retryAt?: number;
}

interface Step extends Counts {
  stopped?: FlushStop;
}

/**
 * Sends the due queued statements to the LRS, batch by batch, until none is due or a failure
 * stops it (see the module's notes for each answer). Safe to run in several tabs at once.
 *
 * @example
 * const r = await flushOutbox(db, config); // { sent: 12, waiting: 0, failed: 0 }
 * if (r.stopped === 'auth') showCredentialsProblem();
 */
export async function flushOutbox(db: PalierDatabase, config: LrsConfig, opts: FlushOptions = {}): Promise<FlushResult> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const o: Resolved = {
    fetch: opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init)),
    now: opts.now ?? Date.now,
    timeoutMs,
    batchSize: Math.max(1, Math.floor(opts.batchSize ?? 50)),
    random: opts.random ?? Math.random,
    leaseMs: opts.leaseMs ?? timeoutMs + 30_000,
  };
  let sent = 0;
  let failed = 0;
  let stopped: FlushStop | undefined;
  for (;;) {
    const batch = await claim(db, o);
    if (batch.length === 0) break;
    const step = await sendBatch(db, config, batch, o);
    sent += step.sent;
    failed += step.failed;
    if (step.stopped) {
      stopped = step.stopped;
      const t = o.now();
      if (stopped !== 'auth') await postponeDue(db, t, step.retryAt ?? t + backoffDelay(1, o.random));
      break;
    }
  }
  const waiting = await db.outbox.where('state').equals('queued').count();
  return { sent, waiting, failed, ...(stopped ? { stopped } : {}) };
}

/** Claims up to `batchSize` due statements (oldest first) by leasing them, in one transaction. */
async function claim(db: PalierDatabase, o: Resolved): Promise<Held[]> {
  return db.transaction('rw', db.outbox, async () => {
    const t = o.now();
    const due = await db.outbox
      .where('state')
      .equals('queued')
      .filter((r) => r.nextAt <= t)
      .toArray();
    due.sort((a, b) => a.queuedAt - b.queuedAt || String(a.statement.timestamp ?? '').localeCompare(String(b.statement.timestamp ?? '')));
    const batch = due.slice(0, o.batchSize);
    const until = t + o.leaseMs;
    await db.outbox.bulkPut(batch.map((r) => ({ ...r, nextAt: until })));
    return batch.map((r) => ({ id: r.id, statement: r.statement, previousNextAt: r.nextAt, until }));
  });
}

/** Extends the lease of the statements this flush still holds; returns those. */
async function renew(db: PalierDatabase, items: Held[], o: Resolved): Promise<Held[]> {
  return db.transaction('rw', db.outbox, async () => {
    const until = o.now() + o.leaseMs;
    const records = await db.outbox.bulkGet(items.map((i) => i.id));
    const kept: Held[] = [];
    const updated: OutboxRecord[] = [];
    items.forEach((item, i) => {
      const r = records[i];
      if (!r || r.state !== 'queued' || r.nextAt !== item.until) return;
      item.until = until;
      kept.push(item);
      updated.push({ ...r, nextAt: until });
    });
    await db.outbox.bulkPut(updated);
    return kept;
  });
}

/** Writes the outcome of a request. « Sent » is a fact from the LRS and always applies. */
async function settle(db: PalierDatabase, items: Held[], action: Action, o: Resolved): Promise<Counts> {
  return db.transaction('rw', db.outbox, async () => {
    const t = o.now();
    const records = await db.outbox.bulkGet(items.map((i) => i.id));
    let sent = 0;
    let failed = 0;
    let retryAt: number | undefined;
    const updated: OutboxRecord[] = [];
    items.forEach((item, i) => {
      const r = records[i];
      if (!r) return;
      if (action.kind === 'sent') {
        if (r.state === 'sent') return;
        const { lastError: _dropped, ...rest } = r;
        updated.push({ ...rest, state: 'sent', sentAt: t, ...(action.note ? { lastError: formatNote(action.note) } : {}) });
        sent++;
        return;
      }
      const held = r.state === 'queued' && r.nextAt === item.until;
      if (!held) return;
      const lastError = formatNote(action.note);
      if (action.kind === 'failed') {
        updated.push({ ...r, state: 'failed', tries: r.tries + 1, lastError });
        failed++;
      } else if (action.kind === 'retry') {
        const tries = r.tries + 1;
        const nextAt = t + backoffDelay(tries, o.random);
        retryAt = Math.min(retryAt ?? Infinity, nextAt);
        updated.push({ ...r, tries, nextAt, lastError });
      } else {
        updated.push({ ...r, nextAt: item.previousNextAt, lastError });
      }
    });
    await db.outbox.bulkPut(updated);
    return { sent, failed, ...(retryAt !== undefined ? { retryAt } : {}) };
  });
}

/** After a stop, the other due statements wait as long as the batch that failed (no try counted). */
async function postponeDue(db: PalierDatabase, now: number, until: number): Promise<void> {
  await db.outbox
    .where('state')
    .equals('queued')
    .filter((r) => r.nextAt <= now)
    .modify((r) => {
      r.nextAt = until;
    });
}

async function request(o: Resolved, url: string, init: RequestInit): Promise<Reply> {
  const d = deadline(o.timeoutMs);
  try {
    let res: Response;
    try {
      res = await raceSignal(o.fetch(url, { ...init, signal: d.signal, cache: 'no-store' }), d.signal);
    } catch (error) {
      if (d.timedOut()) return { kind: 'timeout' };
      return { kind: 'network', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
    // The status is the answer; a body that does not arrive changes nothing to it.
    const body = await raceSignal(res.text(), d.signal).catch(() => '');
    return { kind: 'status', status: res.status, body };
  } finally {
    d.dispose();
  }
}

/** What a failed reply means for the statements it was about (undefined: a success). */
function failureOf(reply: Reply): { action: Action; stop: FlushStop } | undefined {
  if (reply.kind === 'timeout') return { action: { kind: 'retry', note: { code: 'timeout' } }, stop: 'timeout' };
  if (reply.kind === 'network') return { action: { kind: 'retry', note: { code: 'network', detail: reply.detail } }, stop: 'network' };
  const { status } = reply;
  if (status >= 200 && status < 300) return undefined;
  const detail = lrsMessage(reply.body);
  const note = (code: OutboxNoteCode): OutboxNote => ({ code, status, ...(detail ? { detail } : {}) });
  if (status === 401 || status === 403) return { action: { kind: 'release', note: note('auth') }, stop: 'auth' };
  if (status >= 500 || status === 429 || status === 408) return { action: { kind: 'retry', note: note('server') }, stop: 'server' };
  return { action: { kind: 'retry', note: note('rejected') }, stop: 'rejected' };
}

const INVALID = new Set([400, 413, 422]);

async function sendBatch(db: PalierDatabase, config: LrsConfig, batch: Held[], o: Resolved): Promise<Step> {
  const reply = await request(o, `${config.endpoint}/statements`, {
    method: 'POST',
    headers: xapiHeaders(config, true),
    body: JSON.stringify(batch.map((b) => b.statement)),
  });
  if (reply.kind === 'status' && (reply.status === 409 || INVALID.has(reply.status))) return sendEach(db, config, batch, o);
  const failure = failureOf(reply);
  if (!failure) return { ...(await settle(db, batch, { kind: 'sent' }, o)) };
  const counts = await settle(db, batch, failure.action, o);
  return { ...counts, stopped: failure.stop };
}

/** One PUT per statement, after a batch the LRS would not take whole. */
async function sendEach(db: PalierDatabase, config: LrsConfig, batch: Held[], o: Resolved): Promise<Step> {
  let sent = 0;
  let failed = 0;
  let remaining = batch;
  while (remaining.length > 0) {
    remaining = await renew(db, remaining, o);
    const item = remaining[0];
    if (!item) break;
    const reply = await request(o, `${config.endpoint}/statements?statementId=${encodeURIComponent(item.id)}`, {
      method: 'PUT',
      headers: xapiHeaders(config, true),
      body: JSON.stringify(item.statement),
    });
    let action: Action | undefined;
    if (reply.kind === 'status' && reply.status === 409) {
      // The LRS holds this id already: it arrived once, it is not sent again.
      const detail = lrsMessage(reply.body);
      action = { kind: 'sent', note: { code: 'already', status: 409, ...(detail ? { detail } : {}) } };
    } else if (reply.kind === 'status' && INVALID.has(reply.status)) {
      const detail = lrsMessage(reply.body);
      action = { kind: 'failed', note: { code: 'invalid', status: reply.status, ...(detail ? { detail } : {}) } };
    } else {
      const failure = failureOf(reply);
      if (failure) {
        // This statement and the ones not tried yet keep their place in the queue.
        const counts = await settle(db, remaining, failure.action, o);
        return { ...counts, sent: sent + counts.sent, failed: failed + counts.failed, stopped: failure.stop };
      }
      action = { kind: 'sent' };
    }
    const counts = await settle(db, [item], action, o);
    sent += counts.sent;
    failed += counts.failed;
    remaining = remaining.slice(1);
  }
  return { sent, failed };
}

// ---------------------------------------------------------------------------------------------
// Runner

export interface OutboxRunnerOptions extends FlushOptions {
  /** Source of the 'online' event (default: `window` when there is one). */
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** Timers (default setTimeout/clearTimeout); tests read the delays from here. */
  timers?: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void };
  /** After credentials were refused, look again this often (default 5 min): another tab may fix them. */
  authRetryMs?: number;
  /** With nothing due (or no LRS configured), look again this often (default 5 min). */
  idleCheckMs?: number;
  /** Called after every flush the runner makes. */
  onFlush?: (result: FlushResult) => void;
}

export interface OutboxRunner {
  stop(): void;
  /** Flushes now (after the flush in progress, if any; calls made meanwhile share one flush). */
  flushNow(): Promise<FlushResult>;
}

/**
 * Keeps the outbox draining without anyone pressing a button: flushes on start, when the browser
 * comes back online, when statements are queued or the LRS settings change in this tab, and on a
 * timer at the next due time — only while an LRS is configured.
 *
 * @example
 * const runner = startOutbox(database());
 * // … later, when the trainer leaves the Revue:
 * runner.stop();
 */
export function startOutbox(db: PalierDatabase, opts: OutboxRunnerOptions = {}): OutboxRunner {
  const now = opts.now ?? Date.now;
  const timers = opts.timers ?? { set: (fn: () => void, ms: number) => setTimeout(fn, ms), clear: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  const events = opts.events ?? (typeof window !== 'undefined' ? window : undefined);
  const idleMs = opts.idleCheckMs ?? 300_000;
  let stopped = false;
  let timer: unknown;
  let running: Promise<FlushResult> | undefined;
  let queued: Promise<FlushResult> | undefined;

  const arm = (ms: number): void => {
    if (timer !== undefined) timers.clear(timer);
    timer = stopped ? undefined : timers.set(() => {
      timer = undefined;
      void flushNow().catch(() => arm(idleMs));
    }, Math.max(0, ms));
  };

  const once = async (): Promise<FlushResult> => {
    const config = await lrsConfig(db);
    if (!config) {
      const waiting = await db.outbox.where('state').equals('queued').count();
      if (!stopped) arm(idleMs);
      return { sent: 0, waiting, failed: 0 };
    }
    const result = await flushOutbox(db, config, opts);
    if (!stopped) {
      if (result.stopped === 'auth') arm(opts.authRetryMs ?? 300_000);
      else {
        const { nextAt } = await outboxCounts(db);
        arm(nextAt === undefined ? idleMs : Math.min(idleMs, Math.max(250, nextAt - now())));
      }
      opts.onFlush?.(result);
    }
    return result;
  };

  const flushNow = (): Promise<FlushResult> => {
    if (!running) {
      running = once().finally(() => {
        running = undefined;
      });
      return running;
    }
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return flushNow();
      });
    return queued;
  };

  const wake = (): void => {
    if (!stopped) void flushNow().catch(() => arm(idleMs));
  };
  events?.addEventListener('online', wake);
  enqueueListeners.add(wake);
  const unwatch = watchLrsConfig(wake);
  wake();

  return {
    stop: () => {
      stopped = true;
      if (timer !== undefined) timers.clear(timer);
      timer = undefined;
      events?.removeEventListener('online', wake);
      enqueueListeners.delete(wake);
      unwatch();
    },
    flushNow,
  };
}
