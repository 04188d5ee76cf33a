import { describe, expect, it } from 'vitest';
import { agreementGate, cohensKappa, type KappaResult } from '../../../src/app/revue/kappa.ts';

/**
 * A contingency table as the rated pairs behind it: rows are the first rater (the AI), columns
 * the second (the trainer), `labels` name both.
 */
function pairsFromTable(table: number[][], labels: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let c = 0; c < count; c++) pairs.push([labels[i]!, labels[j]!]);
    }),
  );
  return pairs;
}

const YES_NO = ['oui', 'non'];

function kappaOf(table: number[][], labels = table.map((_, i) => `niveau ${i + 1}`)): KappaResult {
  const result = cohensKappa(pairsFromTable(table, labels));
  if (result === undefined) throw new Error('kappa is undefined for this table');
  return result;
}

describe('cohensKappa against worked examples from the literature', () => {
  it('Wikipedia "Cohen\'s kappa", simple example (50 items, yes/no): κ = 0.40', () => {
    // Source: en.wikipedia.org/wiki/Cohen%27s_kappa, "Simple example".
    // Table (A rows, B columns): yes/yes 20, yes/no 5, no/yes 10, no/no 15; n = 50.
    // p_o = (20 + 15)/50 = 0.70. A says yes 25/50 = 0.5, B says yes 30/50 = 0.6,
    // p_e = 0.5·0.6 + 0.5·0.4 = 0.50. κ = (0.70 − 0.50)/(1 − 0.50) = 0.40.
    const r = kappaOf([[20, 5], [10, 15]], YES_NO);
    expect(r.n).toBe(50);
    expect(r.observed).toBeCloseTo(0.7, 12);
    expect(r.expected).toBeCloseTo(0.5, 12);
    expect(r.kappa).toBeCloseTo(0.4, 12);
    // Standard error (Fleiss, Cohen & Everitt 1969) by hand: p11 .4, p12 .1, p21 .2, p22 .3;
    // rows (.5, .5), columns (.6, .4); 1 − κ = .6.
    //   Σ p_ii (1 − (p_i. + p_.i)(1 − κ))² = .4(1 − 1.1·.6)² + .3(1 − .9·.6)² = .04624 + .06348 = .10972
    //   (1 − κ)² Σ p_ij (p_.i + p_j.)²    = .36 (.1(.6 + .5)² + .2(.4 + .5)²) = .36·.283 = .10188
    //   (κ − p_e(1 − κ))²                 = (.4 − .3)² = .01
    //   se = √((.10972 + .10188 − .01)/50) / (1 − .5) = √.004032 / .5 = .126996
    expect(r.se).toBeCloseTo(0.126996, 5);
    expect(r.ci95[0]).toBeCloseTo(0.4 - 1.96 * 0.126996, 5);
    expect(r.ci95[1]).toBeCloseTo(0.4 + 1.96 * 0.126996, 5);
  });

  it('Wikipedia: same agreement (60 %), different kappa (0.1304 vs 0.2593)', () => {
    // Source: en.wikipedia.org/wiki/Cohen%27s_kappa, "Same percentages but different numbers".
    // 1st: [[45, 15], [25, 15]]: rows 60/40, columns 70/30, p_e = .6·.7 + .4·.3 = .54,
    //      κ = (.60 − .54)/(1 − .54) = .06/.46 = 3/23 = 0.1304.
    // 2nd: [[25, 35], [5, 35]]: rows 60/40, columns 30/70, p_e = .6·.3 + .4·.7 = .46,
    //      κ = (.60 − .46)/(1 − .46) = .14/.54 = 7/27 = 0.2593.
    const first = kappaOf([[45, 15], [25, 15]], YES_NO);
    const second = kappaOf([[25, 35], [5, 35]], YES_NO);
    expect(first.observed).toBeCloseTo(0.6, 12);
    expect(second.observed).toBeCloseTo(0.6, 12);
    expect(first.expected).toBeCloseTo(0.54, 12);
    expect(second.expected).toBeCloseTo(0.46, 12);
    expect(first.kappa).toBeCloseTo(3 / 23, 12);
    expect(second.kappa).toBeCloseTo(7 / 27, 12);
    expect(first.kappa.toFixed(4)).toBe('0.1304');
    expect(second.kappa.toFixed(4)).toBe('0.2593');
  });

  it('Altman (1991), Table 14.2: two radiologists, 85 xeromammograms — κ 0.47, se 0.07', () => {
    // Source: D. G. Altman, Practical Statistics for Medical Research (Chapman & Hall, 1991),
    // §14.3, Table 14.2 (data of Boyd et al. 1982). Categories: normal, benign, suspected
    // cancer, cancer; radiologist A in rows, B in columns.
    //   p_o = (21 + 17 + 15 + 1)/85 = 54/85 = 0.635 (book: 0.64)
    //   expected on the diagonal: 33·28/85 + 22·38/85 + 29·16/85 + 1·3/85 = 2227/85 = 26.2,
    //   p_e = 2227/7225 = 0.308 (book: 0.31)
    //   κ = (85·54 − 2227)/(7225 − 2227) = 2363/4998 = 0.4728 (book: 0.47; Stata `kappaetc`
    //   on the same data, webuse rate2: 0.4728)
    // The book gives se(κ) = 0.07 and a 95 % CI "0.33 to 0.61", i.e. 0.47 ± 1.96·0.07 from the
    // rounded figures. Our unrounded se is 0.0727, so our CI is 0.330 to 0.615.
    const labels = ['normal', 'bénin', 'suspicion de cancer', 'cancer'];
    const r = kappaOf(
      [
        [21, 12, 0, 0],
        [4, 17, 1, 0],
        [3, 9, 15, 2],
        [0, 0, 0, 1],
      ],
      labels,
    );
    expect(r.n).toBe(85);
    expect(r.observed).toBeCloseTo(54 / 85, 12);
    expect(r.expected).toBeCloseTo(2227 / 7225, 12);
    expect(r.kappa).toBeCloseTo(2363 / 4998, 12);
    expect(r.kappa.toFixed(2)).toBe('0.47');
    expect(r.se.toFixed(2)).toBe('0.07');
    expect(r.ci95[0].toFixed(2)).toBe('0.33');
    expect(r.ci95[1]).toBeCloseTo(0.615, 3);
  });

  it('Altman (1991), Table 14.3: RAST vs MAST, 363 sera — κ 0.32, 95 % CI 0.26 to 0.38', () => {
    // Source: Altman (1991), §14.3, Table 14.3 (Brostoff et al. 1984), 5 ordered categories
    // used as nominal (unweighted κ). Rows MAST, columns RAST.
    //   p_o = (86 + 0 + 22 + 16 + 48)/363 = 172/363 = 0.4738
    //   Σ row·col = 105·146 + 40·6 + 49·98 + 79·48 + 90·65 = 15330 + 240 + 4802 + 3792 + 5850
    //             = 30014, p_e = 30014/131769 = 0.2278
    //   κ = (363·172 − 30014)/(131769 − 30014) = 32422/101755 = 0.3186 (book: 0.32)
    // The book's CI, 0.26 to 0.38, is what the Fleiss–Cohen–Everitt se (0.0304) gives; Cohen's
    // 1960 approximation √(p_o(1 − p_o)/n)/(1 − p_e) = 0.0339 would give 0.25 to 0.39.
    const r = kappaOf([
      [86, 3, 14, 0, 2],
      [26, 0, 10, 4, 0],
      [20, 2, 22, 4, 1],
      [11, 1, 37, 16, 14],
      [3, 0, 15, 24, 48],
    ]);
    expect(r.n).toBe(363);
    expect(r.observed).toBeCloseTo(172 / 363, 12);
    expect(r.expected).toBeCloseTo(30014 / 131769, 12);
    expect(r.kappa).toBeCloseTo(32422 / 101755, 12);
    expect(r.kappa.toFixed(2)).toBe('0.32');
    expect(r.ci95.map((x) => x.toFixed(2))).toEqual(['0.26', '0.38']);
  });

  it('Altman (1991), Table 14.4: same 80 % agreement, κ 0.38 or 0.60 depending on prevalence', () => {
    // (a) [[70, 10], [10, 10]]: margins 80/20 both, p_e = .8·.8 + .2·.2 = .68,
    //     κ = (.80 − .68)/(1 − .68) = .375 (book: 0.38).
    // (b) [[40, 10], [10, 40]]: margins 50/50, p_e = .5, κ = (.80 − .50)/.50 = .60.
    expect(kappaOf([[70, 10], [10, 10]], YES_NO).kappa).toBeCloseTo(0.375, 12);
    expect(kappaOf([[40, 10], [10, 40]], YES_NO).kappa).toBeCloseTo(0.6, 12);
  });

  it('SAS PROC FREQ "Simple Kappa Coefficient": κ 0.4842, ASE 0.1380, CI 0.2137 to 0.7547', () => {
    // Source: the SAS printout that statsmodels' test suite checks its cohens_kappa against
    // (statsmodels/stats/tests/test_inter_rater.py, table10 = [[0,4,1],[0,8,0],[0,1,5]]).
    // SAS's ASE is the Fleiss–Cohen–Everitt large-sample se, so this pins our se to 4 decimals.
    // By hand: n = 19, diagonal 0 + 8 + 5 = 13, rows (5, 8, 6), columns (0, 13, 6).
    //   Σ row·col = 0 + 104 + 36 = 140; p_e = 140/361 = .387812
    //   κ = (19·13 − 140)/(361 − 140) = 107/221 = .484163; 1 − κ = 114/221 = .515837
    //   diagonal term: 8/19·(1 − 21/19·.515837)² + 5/19·(1 − 12/19·.515837)² = .077804 + .119620
    //                = .197424
    //   off-diagonal:  .266088·(4/19·(8/19)² + 1/19·(6/19)² + 1/19·(14/19)²) = .266088·.071148
    //                = .018932
    //   last term:     (.484163 − .387812·.515837)² = .284114² = .080721
    //   se = √((.197424 + .018932 − .080721)/19)/(1 − .387812) = .084491/.612188 = .138017
    const r = kappaOf([
      [0, 4, 1],
      [0, 8, 0],
      [0, 1, 5],
    ]);
    expect(r.n).toBe(19);
    expect(r.kappa).toBeCloseTo(0.4842, 4);
    expect(r.se).toBeCloseTo(0.138, 4);
    expect(r.ci95[0]).toBeCloseTo(0.2137, 4);
    expect(r.ci95[1]).toBeCloseTo(0.7547, 4);
  });
});

describe('cohensKappa edge cases', () => {
  it('is undefined when nothing was rated', () => {
    expect(cohensKappa([])).toBeUndefined();
    expect(cohensKappa([], ['maîtrisé', 'non maîtrisé'])).toBeUndefined();
  });

  it('is undefined when both raters put every item in one and the same category (p_e = 1)', () => {
    const pairs = Array.from({ length: 30 }, () => ['acquis', 'acquis'] as const);
    expect(cohensKappa(pairs)).toBeUndefined();
    // Declaring more categories does not change that: nobody used them.
    expect(cohensKappa(pairs, ['acquis', 'en cours', 'non acquis'])).toBeUndefined();
  });

  it('is 0, not undefined, when only one rater sticks to one category', () => {
    // AI always "acquis"; trainer 6 × acquis, 4 × non acquis: p_o = .6, p_e = 1·.6 = .6.
    const pairs = pairsFromTable([[6, 4], [0, 0]], ['acquis', 'non acquis']);
    const r = cohensKappa(pairs);
    expect(r?.kappa).toBe(0);
    expect(r?.observed).toBeCloseTo(0.6, 12);
    expect(r?.expected).toBeCloseTo(0.6, 12);
  });

  it('is 1 with zero standard error for perfect agreement over several categories', () => {
    const r = kappaOf([[7, 0, 0], [0, 5, 0], [0, 0, 9]]);
    expect(r).toMatchObject({ kappa: 1, n: 21, observed: 1, se: 0, ci95: [1, 1] });
  });

  it('is −1 for systematic disagreement, and the interval stays within [−1, 1]', () => {
    const r = kappaOf([[0, 5], [5, 0]], YES_NO);
    expect(r.kappa).toBe(-1);
    expect(r.ci95[0]).toBeGreaterThanOrEqual(-1);
    // A small sample whose raw interval runs past −1: [[1, 4], [4, 1]], κ = −0.6, se ≈ .25.
    const small = kappaOf([[1, 4], [4, 1]], YES_NO);
    expect(small.kappa).toBeCloseTo(-0.6, 12);
    expect(small.kappa - 1.96 * small.se).toBeLessThan(-1);
    expect(small.ci95[0]).toBe(-1);
  });

  it('does not depend on the order of the pairs or on which rater comes first', () => {
    const table = [
      [21, 12, 0, 0],
      [4, 17, 1, 0],
      [3, 9, 15, 2],
      [0, 0, 0, 1],
    ];
    const pairs = pairsFromTable(table, ['a', 'b', 'c', 'd']);
    const reference = cohensKappa(pairs)!;
    const reversed = cohensKappa([...pairs].reverse())!;
    const swapped = cohensKappa(pairs.map(([x, y]) => [y, x] as const))!;
    for (const other of [reversed, swapped]) {
      expect(other.kappa).toBeCloseTo(reference.kappa, 12);
      expect(other.se).toBeCloseTo(reference.se, 12);
    }
  });

  it('ignores declared but unused categories, and refuses a rating outside them, located', () => {
    const pairs = pairsFromTable([[20, 5], [10, 15]], ['oui', 'non']);
    expect(cohensKappa(pairs, ['oui', 'non', 'sans objet'])?.kappa).toBeCloseTo(0.4, 12);
    const typo: Array<readonly [string, string]> = [...pairs, ['oui', 'Non']];
    expect(() => cohensKappa(typo, ['oui', 'non'])).toThrow(
      /pairs\[50\]\[1\] "Non" is not one of the categories \(oui, non\)/,
    );
    expect(() => cohensKappa(pairs, ['oui', 'non', 'oui'])).toThrow(/categories\[2\] "oui" is listed twice/);
  });
});

describe('agreementGate', () => {
  const result = (kappa: number, n: number): KappaResult => ({
    kappa,
    n,
    observed: 0,
    expected: 0,
    se: 0,
    ci95: [kappa, kappa],
  });

  it('counts a criterion automatically only with n ≥ 20 and κ ≥ 0.6 by default', () => {
    expect(agreementGate(result(0.6, 20))).toEqual({ automatic: true, reason: 'ok' });
    expect(agreementGate(result(0.95, 200))).toEqual({ automatic: true, reason: 'ok' });
    expect(agreementGate(result(0.5999, 20))).toEqual({ automatic: false, reason: 'below-threshold' });
    expect(agreementGate(result(1, 19))).toEqual({ automatic: false, reason: 'too-few' });
    // Too few wins over below threshold: the estimate itself is not trusted yet.
    expect(agreementGate(result(0.1, 5))).toEqual({ automatic: false, reason: 'too-few' });
  });

  it('treats an undefined kappa (nothing rated, or no variation) as too few', () => {
    expect(agreementGate(undefined)).toEqual({ automatic: false, reason: 'too-few' });
    const sameCategory = Array.from({ length: 40 }, () => ['acquis', 'acquis'] as const);
    expect(agreementGate(cohensKappa(sameCategory))).toEqual({ automatic: false, reason: 'too-few' });
  });

  it('follows the thresholds the trainers set', () => {
    const wikipedia = cohensKappa(pairsFromTable([[20, 5], [10, 15]], YES_NO)); // κ .4, n 50
    expect(agreementGate(wikipedia)).toEqual({ automatic: false, reason: 'below-threshold' });
    expect(agreementGate(wikipedia, { threshold: 0.4 })).toEqual({ automatic: true, reason: 'ok' });
    expect(agreementGate(wikipedia, { threshold: 0.4, minN: 51 })).toEqual({
      automatic: false,
      reason: 'too-few',
    });
  });

  it('refuses thresholds that make no sense, saying which', () => {
    expect(() => agreementGate(result(0.7, 30), { threshold: 1.5 })).toThrow(/threshold .* got 1.5/);
    expect(() => agreementGate(result(0.7, 30), { threshold: Number.NaN })).toThrow(/threshold/);
    expect(() => agreementGate(result(0.7, 30), { minN: 0 })).toThrow(/minN .* got 0/);
    expect(() => agreementGate(result(0.7, 30), { minN: 2.5 })).toThrow(/minN/);
  });
});
