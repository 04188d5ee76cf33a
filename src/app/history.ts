import { attemptTime, type ScenarioInput } from '../core/progress/inputs.ts';
import { progressReport, type ProgressReport } from '../core/progress/progress.ts';
import type { Outcome } from '../core/scenario/common.schema.ts';
import type { AttemptRecord, AttemptStatus, InputMode, PalierDatabase } from '../db/db.ts';

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

/**
 * A profile's attempts with their scores of record: where a trainer's « retour » was imported, its
 * corrected card replaces the played one (the trainer is the judge of record), for the progress
 * model and the history. The stored attempts keep the card as played.
 */
export async function recordedAttempts(db: PalierDatabase, profileId: string): Promise<AttemptRecord[]> {
  // The retours are few (one per reviewed attempt): read them all rather than one key per attempt.
  const [attempts, retours] = await Promise.all([profileAttempts(db, profileId), db.feedback.toArray()]);
  if (retours.length === 0) return attempts;
  const cards = new Map(retours.map((f) => [f.attemptId, f.card]));
  return attempts.map((a) => {
    const card = cards.get(a.id);
    return card ? { ...a, card } : a;
  });
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
 * last attempt per scenario.
 *
 * @example
 * const report = await profileProgress(database(), profile.id, { scenarios: catalogue });
 * report.summaries.get('degat-des-eaux-nuit')?.best?.percent; // 85
 */
export async function profileProgress(db: PalierDatabase, profileId: string, options: ProgressOptions): Promise<ProgressReport> {
  const attempts = await recordedAttempts(db, profileId);
  return progressReport({ attempts, scenarios: options.scenarios, competencyOrder: options.competencyOrder, now: options.now ?? Date.now() });
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
 * The attempt history of a profile, most recent first.
 *
 * @example
 * const rows = await attemptHistory(database(), profile.id);
 * rows[0]; // { scenarioId: 'degat-des-eaux-nuit', status: 'finished', percent: 72.5, replay: false, … }
 */
export async function attemptHistory(db: PalierDatabase, profileId: string): Promise<HistoryRow[]> {
  return historyRows(await recordedAttempts(db, profileId));
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
}

/**
 * The progression screen's data: the report and the history, from one read of the attempts.
 *
 * @example
 * const view = await progressView(database(), profile.id, { scenarios: catalogue });
 * view.report.palier.current.id; // 'junior'
 */
export async function progressView(db: PalierDatabase, profileId: string, options: ProgressOptions): Promise<ProgressView> {
  const attempts = await recordedAttempts(db, profileId);
  return {
    report: progressReport({ attempts, scenarios: options.scenarios, competencyOrder: options.competencyOrder, now: options.now ?? Date.now() }),
    history: historyRows(attempts),
  };
}
