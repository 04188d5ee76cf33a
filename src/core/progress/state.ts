import { attemptTime, DAY, type AttemptInput, type CardInput, type ScenarioInput } from './inputs.ts';
import { MASTERY, overallMastery, weightedMastery, type CompetencyMastery, type MasteryOptions, type MasteryPoint } from './mastery.ts';
import { palierOf, type PalierStatus } from './paliers.ts';
import type { ProgressReport } from './progress.ts';
import { RECOMMEND, recommendFrom, type RecommendOptions, type Review } from './recommend.ts';
import type { LastAttempt, ScenarioSummary } from './summary.ts';

/**
 * A profile's progress as a running total: everything the progress report needs from the ended
 * attempts, folded one attempt at a time in the order they ended. Stored once per profile and
 * updated when an attempt ends, it lets the catalogue and the progression show a profile's standing
 * without reading its attempts (10,000 of them take seconds to read on a phone).
 *
 * The attempt-based functions (`masteryByCompetency`, `summariseScenarios`, `reviewsOf`,
 * `standingOf`, `recommend`, `progressReport`) stay the reference: a property test holds
 * {@link reportFrom} over {@link progressStateOf} equal to `progressReport`, with the mastery
 * series kept to their last {@link SERIES_CAP} points.
 *
 * The state is plain JSON (no Map, no class), so IndexedDB and exports keep it as is.
 *
 * @example
 * let progress = progressStateOf(attempts);
 * progress = foldAttempt(progress, justEnded) ?? progressStateOf([...attempts, justEnded]);
 * reportFrom(progress, { active: [], scenarios: catalogue, now: Date.now() }).palier.current.id; // 'junior'
 */

/** Changes whenever the shape or meaning of a stored state changes: a state of another format is rebuilt. */
export const PROGRESS_FORMAT = 1;

/** Points of each competency's mastery series kept in a stored state (the chart shows these). */
export const SERIES_CAP = 30;

export interface ProgressOptions extends MasteryOptions {
  /** See {@link RECOMMEND.reviewBelow}: the streak of scores below it is counted as attempts end. */
  reviewBelow: number;
  /** Series points kept per competency (the latest ones). */
  seriesCap: number;
}

const DEFAULTS: Readonly<ProgressOptions> = { ...MASTERY, reviewBelow: RECOMMEND.reviewBelow, seriesCap: SERIES_CAP };

/** What one profile did with one scenario, folded. */
export interface ScenarioState {
  /** Finished attempts, replays included. */
  finished: number;
  /** Best finished score (the later one on a tie). */
  best: { attemptId: string; percent: number; provisional: boolean } | undefined;
  /** The latest ended attempt (finished or abandoned). */
  last: LastAttempt | undefined;
  /** The latest finished attempt. */
  lastFinished: { attemptId: string; percent: number; at: number } | undefined;
  /** Finished attempts in a row, ending with the latest, that scored below `reviewBelow`. */
  belowStreak: number;
}

/** One competency's observations, folded. */
export interface CompetencyState {
  observations: number;
  firstPractisedAt: number;
  lastPractisedAt: number;
  /** The last `window` observations: all the mean reads. */
  recent: Array<{ at: number; ratio: number }>;
  /** The latest `seriesCap` points of the mastery series, oldest first. */
  series: MasteryPoint[];
}

export interface ProgressState {
  format: number;
  /** The last attempt folded, by end time then id: an attempt that sorts before it needs a rebuild. */
  last: { at: number; id: string } | undefined;
  /** Ended attempts folded (finished or abandoned). */
  ended: number;
  /** Finished attempts folded. */
  finished: number;
  scenarios: Record<string, ScenarioState>;
  competencies: Record<string, CompetencyState>;
}

/** The state of a profile that has ended no attempt. */
export function emptyProgress(): ProgressState {
  return { format: PROGRESS_FORMAT, last: undefined, ended: 0, finished: 0, scenarios: {}, competencies: {} };
}

/** Compares two attempts in the order they are folded: by end time, then id. */
function byEnd(a: { at: number; id: string }, b: { at: number; id: string }): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Whether `attempt` can be folded into `state` as is: it has ended, and it ended after every
 * attempt already folded (otherwise the running totals would be out of order: rebuild instead).
 */
export function canFold(state: ProgressState, attempt: AttemptInput): boolean {
  if (attempt.status === 'active' || state.format !== PROGRESS_FORMAT) return false;
  return state.last === undefined || byEnd(state.last, { at: attemptTime(attempt), id: attempt.id }) < 0;
}

/** Earned and possible points per competency in a card (decided criteria only), as `observationsOf` counts them. */
function competencyRatios(card: CardInput): Map<string, { earned: number; possible: number }> {
  const sums = new Map<string, { earned: number; possible: number }>();
  for (const c of card.criteria) {
    if (c.status === 'pending' || !(c.weight > 0)) continue;
    const s = sums.get(c.competency) ?? { earned: 0, possible: 0 };
    s.earned += Math.min(Math.max(c.points, 0), c.weight);
    s.possible += c.weight;
    sums.set(c.competency, s);
  }
  return sums;
}

/** Folds one ended attempt in place (the caller checked {@link canFold}). */
function foldInPlace(state: ProgressState, a: AttemptInput, o: ProgressOptions): void {
  const at = attemptTime(a);
  state.last = { at, id: a.id };
  state.ended++;
  const s = (state.scenarios[a.scenarioId] ??= { finished: 0, best: undefined, last: undefined, lastFinished: undefined, belowStreak: 0 });
  const provisional = (a.card?.pendingWeight ?? 0) > 0;
  s.last = { attemptId: a.id, at, status: a.status === 'finished' ? 'finished' : 'abandoned', outcome: a.outcome, percent: a.card?.percent, provisional };
  if (a.status !== 'finished' || !a.card) return;
  const percent = a.card.percent;
  state.finished++;
  s.finished++;
  if (!s.best || percent >= s.best.percent) s.best = { attemptId: a.id, percent, provisional };
  s.lastFinished = { attemptId: a.id, percent, at };
  s.belowStreak = percent < o.reviewBelow ? s.belowStreak + 1 : 0;
  for (const [competency, { earned, possible }] of competencyRatios(a.card)) {
    const c = (state.competencies[competency] ??= { observations: 0, firstPractisedAt: at, lastPractisedAt: at, recent: [], series: [] });
    c.observations++;
    c.lastPractisedAt = at;
    c.recent.push({ at, ratio: earned / possible });
    if (c.recent.length > o.window) c.recent.splice(0, c.recent.length - o.window);
    c.series.push({ at, attemptId: a.id, value: weightedMastery(c.recent, o) });
    if (c.series.length > o.seriesCap) c.series.splice(0, c.series.length - o.seriesCap);
  }
}

/**
 * The state with one more ended attempt, or `undefined` when it cannot be folded (see
 * {@link canFold}): then rebuild with {@link progressStateOf}. The given state is not changed.
 *
 * @example
 * foldAttempt(emptyProgress(), { id: 'a', scenarioId: 's', status: 'finished', startedAt: 1, endedAt: 2, card })?.finished; // 1
 */
export function foldAttempt(state: ProgressState, attempt: AttemptInput, options: Partial<ProgressOptions> = {}): ProgressState | undefined {
  if (!canFold(state, attempt)) return undefined;
  const next = structuredClone(state);
  foldInPlace(next, attempt, { ...DEFAULTS, ...options });
  return next;
}

/**
 * The state of a profile from all its attempts (active ones are left out: they have not ended).
 *
 * @example
 * progressStateOf(attempts).ended; // finished + abandoned attempts
 */
export function progressStateOf(attempts: readonly AttemptInput[], options: Partial<ProgressOptions> = {}): ProgressState {
  const o = { ...DEFAULTS, ...options };
  const ended = attempts.filter((a) => a.status !== 'active').map((a) => ({ a, at: attemptTime(a), id: a.id }));
  ended.sort(byEnd);
  const state = emptyProgress();
  for (const { a } of ended) foldInPlace(state, a, o);
  return state;
}

/** Mastery per competency, as `masteryByCompetency` gives it (series kept to the state's cap). */
export function masteryFrom(state: ProgressState): Map<string, CompetencyMastery> {
  const out = new Map<string, CompetencyMastery>();
  for (const [competency, c] of Object.entries(state.competencies)) {
    const last = c.series[c.series.length - 1];
    if (!last) continue;
    out.set(competency, {
      competency,
      value: last.value,
      observations: c.observations,
      firstPractisedAt: c.firstPractisedAt,
      lastPractisedAt: c.lastPractisedAt,
      series: c.series,
    });
  }
  return out;
}

/** The review schedule, as `reviewsOf` gives it. */
export function reviewsFrom(state: ProgressState, options: Partial<RecommendOptions> = {}): Review[] {
  const { reviewIntervalsDays } = { ...RECOMMEND, ...options };
  const reviews: Review[] = [];
  for (const [scenarioId, s] of Object.entries(state.scenarios)) {
    const last = s.lastFinished;
    if (!last || s.belowStreak === 0) continue;
    const intervalDays = reviewIntervalsDays[Math.min(s.belowStreak, reviewIntervalsDays.length) - 1] ?? 1;
    reviews.push({ scenarioId, attemptId: last.attemptId, lastPercent: last.percent, lastAt: last.at, streak: s.belowStreak, intervalDays, dueAt: last.at + intervalDays * DAY });
  }
  return reviews.sort((a, b) => a.dueAt - b.dueAt || a.lastPercent - b.lastPercent || (a.scenarioId < b.scenarioId ? -1 : a.scenarioId > b.scenarioId ? 1 : 0));
}

/** Per-scenario summaries, as `summariseScenarios` gives them; `active` are the attempts still open. */
export function summariesFrom(state: ProgressState, active: readonly AttemptInput[]): Map<string, ScenarioSummary> {
  const out = new Map<string, ScenarioSummary>();
  for (const [scenarioId, s] of Object.entries(state.scenarios)) {
    out.set(scenarioId, { scenarioId, finished: s.finished, best: s.best, last: s.last, active: undefined });
  }
  for (const a of active) {
    if (a.status !== 'active') continue;
    const at = attemptTime(a);
    const s = out.get(a.scenarioId) ?? { scenarioId: a.scenarioId, finished: 0, best: undefined, last: undefined, active: undefined };
    out.set(a.scenarioId, s);
    if (!s.active || at > s.active.at) s.active = { attemptId: a.id, at };
  }
  return out;
}

/** The palier, as `palierOf(standingOf(…))` gives it. */
export function palierFrom(state: ProgressState, scenarios: readonly ScenarioInput[], mastery: ReadonlyMap<string, CompetencyMastery>): PalierStatus {
  const levels = new Map(scenarios.map((s) => [s.id, s.level]));
  let level = 0;
  for (const [id, s] of Object.entries(state.scenarios)) if (s.finished > 0) level = Math.max(level, levels.get(id) ?? 0);
  return palierOf({ overall: overallMastery(mastery), competencies: mastery.size, level });
}

export interface ReportInput {
  /** The profile's attempts still open (for « reprendre »). */
  active: readonly AttemptInput[];
  scenarios: readonly ScenarioInput[];
  now: number;
  competencyOrder?: readonly string[] | undefined;
}

/**
 * The progress report from a folded state: what `progressReport` gives from the attempts.
 *
 * @example
 * reportFrom(progressStateOf(attempts), { active: [], scenarios: catalogue, now: Date.now() }).finished; // 12
 */
export function reportFrom(state: ProgressState, input: ReportInput): ProgressReport {
  const mastery = masteryFrom(state);
  const palier = palierFrom(state, input.scenarios, mastery);
  const history = new Map<string, { last: number; count: number }>();
  for (const [id, s] of Object.entries(state.scenarios)) if (s.lastFinished) history.set(id, { last: s.lastFinished.at, count: s.finished });
  const recommendation = recommendFrom(
    { finished: state.finished, reviews: reviewsFrom(state), history },
    { scenarios: input.scenarios, mastery, palier: palier.current, now: input.now, competencyOrder: input.competencyOrder },
  );
  return { finished: state.finished, mastery, palier, recommendation, summaries: summariesFrom(state, input.active) };
}
