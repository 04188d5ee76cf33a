import { attemptTime, DAY, finishedAttempts, type AttemptInput } from '../../core/progress/inputs.ts';
import { MASTERY } from '../../core/progress/mastery.ts';

/**
 * The dashboards' mastery series: the progress model's values (`core/progress/mastery.ts`,
 * recency-weighted mean of the last observations), computed for a whole cohort without its
 * intermediate objects, and a junior's whole series only when read.
 */

export interface MasterySeries {
  competency: string;
  label: string;
  /** Mastery (0–100) after each attempt touching the competency, oldest first. */
  readonly series: Array<{ at: number; value: number }>;
  latest: number | undefined;
  /** The last `n` points of `series`, when they can be had without the others. */
  tail?(n: number): Array<{ at: number; value: number }>;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
/** A 0–1 mastery as the dashboards show it: percent, one decimal. */
export const percent = (x: number): number => round1(x * 100);

/**
 * Mastery observations, fed attempt by attempt (oldest first, criterion by criterion), then the
 * series: the progress model's `masteryByCompetency` values (a test holds them equal), computed in
 * one pass without its intermediate objects and list copies — a cohort of 10,000 attempts is a few
 * hundred thousand criterion results. Decided criteria only, points clamped to [0, weight]; each
 * value is `weightedMastery` of the last {@link MASTERY.window} observations, term for term.
 */
export class MasteryTrail {
  // Competencies by first appearance; per attempt, sums in flat arrays (no Map per attempt).
  readonly #index = new Map<string, number>();
  readonly #obs: Array<{ competency: string; at: number[]; ratio: number[] }> = [];
  readonly #earned: number[] = [];
  readonly #possible: number[] = [];
  readonly #touched: number[] = [];

  /** The slot of a competency, for {@link MasteryTrail.add}. */
  slot(competency: string): number {
    let i = this.#index.get(competency);
    if (i === undefined) {
      this.#index.set(competency, (i = this.#obs.length));
      this.#obs.push({ competency, at: [], ratio: [] });
      this.#earned.push(0);
      this.#possible.push(0);
    }
    return i;
  }

  /** A criterion of the current attempt: only decided ones with a weight count. */
  add(slot: number, pending: boolean, points: number, weight: number): void {
    if (pending || !(weight > 0)) return;
    if (this.#possible[slot] === 0) this.#touched.push(slot);
    this.#earned[slot]! += Math.min(Math.max(points, 0), weight);
    this.#possible[slot]! += weight;
  }

  /** Closes an attempt that counts for mastery at `at`. */
  attempt(at: number): void {
    for (const i of this.#touched) {
      const o = this.#obs[i]!;
      o.at.push(at);
      o.ratio.push(this.#earned[i]! / this.#possible[i]!);
      this.#earned[i] = 0;
      this.#possible[i] = 0;
    }
    this.#touched.length = 0;
  }

  /** Each competency's observations: when, and the share of its points earned then. */
  observations(): Map<string, Observations> {
    // A slot found for a criterion that did not count (pending, no weight) has none: left out.
    return new Map(this.#obs.filter((o) => o.at.length > 0).map((o) => [o.competency, { at: o.at, ratio: o.ratio }]));
  }
}

/** A competency's observations, oldest first. */
export interface Observations {
  at: number[];
  ratio: number[];
}

/** Mastery after observation `i`: `weightedMastery` of the last {@link MASTERY.window} up to it, term for term. */
function masteryAt(o: Observations, i: number): number {
  const halfLife = MASTERY.halfLifeDays * DAY;
  const newest = o.at[i]!;
  let num = 0;
  let den = 0;
  for (let k = Math.max(0, i + 1 - MASTERY.window); k <= i; k++) {
    const w = 2 ** (-(newest - o.at[k]!) / halfLife);
    num += w * o.ratio[k]!;
    den += w;
  }
  return num / den;
}

/** Points `from`… of the series of `o`, through `scale`. */
function seriesOf(o: Observations, scale: (value: number) => number, from = 0): Array<{ at: number; value: number }> {
  const out: Array<{ at: number; value: number }> = [];
  for (let i = Math.max(0, from); i < o.at.length; i++) out.push({ at: o.at[i]!, value: scale(masteryAt(o, i)) });
  return out;
}

/**
 * A junior's mastery of a competency on the dashboards, in percent. Its whole series is computed
 * when first read: a cohort's series are hundreds of thousands of weighted means, and the screen
 * shows one junior's at a time; the latest value (the heat map) and the last few (the weak rule)
 * are computed alone. `series` is an own enumerable property, so the object compares and
 * serialises like a plain one.
 */
export class CompetencyMastery implements MasterySeries {
  readonly competency: string;
  readonly label: string;
  // Declared only: made in the constructor, in the order of a plain MasterySeries.
  declare readonly series: Array<{ at: number; value: number }>;
  declare readonly latest: number | undefined;
  readonly #obs: Observations;

  constructor(competency: string, label: string, obs: Observations = { at: [], ratio: [] }) {
    this.competency = competency;
    this.label = label;
    this.#obs = obs;
    let series: Array<{ at: number; value: number }> | undefined;
    Object.defineProperty(this, 'series', { enumerable: true, get: () => (series ??= seriesOf(obs, percent)) });
    const n = obs.at.length;
    Object.defineProperty(this, 'latest', { enumerable: true, value: n > 0 ? percent(masteryAt(obs, n - 1)) : undefined });
  }

  /** `series.slice(-n)`, computing only those points. */
  tail(n: number): Array<{ at: number; value: number }> {
    const length = this.#obs.at.length;
    const start = -n;
    return seriesOf(this.#obs, percent, start < 0 ? Math.max(length + start, 0) : Math.min(start, length));
  }
}

/**
 * Mastery of each competency after each of its observations (0–1, oldest first), from attempts as
 * the progress model takes them (finished ones, by end time then id): see {@link MasteryTrail}.
 */
export function masterySeries(attempts: readonly AttemptInput[], scale: (value: number) => number = (v) => v): Map<string, Array<{ at: number; value: number }>> {
  const trail = new MasteryTrail();
  for (const a of finishedAttempts(attempts)) {
    for (const c of a.card.criteria) if (c.status !== 'pending' && c.weight > 0) trail.add(trail.slot(c.competency), false, c.points, c.weight);
    trail.attempt(attemptTime(a));
  }
  return new Map([...trail.observations()].map(([competency, o]) => [competency, seriesOf(o, scale)]));
}
