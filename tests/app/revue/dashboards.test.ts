import { describe, expect, it } from 'vitest';
import { computeDashboards, masterySeries, revueDashboards, suggestionsOf, WEAK, type JuniorDashboard } from '../../../src/app/revue/dashboards.ts';
import { masteryByCompetency } from '../../../src/core/progress/mastery.ts';
import type { AttemptInput } from '../../../src/core/progress/inputs.ts';
import { decide, DEFAULT_GATE_SETTINGS } from '../../../src/app/revue/review.ts';
import { competencies } from '../../../src/app/scenarios.ts';
import { DAY, playedReview, scenario, seedReviews, T0, testDb, TRAINER } from '../../helpers/revue.ts';

const LEA = { id: 'p-lea', name: 'Léa Martin' };
const KARIM = { id: 'p-karim', name: 'Karim Benali' };
const MINUTE = 60_000;

/**
 * Six attempts on the water-damage scenario, a minute apart (so the recency weights are 1 to
 * four decimals and mastery is the plain mean of the last observations):
 * - Léa: poor, poor, average; no decision.
 * - Karim: senior (« ton » decided senior, 4/4), average (« ton » decided correct, 2/4), senior
 *   (« ton » pending). The AI proposed « senior » on his first two.
 */
async function cohort() {
  const db = testDb();
  await seedReviews(db, [
    playedReview({ id: 'l1', junior: LEA, path: 'poor', startedAt: T0 }),
    playedReview({ id: 'l2', junior: LEA, path: 'poor', startedAt: T0 + MINUTE }),
    playedReview({ id: 'l3', junior: LEA, path: 'average', startedAt: T0 + 2 * MINUTE }),
    playedReview({ id: 'k1', junior: KARIM, path: 'senior', startedAt: T0 + 3 * MINUTE, proposals: { ton: 'senior' } }),
    playedReview({ id: 'k2', junior: KARIM, path: 'average', startedAt: T0 + 4 * MINUTE, proposals: { ton: 'senior' } }),
    playedReview({ id: 'k3', junior: KARIM, path: 'senior', startedAt: T0 + 5 * MINUTE }),
  ]);
  await decide(db, 'k1', 'ton', { levelId: 'senior' }, 'Une consigne à la fois.', TRAINER);
  await decide(db, 'k2', 'ton', { levelId: 'correct' }, 'Correct, sans plus.', TRAINER);
  return db;
}

const masteryOf = (j: JuniorDashboard | undefined, competency: string) => j?.mastery.find((m) => m.competency === competency);

describe('the cohort dashboards', () => {
  it('show each junior’s mastery per competency over time, from the scores of record', async () => {
    const d = await revueDashboards(await cohort(), { now: T0 + DAY });
    expect(d.juniors.map((j) => [j.name, j.attempts])).toEqual([
      ['Karim Benali', 3],
      ['Léa Martin', 3],
    ]);
    const [karim, lea] = d.juniors;
    // Empathie: emotion-reconnue 7, panique-contenue 3, apaisee-a-la-fin 4, ton 4 (judged).
    // Karim: 18/18, then (3 + 2)/18, then 14/14 (ton pending counts for nothing).
    expect(masteryOf(karim, 'empathie')?.series.map((p) => p.value)).toEqual([100, 63.9, 75.9]);
    expect(masteryOf(karim, 'empathie')?.latest).toBe(75.9);
    expect(masteryOf(karim, 'empathie')?.label).toBe('Empathie');
    // Léa, accueil (présentation, 3): 0, 0, 3/3.
    expect(masteryOf(lea, 'accueil')?.series.map((p) => p.value)).toEqual([0, 0, 33.3]);
    // Every competency of the library is listed; never practised = no value.
    expect(lea?.mastery.map((m) => m.competency)).toEqual(competencies.map((c) => c.id));
    expect(masteryOf(lea, 'orientation')).toMatchObject({ series: [], latest: undefined });
  });

  it('rank scenarios by difficulty with each criterion’s pass rate among decided attempts', async () => {
    const d = await revueDashboards(await cohort(), { now: T0 + DAY });
    expect(d.scenarios).toHaveLength(1);
    const s = d.scenarios[0]!;
    // Scores of record: Léa 17.1, 17.1, 39.5; Karim 100, 32/80 = 40, 100 → mean 313.7 / 6.
    expect(s).toMatchObject({ id: 'degat-des-eaux-nuit', title: 'Fuite au plafond, un soir', attempts: 6, meanPercent: 52.3, difficulty: 47.7 });
    const c = (id: string) => s.criteria.find((x) => x.id === id);
    expect(c('ton')).toEqual({ id: 'ton', label: 'Ton posé et phrases simples', competency: 'empathie', kind: 'judged', decided: 2, passRate: 100, pending: 4 });
    expect(c('reference')).toMatchObject({ kind: 'rule', decided: 6, passRate: 33.3, pending: 0 });
    expect(c('pas-de-fausse-promesse')).toMatchObject({ decided: 6, passRate: 66.7 });
    expect(c('confidentialite')).toMatchObject({ decided: 6, passRate: 100 });
    expect(s.criteria.map((x) => x.id)).toEqual(scenario('degat-des-eaux-nuit').rubric.criteria.map((x) => x.id));
  });

  it('draw a juniors × competencies heatmap of the practised competencies, in the library’s order', async () => {
    const d = await revueDashboards(await cohort(), { now: T0 + DAY });
    expect(d.heatmap.juniors).toEqual([KARIM, LEA]);
    expect(d.heatmap.competencies.map((c) => c.id)).toEqual(['accueil', 'empathie', 'questionnement', 'securite', 'exactitude-information', 'engagement-suivi', 'neutralite-confidentialite']);
    const cell = (junior: number, competency: string) => d.heatmap.cells[junior]?.[d.heatmap.competencies.findIndex((c) => c.id === competency)];
    expect(cell(0, 'accueil')).toBe(100);
    expect(cell(0, 'empathie')).toBe(75.9);
    // Sécurité (8 + 5): Karim 1, 0, 1.
    expect(cell(0, 'securite')).toBe(66.7);
    expect(cell(1, 'accueil')).toBe(33.3);
    expect(cell(1, 'securite')).toBe(0);
    expect(cell(1, 'neutralite-confidentialite')).toBe(100);
  });

  it('measure the AI’s agreement with trainers per judged criterion', async () => {
    const d = await revueDashboards(await cohort(), { now: T0 + DAY });
    // Pairs (AI, trainer): (senior, senior), (senior, correct): κ = 0, and far too few.
    expect(d.agreement).toEqual([
      {
        scenarioId: 'degat-des-eaux-nuit',
        criterionId: 'ton',
        label: 'Ton posé et phrases simples',
        n: 2,
        kappa: expect.objectContaining({ kappa: 0, n: 2 }),
        gate: { automatic: false, reason: 'too-few' },
      },
    ]);
  });

  it('suggest the seniors whose scenarios train a competency that stays weak', async () => {
    const d = await revueDashboards(await cohort(), { now: T0 + DAY });
    // Léa is below 50 % after each of her last three attempts on everything but neutralité;
    // Karim on nothing.
    expect(d.suggestions.map((s) => s.competency)).toEqual(['accueil', 'empathie', 'questionnement', 'securite', 'exactitude-information', 'engagement-suivi']);
    const securite = d.suggestions.find((s) => s.competency === 'securite');
    expect(securite?.label).toBe('Sécurité');
    expect(securite?.juniors).toEqual([{ id: LEA.id, name: LEA.name, mastery: 0 }]);
    expect(securite?.seniors).toContainEqual({ name: 'Mireille Dubois', role: 'Gardienne principale', scenarios: [{ id: 'degat-des-eaux-nuit', title: 'Fuite au plafond, un soir' }] });
    // État des lieux does not train sécurité: its author is not suggested for it.
    const edl = scenario('etat-des-lieux-sortie-visite').meta.author.name;
    expect(securite?.seniors.map((s) => s.name)).not.toContain(edl);
    expect(d.suggestions.find((s) => s.competency === 'empathie')?.seniors.map((s) => s.name)).toContain(edl);
  });

  it('leave out attempts started after the moment asked for', async () => {
    const d = await revueDashboards(await cohort(), { now: T0 + MINUTE });
    expect(d.juniors.map((j) => [j.name, j.attempts])).toEqual([['Léa Martin', 2]]);
    expect(d.scenarios[0]?.attempts).toBe(2);
    // Two weak attempts are not yet a pattern.
    expect(d.suggestions).toEqual([]);
  });
});

describe('the mastery series', () => {
  it('are the progress model’s values, over many attempts of every scenario', () => {
    const ids = ['degat-des-eaux-nuit', 'odeur-de-gaz-telephone', 'impayes-accueil', 'trafic-hall-loge'];
    const paths = ['poor', 'average', 'senior'] as const;
    const attempts: AttemptInput[] = Array.from({ length: 40 }, (_, i) => {
      const r = playedReview({ id: `m${String(i).padStart(2, '0')}`, junior: LEA, scenario: ids[i % ids.length]!, path: paths[(i * 7) % 3]!, startedAt: T0 + ((i * 37) % 19) * DAY });
      return { ...r.attempt, card: r.attempt.card! };
    });
    // One abandoned attempt, and two ending at the same moment (ties by id).
    attempts.push({ ...attempts[0]!, id: 'abandoned', status: 'abandoned' }, { ...attempts[1]!, id: 'm01-twin' });
    const ours = masterySeries(attempts);
    const core = masteryByCompetency(attempts);
    expect([...ours.keys()].sort()).toEqual([...core.keys()].sort());
    for (const [competency, m] of core) {
      expect(ours.get(competency)).toEqual(m.series.map((p) => ({ at: p.at, value: p.value })));
    }
  });
});

describe('a junior’s mastery on the dashboards', () => {
  it('computes its whole series when read, its last points alone, and serialises as plain data', async () => {
    const d = await revueDashboards(await cohort(), { now: T0 + DAY });
    for (const j of d.juniors) {
      for (const m of j.mastery) {
        for (const n of [0, 1, 2, 3, 10, -1]) expect(m.tail?.(n)).toEqual(m.series.slice(-n));
        expect(m.latest).toBe(m.series.at(-1)?.value);
      }
    }
    const plain = JSON.parse(JSON.stringify(d)) as typeof d;
    expect(plain.juniors[0]?.mastery.find((m) => m.competency === 'empathie')).toEqual({ competency: 'empathie', label: 'Empathie', series: expect.any(Array), latest: 75.9 });
    expect(plain.juniors.map((j) => j.mastery.map((m) => m.series))).toEqual(d.juniors.map((j) => j.mastery.map((m) => m.series)));
  });
});

describe('the weak-competency rule', () => {
  const series = (values: number[]) => values.map((value, i) => ({ at: i, value }));
  const junior = (values: number[]): JuniorDashboard => ({
    id: 'j',
    name: 'J',
    attempts: values.length,
    mastery: [{ competency: 'empathie', label: 'Empathie', series: series(values), latest: values.at(-1) }],
  });
  const scenarios = new Map([['s', { id: 's', title: 'S', competencies: ['empathie'], author: { name: 'Mireille', role: 'Gardienne' } }]]);

  it('needs the last three values below 50 %', () => {
    expect(WEAK).toEqual({ below: 50, attempts: 3 });
    expect(suggestionsOf([junior([10, 20, 49.9])], scenarios)).toHaveLength(1);
    expect(suggestionsOf([junior([90, 10, 20, 30])], scenarios)).toHaveLength(1);
    expect(suggestionsOf([junior([10, 20])], scenarios)).toEqual([]);
    expect(suggestionsOf([junior([10, 50, 20])], scenarios)).toEqual([]);
    expect(suggestionsOf([junior([10, 20])], scenarios, { below: 50, attempts: 2 })[0]?.seniors).toEqual([{ name: 'Mireille', role: 'Gardienne', scenarios: [{ id: 's', title: 'S' }] }]);
  });

  it('computes from plain rows, without a database', () => {
    const review = playedReview({ id: 'x', junior: { id: 'j', name: 'J' }, path: 'senior' });
    const d = computeDashboards({ reviews: [review], events: [], scenarios: new Map(), competencies, gate: DEFAULT_GATE_SETTINGS, now: review.startedAt });
    expect(d.scenarios[0]).toMatchObject({ title: 'degat-des-eaux-nuit', meanPercent: 100, difficulty: 0 });
    expect(d.heatmap.cells).toEqual([[100, 100, 100, 100, 100, 100, 100]]);
  });
});
