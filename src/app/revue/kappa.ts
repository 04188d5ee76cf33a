/**
 * Agreement between the AI's proposals and the trainers' decisions on a judged criterion, measured
 * with Cohen's kappa (unweighted, nominal categories: the levels of the criterion). Pure: no DOM,
 * no Svelte, no Dexie — the Revue dashboards feed it the (proposal, decision) pairs they collect.
 *
 * References:
 * - J. Cohen (1960), "A coefficient of agreement for nominal scales", Educational and
 *   Psychological Measurement 20(1), 37–46 — the coefficient.
 * - J. L. Fleiss, J. Cohen, B. S. Everitt (1969), "Large sample standard errors of kappa and
 *   weighted kappa", Psychological Bulletin 72(5), 323–327 — the standard error used here (the one
 *   SAS PROC FREQ reports as "ASE"; Fleiss, Levin & Paik, "Statistical Methods for Rates and
 *   Proportions", 3rd ed., eq. 18.13).
 */

/** Cohen's kappa of a set of paired ratings, with what a dashboard needs to show it honestly. */
export interface KappaResult {
  /** Chance-corrected agreement, (observed − expected) / (1 − expected); 1 = perfect, 0 = chance. */
  kappa: number;
  /** Number of pairs (items rated by both raters). */
  n: number;
  /** Observed proportion of agreement, p_o. */
  observed: number;
  /** Agreement expected by chance from the two raters' marginal frequencies, p_e. */
  expected: number;
  /** Large-sample standard error of kappa (Fleiss, Cohen & Everitt 1969), not under H0. */
  se: number;
  /** 95 % confidence interval, kappa ± 1.96·se, clamped to [-1, 1]. */
  ci95: [number, number];
}

/** Whether a judged criterion may count without a trainer, and why. */
export interface AgreementGate {
  automatic: boolean;
  reason: 'too-few' | 'below-threshold' | 'ok';
}

/** Options of {@link agreementGate}: the trainers' threshold (default κ 0.6, n ≥ 20, issue 7). */
export interface AgreementGateOptions {
  threshold?: number;
  minN?: number;
}

const Z_95 = 1.96;

/**
 * Cohen's kappa for two raters — by convention the first of each pair is the AI's proposal, the
 * second the trainer's decision — over nominal categories (the levels of one judged criterion).
 *
 * Returns `undefined` when kappa is not defined:
 * - `n = 0`: nothing was rated;
 * - expected agreement = 1: both raters put every item in one and the same category. Then observed
 *   agreement is 1 too and kappa is 0 / 0 — the data show no variation, so they cannot tell
 *   agreement from chance. (A dashboard shows "not enough variation", not "perfect agreement".)
 *
 * Categories that nobody used change nothing in an unweighted kappa; `categories`, when given,
 * only checks that every rating is one of them (a typo in a level would otherwise count as a
 * disagreement silently).
 *
 * @throws RangeError naming the pair and the rating when a rating is not among `categories`, or
 *   when `categories` lists a category twice.
 * @example
 * // Wikipedia "Cohen's kappa", 50 items: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no.
 * const pairs = [
 *   ...Array(20).fill(['yes', 'yes']), ...Array(5).fill(['yes', 'no']),
 *   ...Array(10).fill(['no', 'yes']), ...Array(15).fill(['no', 'no']),
 * ];
 * cohensKappa(pairs)?.kappa; // 0.4 (p_o = 0.7, p_e = 0.5)
 */
export function cohensKappa(
  pairs: ReadonlyArray<readonly [string, string]>,
  categories?: readonly string[],
): KappaResult | undefined {
  const index = categoryIndex(pairs, categories);
  const n = pairs.length;
  if (n === 0) return undefined;

  const k = index.size;
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const [a, b] of pairs) {
    const row = counts[index.get(a)!]!;
    row[index.get(b)!]! += 1;
  }
  const rowTotals = counts.map((row) => row.reduce((s, x) => s + x, 0));
  const colTotals = counts[0]!.map((_, j) => counts.reduce((s, row) => s + row[j]!, 0));
  let diagonal = 0;
  let chance = 0; // Σ rowTotal_i · colTotal_i, an integer
  for (let i = 0; i < k; i++) {
    diagonal += counts[i]![i]!;
    chance += rowTotals[i]! * colTotals[i]!;
  }
  // Compared in integers: exact, so a "one category only" table is caught without a tolerance.
  if (chance === n * n) return undefined;

  const observed = diagonal / n;
  const expected = chance / (n * n);
  // Same value as (p_o − p_e)/(1 − p_e), from integer counts: no cancellation error.
  const kappa = (n * diagonal - chance) / (n * n - chance);

  // Fleiss, Cohen & Everitt (1969): with p_ij = counts/n, p_i. the row and p_.j the column
  // proportions,
  //   Var(κ) = [ Σ_i p_ii (1 − (p_i. + p_.i)(1 − κ))²
  //            + (1 − κ)² Σ_{i≠j} p_ij (p_.i + p_j.)²
  //            − (κ − p_e (1 − κ))² ] / (n (1 − p_e)²)
  const p = (i: number, j: number) => counts[i]![j]! / n;
  const row = (i: number) => rowTotals[i]! / n;
  const col = (j: number) => colTotals[j]! / n;
  let onDiagonal = 0;
  let offDiagonal = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (counts[i]![j] === 0) continue;
      if (i === j) onDiagonal += p(i, i) * (1 - (row(i) + col(i)) * (1 - kappa)) ** 2;
      else offDiagonal += p(i, j) * (col(i) + row(j)) ** 2;
    }
  }
  const numerator =
    onDiagonal + (1 - kappa) ** 2 * offDiagonal - (kappa - expected * (1 - kappa)) ** 2;
  // The bracket is ≥ 0 in exact arithmetic (0 for perfect agreement); rounding can make it −1e-17.
  const se = Math.sqrt(Math.max(0, numerator) / n) / (1 - expected);
  const ci95: [number, number] = [clamp(kappa - Z_95 * se), clamp(kappa + Z_95 * se)];
  return { kappa, n, observed, expected, se, ci95 };
}

/**
 * Whether a judged criterion's AI proposals may count automatically: only with at least `minN`
 * reviewed pairs and κ ≥ `threshold`. Otherwise every proposal on that criterion waits for a
 * trainer (issue 7, dashboards).
 *
 * An undefined result (see {@link cohensKappa}: nothing rated, or every item in one category)
 * gives `too-few`: there is too little information to estimate agreement.
 *
 * @throws RangeError when `threshold` is not a number in [-1, 1] or `minN` is not a whole number ≥ 1.
 * @example
 * agreementGate(cohensKappa(pairs)); // { automatic: false, reason: 'too-few' } when n < 20
 * agreementGate(result, { threshold: 0.7, minN: 30 });
 */
export function agreementGate(
  result: KappaResult | undefined,
  { threshold = 0.6, minN = 20 }: AgreementGateOptions = {},
): AgreementGate {
  if (!Number.isFinite(threshold) || threshold < -1 || threshold > 1) {
    throw new RangeError(`agreementGate: threshold must be a number between -1 and 1, got ${threshold}`);
  }
  if (!Number.isInteger(minN) || minN < 1) {
    throw new RangeError(`agreementGate: minN must be a whole number ≥ 1, got ${minN}`);
  }
  if (result === undefined || result.n < minN) return { automatic: false, reason: 'too-few' };
  if (!(result.kappa >= threshold)) return { automatic: false, reason: 'below-threshold' };
  return { automatic: true, reason: 'ok' };
}

/** Category → row/column index, in the order given, else in order of first appearance. */
function categoryIndex(
  pairs: ReadonlyArray<readonly [string, string]>,
  categories: readonly string[] | undefined,
): Map<string, number> {
  const index = new Map<string, number>();
  if (categories !== undefined) {
    categories.forEach((c, i) => {
      if (index.has(c)) {
        throw new RangeError(`cohensKappa: categories[${i}] "${c}" is listed twice`);
      }
      index.set(c, i);
    });
  }
  pairs.forEach((pair, i) => {
    pair.forEach((rating, rater) => {
      if (index.has(rating)) return;
      if (categories !== undefined) {
        throw new RangeError(
          `cohensKappa: pairs[${i}][${rater}] "${rating}" is not one of the categories (${categories.join(', ')})`,
        );
      }
      index.set(rating, index.size);
    });
  });
  return index;
}

function clamp(x: number): number {
  return Math.min(1, Math.max(-1, x));
}
