import { attemptTime, type ScenarioInput } from '../core/progress/inputs.ts';
import type { ProgressReport } from '../core/progress/progress.ts';
import { reportFrom, type ProgressState } from '../core/progress/state.ts';
import type { Outcome } from '../core/scenario/common.schema.ts';
import type { AttemptRecord, AttemptStatus, InputMode, PalierDatabase } from '../db/db.ts';
import { recentAttempts, storedProgress } from './progress-store.ts';

export { recordedAttempts } from './progress-store.ts';

/**
 * Queries behind the catalogue (S'entraîner) and the progression screen: a profile's attempts, and
 * the progress model computed from them. Screens run these as live queries, so a finished attempt
 * shows up without a reload.
 */

/**
 * A profile's attempts, most recent first (by start, then id).
 *
 * @example
 * const attempts = await profileAttempts(database(), profile.id);
 */
export async function profileAttempts(db: PalierDatabase, profileId: string): Promise<AttemptRecord[]> {
  const list = await db.attempts.where('profileId').equals(profileId).toArray();
  return list.sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

export interface ProgressOptions {
  /** The bundled catalogue (or any list of scenarios). */
  scenarios: readonly ScenarioInput[];
  /** Competency ids in the library's order. */
  competencyOrder?: readonly string[];
  now?: number;
}

/**
 * The progress report of a profile: mastery, palier, recommended next scenario, best score and
 * last attempt per scenario. Reads the profile's stored progress (`progress-store.ts`), not its
 * attempts, unless that is missing or stale.
 *
 * @example
 * const report = await profileProgress(database(), profile.id, { scenarios: catalogue });
 * report.summaries.get('degat-des-eaux-nuit')?.best?.percent; // 85
 */
export async function profileProgress(db: PalierDatabase, profileId: string, options: ProgressOptions): Promise<ProgressReport> {
  const { state, active } = await storedProgress(db, profileId);
  return reportFrom(state, { active, scenarios: options.scenarios, competencyOrder: options.competencyOrder, now: options.now ?? Date.now() });
}

/** One line of the attempt history. */
export interface HistoryRow {
  attemptId: string;
  scenarioId: string;
  /** When it ended, or last moved while still open. */
  at: number;
  mode: InputMode;
  evaluation: boolean;
  status: AttemptStatus;
  outcome: Outcome | undefined;
  /** The score of a finished attempt (an abandoned one is scored too, but on half a conversation). */
  percent: number | undefined;
  provisional: boolean;
  /** Set on a replay: the turn it replayed from. */
  replayFromTurn: number | undefined;
  replay: boolean;
}

/**
 * The attempt history of a profile, most recent first: the `limit` attempts started last (all of
 * them when omitted), with the trainers' « retours » applied, and how many attempts there are.
 *
 * @example
 * const { rows, total } = await attemptHistory(database(), profile.id, 20);
 * rows[0]; // { scenarioId: 'degat-des-eaux-nuit', status: 'finished', percent: 72.5, replay: false, … }
 */
export async function attemptHistory(db: PalierDatabase, profileId: string, limit = Infinity): Promise<{ rows: HistoryRow[]; total: number }> {
  const [rows, { state, active }] = await Promise.all([historyPage(db, profileId, limit), storedProgress(db, profileId)]);
  return { rows, total: totalOf(state, active) };
}

/** Attempts in all: those ended (folded in the progress) and those still open. Counting them in the database is slow. */
function totalOf(state: ProgressState, active: readonly unknown[]): number {
  return state.ended + active.length;
}

/** The latest `limit` attempts as history rows. */
async function historyPage(db: PalierDatabase, profileId: string, limit: number): Promise<HistoryRow[]> {
  const attempts = Number.isFinite(limit) ? await recentAttempts(db, profileId, limit) : await db.attempts.where('profileId').equals(profileId).toArray();
  const retours = await db.feedback.bulkGet(attempts.map((a) => a.id));
  return historyRows(
    attempts.map((a, i) => {
      const card = retours[i]?.card;
      return card ? { ...a, card } : a;
    }),
  );
}

/** History rows from attempt records (most recent first). */
export function historyRows(attempts: readonly AttemptRecord[]): HistoryRow[] {
  return attempts
    .map((a) => ({
      attemptId: a.id,
      scenarioId: a.scenarioId,
      at: attemptTime(a),
      mode: a.mode,
      evaluation: a.evaluation,
      status: a.status,
      outcome: a.outcome,
      percent: a.status === 'finished' ? a.card?.percent : undefined,
      provisional: (a.card?.pendingWeight ?? 0) > 0,
      replayFromTurn: a.replayFromTurn,
      replay: a.parentId !== undefined,
    }))
    .sort((a, b) => b.at - a.at || (a.attemptId < b.attemptId ? 1 : a.attemptId > b.attemptId ? -1 : 0));
}

/** What the progression screen reads in one live query. */
export interface ProgressView {
  report: ProgressReport;
  history: HistoryRow[];
  /** Attempts in all (the history holds the latest `limit`). */
  total: number;
}

/**
 * The progression screen's data: the report (from the stored progress) and the latest `limit`
 * attempts of the history.
 *
 * @example
 * const view = await progressView(database(), profile.id, { scenarios: catalogue }, 20);
 * view.report.palier.current.id; // 'junior'
 */
export async function progressView(db: PalierDatabase, profileId: string, options: ProgressOptions, limit = Infinity): Promise<ProgressView> {
  const [{ state, active }, history] = await Promise.all([storedProgress(db, profileId), historyPage(db, profileId, limit)]);
  const report = reportFrom(state, { active, scenarios: options.scenarios, competencyOrder: options.competencyOrder, now: options.now ?? Date.now() });
  return { report, history, total: totalOf(state, active) };
}
