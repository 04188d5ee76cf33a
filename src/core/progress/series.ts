import type { CompetencyMastery } from './mastery.ts';

/** Mastery series on one shared time axis, the shape line charts (uPlot) take. */
export interface AlignedSeries {
  /** Times (ms) of every observation, ascending, without duplicates. */
  x: number[];
  /** One row per competency, in the order asked; `null` where that competency has no observation. */
  series: Array<{ competency: string; values: Array<number | null> }>;
}

/**
 * Puts the competencies' mastery series on one time axis. Mastery is a step function (it only
 * changes at an observation), so a chart may draw each row as steps and span the gaps.
 *
 * @example
 * alignSeries(mastery, ['accueil', 'securite']);
 * // { x: [t1, t2], series: [{ competency: 'accueil', values: [0.5, null] }, { competency: 'securite', values: [null, 1] }] }
 */
export function alignSeries(mastery: ReadonlyMap<string, Pick<CompetencyMastery, 'series'>>, competencies: readonly string[]): AlignedSeries {
  const rows = competencies.filter((c) => mastery.has(c));
  const x = [...new Set(rows.flatMap((c) => mastery.get(c)?.series.map((p) => p.at) ?? []))].sort((a, b) => a - b);
  const index = new Map(x.map((t, i) => [t, i]));
  return {
    x,
    series: rows.map((competency) => {
      const values: Array<number | null> = x.map(() => null);
      // Several observations at the same instant: the last one is the value from then on.
      for (const p of mastery.get(competency)?.series ?? []) {
        const i = index.get(p.at);
        if (i !== undefined) values[i] = p.value;
      }
      return { competency, values };
    }),
  };
}
