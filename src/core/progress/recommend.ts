import { attemptTime, DAY, finishedAttempts, type AttemptInput, type ScenarioInput } from './inputs.ts';
import type { CompetencyMastery } from './mastery.ts';
import type { PalierThresholds } from './paliers.ts';

/**
 * The next scenario to play, and why. In this order:
 *
 * 1. **Start.** With no finished attempt yet: the easiest scenario (lowest level, then shortest).
 * 2. **Spaced review.** A scenario whose latest finished attempt scored below
 *    {@link RECOMMEND.reviewBelow} % comes back 1, 3, 7, 14, then every 30 days after it: the n-th
 *    score in a row below the bar waits the n-th interval. Scoring at or above the bar ends the
 *    series. Of the reviews due, the longest overdue wins (then the lowest score).
 * 3. **Weakest competency.** Among the competencies that the scenarios open to the profile's palier
 *    train (see `recommendUpToLevel` in `paliers.ts`), those not practised in the last
 *    {@link RECOMMEND.recentDays} days are ranked: first the weak ones (mastery below
 *    {@link RECOMMEND.weakBelow}, weakest first), then those never practised (in the order of
 *    `competencies.yaml`: widen before polishing), then the others, weakest first. When every one
 *    was practised lately, the same ranking applies to all. A weak or new competency gets its
 *    lowest-level scenario; a fair one its highest, for stretch. Ties: the scenario played least
 *    recently, then least often, then the shortest.
 */
export const RECOMMEND: Readonly<RecommendOptions> = {
  recentDays: 3,
  reviewBelow: 80,
  reviewIntervalsDays: [1, 3, 7, 14, 30],
  weakBelow: 0.5,
};

export interface RecommendOptions {
  /** A competency practised within this many days is left to rest. */
  recentDays: number;
  /** A score (percent) below which the scenario comes back for review. */
  reviewBelow: number;
  /** Days before the 1st, 2nd, 3rd… review; the last repeats. */
  reviewIntervalsDays: readonly number[];
  /** Mastery (0–1) below which a competency counts as weak. */
  weakBelow: number;
}

export type RecommendationReason =
  | { kind: 'start' }
  | { kind: 'review'; attemptId: string; lastPercent: number; lastAt: number; intervalDays: number }
  | { kind: 'weakest'; competency: string; mastery: number }
  | { kind: 'discover'; competency: string };

export interface Recommendation {
  scenarioId: string;
  reason: RecommendationReason;
}

/** A scenario waiting for review. */
export interface Review {
  scenarioId: string;
  attemptId: string;
  lastPercent: number;
  lastAt: number;
  /** How many finished attempts in a row, ending with the latest, scored below the bar. */
  streak: number;
  intervalDays: number;
  dueAt: number;
}

/**
 * The review schedule: one entry per scenario whose latest finished attempt scored below the bar
 * (due or not yet), soonest due first.
 *
 * @example
 * // Scored 60 % on 1 March, then 70 % on 2 March: second score in a row below 80 % → 3 days.
 * reviewsOf(attempts)[0]; // { streak: 2, intervalDays: 3, dueAt: 5 March, … }
 */
export function reviewsOf(attempts: readonly AttemptInput[], options: Partial<RecommendOptions> = {}): Review[] {
  const { reviewBelow, reviewIntervalsDays } = { ...RECOMMEND, ...options };
  const byScenario = new Map<string, ReturnType<typeof finishedAttempts>>();
  for (const a of finishedAttempts(attempts)) {
    const list = byScenario.get(a.scenarioId) ?? [];
    list.push(a);
    byScenario.set(a.scenarioId, list);
  }
  const reviews: Review[] = [];
  for (const [scenarioId, list] of byScenario) {
    const last = list[list.length - 1];
    if (!last || last.card.percent >= reviewBelow) continue;
    let streak = 0;
    for (let i = list.length - 1; i >= 0 && (list[i]?.card.percent ?? 100) < reviewBelow; i--) streak++;
    const intervalDays = reviewIntervalsDays[Math.min(streak, reviewIntervalsDays.length) - 1] ?? 1;
    const lastAt = attemptTime(last);
    reviews.push({ scenarioId, attemptId: last.id, lastPercent: last.card.percent, lastAt, streak, intervalDays, dueAt: lastAt + intervalDays * DAY });
  }
  return reviews.sort((a, b) => a.dueAt - b.dueAt || a.lastPercent - b.lastPercent || compare(a.scenarioId, b.scenarioId));
}

export interface RecommendInput {
  attempts: readonly AttemptInput[];
  scenarios: readonly ScenarioInput[];
  mastery: ReadonlyMap<string, Pick<CompetencyMastery, 'value' | 'lastPractisedAt'>>;
  palier: Pick<PalierThresholds, 'recommendUpToLevel'>;
  now: number;
  /** Competency ids in the library's order (`competencies.yaml`), to break ties. */
  competencyOrder?: readonly string[];
}

/**
 * The next scenario to play and the reason to show; `undefined` only with an empty catalogue.
 *
 * @example
 * recommend({ attempts: [], scenarios: catalogue, mastery: new Map(), palier: PALIERS[0], now });
 * // { scenarioId: 'degat-des-eaux-nuit', reason: { kind: 'start' } }
 * // …later, with sécurité at 40 % and not practised for a week:
 * // { scenarioId: 'degat-des-eaux-nuit', reason: { kind: 'weakest', competency: 'securite', mastery: 0.4 } }
 */
export function recommend(input: RecommendInput, options: Partial<RecommendOptions> = {}): Recommendation | undefined {
  const finished = finishedAttempts(input.attempts);
  return recommendFrom({ finished: finished.length, reviews: reviewsOf(finished, options), history: playHistory(finished) }, input, options);
}

/** What the recommendation reads of a profile's finished attempts (`recommend` computes it from the attempts, `state.ts` from a stored progress state). */
export interface PlayRecord {
  /** Finished attempts. */
  finished: number;
  /** The review schedule (`reviewsOf`), soonest due first. */
  reviews: readonly Review[];
  /** Per scenario: when it was last finished, and how often. */
  history: ReadonlyMap<string, { last: number; count: number }>;
}

/**
 * The recommendation from a profile's play record rather than its attempts; `recommend` is this
 * with the record computed from the attempts.
 */
export function recommendFrom(
  record: PlayRecord,
  input: Omit<RecommendInput, 'attempts'>,
  options: Partial<RecommendOptions> = {},
): Recommendation | undefined {
  const o = { ...RECOMMEND, ...options };
  const { scenarios, mastery, now } = input;
  const history = record.history;

  if (record.finished === 0) {
    const first = [...scenarios].sort((a, b) => a.level - b.level || a.estimatedMinutes - b.estimatedMinutes || compare(a.id, b.id))[0];
    return first && { scenarioId: first.id, reason: { kind: 'start' } };
  }

  const installed = new Set(scenarios.map((s) => s.id));
  const review = record.reviews.find((r) => installed.has(r.scenarioId) && r.dueAt <= now);
  if (review) {
    const { attemptId, lastPercent, lastAt, intervalDays } = review;
    return { scenarioId: review.scenarioId, reason: { kind: 'review', attemptId, lastPercent, lastAt, intervalDays } };
  }

  const lowest = Math.min(...scenarios.map((s) => s.level));
  const upTo = Math.max(input.palier.recommendUpToLevel, lowest);
  const open = scenarios.filter((s) => s.level <= upTo);
  const order = new Map((input.competencyOrder ?? []).map((id, i) => [id, i]));
  const rank = (c: string): [number, number, number] => {
    const m = mastery.get(c);
    const pos = order.get(c) ?? order.size;
    if (!m) return [1, 0, pos];
    return [m.value < o.weakBelow ? 0 : 2, m.value, pos];
  };
  const trained = [...new Set(open.flatMap((s) => s.competencies))].sort((a, b) => {
    const [ga, va, pa] = rank(a);
    const [gb, vb, pb] = rank(b);
    return ga - gb || va - vb || pa - pb || compare(a, b);
  });
  const cutoff = now - o.recentDays * DAY;
  const rested = trained.filter((c) => (mastery.get(c)?.lastPractisedAt ?? -Infinity) < cutoff);
  const competency = (rested.length > 0 ? rested : trained)[0];
  if (competency === undefined) {
    const first = open[0];
    return first && { scenarioId: first.id, reason: { kind: 'start' } };
  }

  const m = mastery.get(competency);
  const easy = !m || m.value < o.weakBelow;
  const played = (id: string) => history.get(id) ?? { last: -Infinity, count: 0 };
  const scenario = open
    .filter((s) => s.competencies.includes(competency))
    .sort(
      (a, b) =>
        (easy ? a.level - b.level : b.level - a.level) ||
        byNumber(played(a.id).last, played(b.id).last) ||
        byNumber(played(a.id).count, played(b.id).count) ||
        a.estimatedMinutes - b.estimatedMinutes ||
        compare(a.id, b.id),
    )[0];
  if (!scenario) return undefined;
  return {
    scenarioId: scenario.id,
    reason: m ? { kind: 'weakest', competency, mastery: m.value } : { kind: 'discover', competency },
  };
}

function playHistory(finished: ReturnType<typeof finishedAttempts>): Map<string, { last: number; count: number }> {
  const out = new Map<string, { last: number; count: number }>();
  for (const a of finished) {
    const h = out.get(a.scenarioId) ?? { last: -Infinity, count: 0 };
    out.set(a.scenarioId, { last: Math.max(h.last, attemptTime(a)), count: h.count + 1 });
  }
  return out;
}

/** Compares numbers, infinities included (`-Infinity - -Infinity` is NaN). */
function byNumber(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
