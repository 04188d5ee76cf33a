import type { CompiledScenario } from '../core/dialogue/compiled.ts';
import { createSession, resumeSession, ResumeError, type Reply, type Session } from '../core/dialogue/session.ts';
import type { TenantLine, Trace, TraceEntry } from '../core/dialogue/trace.ts';
import { scoreTrace } from '../core/scoring/score.ts';
import type { UnderstandingResult } from '../core/understanding/understanding.ts';
import type { AttemptRecord, InputMode, PalierDatabase } from '../db/db.ts';
import { storedAttempt } from './card-texts.ts';
import { foldEnded } from './progress-store.ts';

/**
 * Attempts: start, play, resume, abandon, replay from a turn. Every trace entry is written to the
 * database before the caller shows the tenant's reply, so a reload or a closed tab loses nothing
 * and the attempt resumes at the same turn with the same state.
 */

export type PracticeError =
  | { code: 'attempt-not-found' }
  | { code: 'scenario-not-found'; scenarioId: string }
  | { code: 'scenario-changed'; scenarioId: string }
  | { code: 'write-failed'; message: string; /** The device's storage is full (quota exceeded). */ full?: boolean };

export interface StartOptions {
  profileId: string;
  scenario: CompiledScenario;
  mode: InputMode;
  evaluation: boolean;
  /** « IA »: the tenant voiced by the configured model (free text only). */
  ai?: { provider: string; model: string };
  seed?: number;
  now?: number;
}

/** Creates an attempt and writes its opening. */
export async function startAttempt(db: PalierDatabase, o: StartOptions): Promise<AttemptRecord> {
  const now = o.now ?? Date.now();
  const seed = o.seed ?? (now % 2_147_483_647);
  const session = createSession(o.scenario, { seed });
  const attempt: AttemptRecord = {
    id: crypto.randomUUID(),
    profileId: o.profileId,
    scenarioId: o.scenario.id,
    scenarioVersion: o.scenario.version,
    scenarioHash: o.scenario.hash,
    mode: o.mode,
    evaluation: o.evaluation,
    seed: session.trace.seed,
    status: 'active',
    startedAt: now,
    updatedAt: now,
    opening: session.trace.opening,
    entryCount: 0,
    ...(o.ai ? { voice: 'ai' as const, ai: o.ai } : {}),
  };
  await db.attempts.add(attempt);
  return attempt;
}

/** The attempt's trace as stored. */
export async function loadTrace(db: PalierDatabase, attempt: AttemptRecord): Promise<Trace> {
  const rows = await db.entries.where('attemptId').equals(attempt.id).sortBy('index');
  return {
    scenarioId: attempt.scenarioId,
    scenarioVersion: attempt.scenarioVersion,
    scenarioHash: attempt.scenarioHash,
    seed: attempt.seed,
    opening: attempt.opening,
    entries: rows.map((r) => r.entry),
    ...(attempt.outcome ? { outcome: attempt.outcome } : {}),
  };
}

/**
 * A running attempt: the core session, kept in step with the database.
 *
 * @example
 * const run = await openRun(db, attemptId, loadScenario);
 * if ('run' in run) await run.run.choose(0); // committed before it returns
 */
export class PracticeRun {
  readonly db: PalierDatabase;
  readonly compiled: CompiledScenario;
  attempt: AttemptRecord;
  session: Session;

  constructor(db: PalierDatabase, compiled: CompiledScenario, attempt: AttemptRecord, session: Session) {
    this.db = db;
    this.compiled = compiled;
    this.attempt = attempt;
    this.session = session;
  }

  /** Plays a guided choice (its position in the offered choices). */
  choose(index: number): Promise<TraceEntry | PracticeError | undefined> {
    return this.#commit(() => this.session.choose(index));
  }

  /** Plays free text already understood; an abstention makes the tenant ask to rephrase. */
  say(text: string, understood: UnderstandingResult): Promise<TraceEntry | PracticeError | undefined> {
    if (understood.abstained) return this.#commit(() => this.session.unclear(text, understood.engine));
    const scores = Object.fromEntries(understood.candidates.map((c) => [c.act, c.score]));
    const reply: Reply = { acts: understood.acts, text, engine: understood.engine, scores };
    return this.#commit(() => this.session.reply(reply));
  }

  hint(): Promise<TraceEntry | PracticeError | undefined> {
    return this.#commit(() => this.session.hint());
  }

  /**
   * Stores new words for a tenant line already shown and committed (a model voiced it). Only the
   * words change: the machine's state was committed with the turn.
   */
  async revoice(entryIndex: number, lineIndex: number, line: TenantLine): Promise<boolean> {
    if (!this.session.revoice(entryIndex, lineIndex, line)) return false;
    const entry = this.session.trace.entries[entryIndex];
    if (entry) await this.db.entries.put({ attemptId: this.attempt.id, index: entryIndex, entry });
    else await this.db.attempts.put((this.attempt = { ...this.attempt, opening: this.session.trace.opening }));
    return true;
  }

  /** Ends the attempt without an outcome; it is scored as it stands. */
  async abandon(now = Date.now()): Promise<void> {
    const card = scoreTrace(this.compiled, this.session.trace);
    const next: AttemptRecord = { ...this.attempt, status: 'abandoned', endedAt: now, updatedAt: now, card };
    await this.db.transaction('rw', [this.db.attempts, this.db.rubricTexts, this.db.progress], async () => {
      await storedAttempt(this.db, next);
      await foldEnded(this.db, next);
    });
    this.attempt = next;
  }

  /**
   * Runs one move of the session, then writes its entry (and, if the conversation ended, the
   * score) in one transaction. If the write fails, the session is rebuilt from what is stored,
   * so memory never runs ahead of the database.
   */
  async #commit(move: () => TraceEntry | undefined): Promise<TraceEntry | PracticeError | undefined> {
    const index = this.session.trace.entries.length;
    const entry = move();
    if (!entry) return undefined;
    const now = Date.now();
    const done = this.session.snapshot().done;
    const next: AttemptRecord = { ...this.attempt, entryCount: index + 1, updatedAt: now };
    if (done) {
      next.status = 'finished';
      next.endedAt = now;
      if (this.session.trace.outcome) next.outcome = this.session.trace.outcome;
      next.card = scoreTrace(this.compiled, this.session.trace);
    }
    try {
      if (done) {
        await this.db.transaction('rw', [this.db.entries, this.db.attempts, this.db.rubricTexts, this.db.progress], async () => {
          await this.db.entries.put({ attemptId: this.attempt.id, index, entry });
          await storedAttempt(this.db, next);
          await foldEnded(this.db, next);
        });
      } else {
        // An ordinary turn writes one row: the entry is the truth, the attempt record's counters
        // follow when it ends (or lazily, see `touch`). One write keeps the reply within a frame.
        await this.db.entries.put({ attemptId: this.attempt.id, index, entry });
      }
      this.attempt = next;
      return entry;
    } catch (e) {
      this.session = resumeSession(this.compiled, await loadTrace(this.db, this.attempt));
      const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      // Dexie wraps the browser's QuotaExceededError; either name means the device is full.
      const inner = (e as { inner?: unknown } | null)?.inner;
      const full = [e, inner].some((x) => x instanceof Error && x.name === 'QuotaExceededError') || /QuotaExceeded/.test(message);
      return full ? { code: 'write-failed', message, full } : { code: 'write-failed', message };
    }
  }
}

/**
 * Opens a stored attempt, rebuilding its session exactly as it was. `load` is asked for the version
 * and hash the attempt was started with (a scenario republished since still resumes on its own
 * version when that version is still stored).
 */
export async function openRun(
  db: PalierDatabase,
  attemptId: string,
  load: (scenarioId: string, pinned: { version: number; hash: string }) => Promise<CompiledScenario | undefined>,
): Promise<{ run: PracticeRun } | { error: PracticeError }> {
  const attempt = await db.attempts.get(attemptId);
  if (!attempt) return { error: { code: 'attempt-not-found' } };
  const compiled = await load(attempt.scenarioId, { version: attempt.scenarioVersion, hash: attempt.scenarioHash });
  if (!compiled) return { error: { code: 'scenario-not-found', scenarioId: attempt.scenarioId } };
  if (compiled.hash !== attempt.scenarioHash) return { error: { code: 'scenario-changed', scenarioId: attempt.scenarioId } };
  try {
    const session = resumeSession(compiled, await loadTrace(db, attempt));
    return { run: new PracticeRun(db, compiled, attempt, session) };
  } catch (e) {
    if (e instanceof ResumeError) return { error: { code: 'scenario-changed', scenarioId: attempt.scenarioId } };
    throw e;
  }
}

/**
 * Starts a new attempt that replays `attemptId` from its turn `turn` (1-based): the machine is
 * restored exactly as it was before that turn, and the new attempt is linked to the original.
 */
export async function replayFrom(
  db: PalierDatabase,
  attemptId: string,
  turn: number,
  now = Date.now(),
): Promise<{ attempt: AttemptRecord } | { error: PracticeError }> {
  const parent = await db.attempts.get(attemptId);
  if (!parent) return { error: { code: 'attempt-not-found' } };
  const trace = await loadTrace(db, parent);
  const cut = trace.entries.findIndex((e) => e.kind === 'turn' && e.turn === turn);
  const keep = cut < 0 ? trace.entries : trace.entries.slice(0, cut);
  const attempt: AttemptRecord = {
    id: crypto.randomUUID(),
    profileId: parent.profileId,
    scenarioId: parent.scenarioId,
    scenarioVersion: parent.scenarioVersion,
    scenarioHash: parent.scenarioHash,
    mode: parent.mode,
    evaluation: parent.evaluation,
    seed: parent.seed,
    status: 'active',
    startedAt: now,
    updatedAt: now,
    opening: parent.opening,
    entryCount: keep.length,
    parentId: parent.id,
    replayFromTurn: turn,
    ...(parent.voice ? { voice: parent.voice } : {}),
    ...(parent.ai ? { ai: parent.ai } : {}),
  };
  await db.transaction('rw', db.attempts, db.entries, async () => {
    await db.attempts.add(attempt);
    await db.entries.bulkPut(keep.map((entry, index) => ({ attemptId: attempt.id, index, entry })));
  });
  return { attempt };
}

/** The active attempt of a profile on a scenario, if one is waiting to be resumed. */
export async function activeAttempt(db: PalierDatabase, profileId: string, scenarioId: string): Promise<AttemptRecord | undefined> {
  const list = await db.attempts.where('[profileId+scenarioId]').equals([profileId, scenarioId]).toArray();
  return list.filter((a) => a.status === 'active').sort((a, b) => b.updatedAt - a.updatedAt)[0];
}
