import { attemptTime, DAY, finishedAttempts, type AttemptInput } from './inputs.ts';

/**
 * Mastery per competency, from recent criterion results.
 *
 * 1. **Observation.** Each finished attempt gives, for each competency its rubric touches, one
 *    observation `r = earned / possible`, summed over that competency's *decided* criteria
 *    (`met`, `missed`, `overridden`); `pending` judged criteria wait for a trainer and count for
 *    nothing yet. Criteria are read one by one, so the critical cap on the total does not blur a
 *    competency (the missed critical criterion already lowers its own competency). Abandoned and
 *    active attempts give none. A replay is an attempt of its own and gives observations.
 * 2. **Mastery.** After its k-th observation, a competency's mastery is the recency-weighted mean of
 *    its last {@link MASTERY.window} observations:
 *
 *    `M = Σ wᵢ·rᵢ / Σ wᵢ`, with `wᵢ = 2^(−(t_k − tᵢ) / H)` and `H` = {@link MASTERY.halfLifeDays} days.
 *
 *    A result 21 days older than the latest one counts half as much; two results of the same day
 *    count the same. Since every weight shares the factor `2^(−t/H)`, the mean does not change
 *    between observations: mastery is a step function, and its value at each observation is the
 *    whole series. It does not fade with disuse — staleness is the recommendation's business
 *    (« not practised recently »).
 *
 * @example
 * // r = 0.4 on day 0, r = 1 on day 21 → (0.5·0.4 + 1·1) / (0.5 + 1) = 0.8
 */
export const MASTERY: Readonly<MasteryOptions> = {
  halfLifeDays: 21,
  window: 5,
};

export interface MasteryOptions {
  /** Days after which a result weighs half as much as the newest one. */
  halfLifeDays: number;
  /** How many of a competency's latest observations the mean reads. */
  window: number;
}

/** One competency's result in one finished attempt. */
export interface Observation {
  attemptId: string;
  scenarioId: string;
  competency: string;
  at: number;
  earned: number;
  possible: number;
  /** earned / possible, in [0, 1]. */
  ratio: number;
}

/** A point of a competency's mastery series: its value after the observation at `at`. */
export interface MasteryPoint {
  at: number;
  attemptId: string;
  value: number;
}

export interface CompetencyMastery {
  competency: string;
  /** Current mastery, in [0, 1]. */
  value: number;
  /** Observations ever made (the mean reads the last {@link MASTERY.window}). */
  observations: number;
  firstPractisedAt: number;
  lastPractisedAt: number;
  /** Mastery after each observation, oldest first (for the chart and its table). */
  series: MasteryPoint[];
}

/**
 * Observations of every finished attempt, oldest first.
 *
 * @example
 * observationsOf([{
 *   id: 'a1', scenarioId: 'fuite', status: 'finished', startedAt: 0, endedAt: 10,
 *   card: { percent: 50, pendingWeight: 1, criteria: [
 *     { competency: 'securite', status: 'met', points: 2, weight: 2 },
 *     { competency: 'securite', status: 'missed', points: 0, weight: 2 },
 *     { competency: 'empathie', status: 'pending', points: 0, weight: 1 },
 *   ] },
 * }]);
 * // [{ competency: 'securite', earned: 2, possible: 4, ratio: 0.5, at: 10, … }] — empathie waits
 */
export function observationsOf(attempts: readonly AttemptInput[]): Observation[] {
  const out: Observation[] = [];
  for (const a of finishedAttempts(attempts)) {
    const sums = new Map<string, { earned: number; possible: number }>();
    for (const c of a.card.criteria) {
      if (c.status === 'pending' || !(c.weight > 0)) continue;
      const s = sums.get(c.competency) ?? { earned: 0, possible: 0 };
      s.earned += Math.min(Math.max(c.points, 0), c.weight);
      s.possible += c.weight;
      sums.set(c.competency, s);
    }
    for (const [competency, s] of sums) {
      out.push({ attemptId: a.id, scenarioId: a.scenarioId, competency, at: attemptTime(a), ...s, ratio: s.earned / s.possible });
    }
  }
  return out;
}

/**
 * The recency-weighted mean of the last {@link MASTERY.window} observations up to the newest one
 * (observations of one competency, oldest first).
 *
 * @example
 * const day = 86_400_000;
 * weightedMastery([{ at: 0, ratio: 0.4 }, { at: 21 * day, ratio: 1 }]); // 0.8
 */
export function weightedMastery(obs: ReadonlyArray<Pick<Observation, 'at' | 'ratio'>>, options: Partial<MasteryOptions> = {}): number {
  const { halfLifeDays, window } = { ...MASTERY, ...options };
  const recent = obs.slice(-window);
  const newest = recent[recent.length - 1];
  if (!newest) return 0;
  let num = 0;
  let den = 0;
  for (const o of recent) {
    const w = 2 ** (-(newest.at - o.at) / (halfLifeDays * DAY));
    num += w * o.ratio;
    den += w;
  }
  return num / den;
}

/**
 * Mastery of each practised competency with its series over time.
 *
 * @example
 * const m = masteryByCompetency(attempts);
 * m.get('securite')?.value; // 0.8
 * m.get('securite')?.series; // [{ at, value: 0.4 }, { at, value: 0.8 }]
 */
export function masteryByCompetency(attempts: readonly AttemptInput[], options: Partial<MasteryOptions> = {}): Map<string, CompetencyMastery> {
  const byCompetency = new Map<string, Observation[]>();
  for (const o of observationsOf(attempts)) {
    const list = byCompetency.get(o.competency) ?? [];
    list.push(o);
    byCompetency.set(o.competency, list);
  }
  const result = new Map<string, CompetencyMastery>();
  const span = options.window ?? MASTERY.window;
  for (const [competency, list] of byCompetency) {
    // Each point reads only the last `span` observations up to it: slice those, not the whole
    // prefix (10,000 attempts made the prefixes quadratic).
    const series = list.map((o, i) => ({ at: o.at, attemptId: o.attemptId, value: weightedMastery(list.slice(Math.max(0, i + 1 - span), i + 1), options) }));
    const first = list[0];
    const last = series[series.length - 1];
    if (!first || !last) continue;
    result.set(competency, {
      competency,
      value: last.value,
      observations: list.length,
      firstPractisedAt: first.at,
      lastPractisedAt: last.at,
      series,
    });
  }
  return result;
}

/**
 * Overall mastery: the plain mean of the practised competencies' mastery (each competency counts
 * once, however often it was practised); `undefined` before the first observation.
 *
 * @example
 * overallMastery(new Map([['a', { value: 0.5 }], ['b', { value: 1 }]])); // 0.75
 */
export function overallMastery(mastery: ReadonlyMap<string, Pick<CompetencyMastery, 'value'>>): number | undefined {
  if (mastery.size === 0) return undefined;
  let sum = 0;
  for (const m of mastery.values()) sum += m.value;
  return sum / mastery.size;
}
