import { attemptTime, DAY, finishedAttempts, type AttemptInput } from '../../core/progress/inputs.ts';
import { MASTERY } from '../../core/progress/mastery.ts';
import { RECOMMEND } from '../../core/progress/recommend.ts';
import type { CriterionResult, ScoreCard } from '../../core/scoring/score.ts';
import type { AttemptRecord, PalierDatabase, ReviewEventRecord, ReviewRecord } from '../../db/db.ts';
import { agreementGate, cohensKappa, type AgreementGate, type KappaResult } from './kappa.ts';
import { eventOrder, type Decision } from './record.ts';
import { scenarioMetas, type ScenarioMeta } from './replay.ts';
import { readDigests } from './digest.ts';

/**
 * The trainer's cohort dashboards: mastery per junior and competency, scenario difficulty and
 * criterion pass rates, a juniors × competencies heatmap, the AI's agreement with trainers per
 * judged criterion, and suggestions (who could coach whom).
 *
 * `revueDashboards` reads one digest per scenario (digest.ts: the attempts and decisions as the
 * dashboards need them, one JSON text per scenario, rewritten with the scores of record) and each
 * scenario's title, competencies and author once (from the catalogue; a scenario the app does not
 * ship is compiled once from its bundle source, then cached); everything else is a pure function of
 * them, exported for tests and the bench. They read the stored score of record (`review.record`,
 * see review.ts): no compiling per attempt, no query per row — reading 10,000 full `reviews` rows,
 * each with its transcript, takes seconds in IndexedDB.
 *
 * **What counts.** A finished attempt with a card (the progress model's rule: an abandoned
 * conversation says little about a competency); its score of record; judged criteria still
 * pending count for nothing yet. Mastery is the progress model's (`core/progress/mastery.ts`:
 * recency-weighted mean of the last 5 observations), shown here in percent (0–100, one decimal).
 *
 * **Weak competency** (suggestions): a competency stays weak for a junior when their mastery was
 * below {@link WEAK.below} % after each of their last {@link WEAK.attempts} attempts touching it
 * (so at least that many attempts: one bad day is not a pattern). The threshold is the one the
 * recommender calls weak ({@link RECOMMEND.weakBelow}).
 */

// ---------------------------------------------------------------------------------------------
// Agreement between the AI judge and the trainers (the gate review.ts applies)

/** The trainers' thresholds for AI proposals to count without them. */
export interface GateSettings {
  /** κ at or above which the gate opens, in [0, 1]. */
  threshold: number;
  /** Pairs needed before κ is trusted, a whole number ≥ 1. */
  minN: number;
}

export const GATE_SETTINGS_KEY = 'revue:gate';
export const DEFAULT_GATE_SETTINGS: Readonly<GateSettings> = { threshold: 0.6, minN: 20 };

/** The gate of one judged criterion, with the figures behind it. */
export interface CriterionAgreement {
  n: number;
  kappa: KappaResult | undefined;
  gate: AgreementGate;
}

export type GateKey = string;

/** The key of a judged criterion across versions of a scenario. */
export function gateKey(scenarioId: string, criterionId: string): GateKey {
  return `${scenarioId}#${criterionId}`;
}

/**
 * The decisions in force per attempt (the last decision event on each criterion, in `eventOrder`),
 * in one pass over the events — `latestDecisions` (record.ts) for many attempts at once.
 */
export function decisionsByAttempt(events: readonly ReviewEventRecord[]): Map<string, Map<string, Decision>> {
  const out = new Map<string, Map<string, Decision>>();
  const sorted = [...events].sort(eventOrder);
  for (const e of sorted) {
    if (e.kind !== 'decision' || !e.criterionId || !e.after) continue;
    let m = out.get(e.attemptId);
    if (!m) out.set(e.attemptId, (m = new Map()));
    m.set(e.criterionId, { criterionId: e.criterionId, after: e.after, source: 'trainer' });
  }
  return out;
}

/**
 * The (AI proposal, trainer decision) pairs of each judged criterion: every attempt with a
 * proposal for it and a trainer decision with a level.
 */
export function agreementPairs(
  reviews: ReadonlyArray<Pick<ReviewRecord, 'id' | 'scenarioId'> & { attempt: Pick<AttemptRecord, 'proposals'> }>,
  decisions: ReadonlyMap<string, ReadonlyMap<string, Decision>>,
): Map<GateKey, Array<readonly [string, string]>> {
  const out = new Map<GateKey, Array<readonly [string, string]>>();
  for (const r of reviews) {
    const d = decisions.get(r.id);
    const proposals = r.attempt.proposals;
    if (!d || !proposals) continue;
    for (const p of proposals) {
      const level = d.get(p.criterionId)?.after.levelId;
      if (level === undefined) continue;
      const key = gateKey(r.scenarioId, p.criterionId);
      let list = out.get(key);
      if (!list) out.set(key, (list = []));
      list.push([p.levelId, level]);
    }
  }
  return out;
}

/** κ and the gate of each criterion that has pairs (a criterion without any: closed, `too-few`). */
export function agreements(pairs: ReadonlyMap<GateKey, ReadonlyArray<readonly [string, string]>>, settings: GateSettings): Map<GateKey, CriterionAgreement> {
  const out = new Map<GateKey, CriterionAgreement>();
  for (const [key, list] of pairs) {
    const kappa = cohensKappa(list);
    out.set(key, { n: list.length, kappa, gate: agreementGate(kappa, settings) });
  }
  return out;
}

/** The agreement of a criterion, closed with n = 0 when it has no pair yet. */
export function agreementOf(gates: ReadonlyMap<GateKey, CriterionAgreement>, scenarioId: string, criterionId: string, settings: GateSettings): CriterionAgreement {
  return gates.get(gateKey(scenarioId, criterionId)) ?? { n: 0, kappa: undefined, gate: agreementGate(undefined, settings) };
}

/** Whether thresholds are usable: 0 ≤ threshold ≤ 1 and a whole minN ≥ 1. */
export function validGateSettings(s: GateSettings): 'invalid-threshold' | 'invalid-min-n' | undefined {
  if (typeof s.threshold !== 'number' || !Number.isFinite(s.threshold) || s.threshold < 0 || s.threshold > 1) return 'invalid-threshold';
  if (!Number.isInteger(s.minN) || s.minN < 1) return 'invalid-min-n';
  return undefined;
}

/** The trainers' gate thresholds; a value never set, or not usable, reads as its default (κ 0.6, n ≥ 20). */
export async function gateSettings(db: PalierDatabase): Promise<GateSettings> {
  const v: unknown = (await db.settings.get(GATE_SETTINGS_KEY))?.value;
  const field = (key: keyof GateSettings): unknown => (typeof v === 'object' && v !== null && key in v ? (v as Partial<Record<keyof GateSettings, unknown>>)[key] : undefined);
  const threshold = field('threshold');
  const minN = field('minN');
  return {
    threshold: typeof threshold === 'number' && validGateSettings({ threshold, minN: 1 }) === undefined ? threshold : DEFAULT_GATE_SETTINGS.threshold,
    minN: typeof minN === 'number' && validGateSettings({ threshold: 0, minN }) === undefined ? minN : DEFAULT_GATE_SETTINGS.minN,
  };
}

// ---------------------------------------------------------------------------------------------
// Dashboards

export const WEAK: Readonly<WeakRule> = { below: RECOMMEND.weakBelow * 100, attempts: 3 };

export interface WeakRule {
  /** Mastery in percent under which a competency is weak. */
  below: number;
  /** How many of the junior's latest attempts touching it must all be under it. */
  attempts: number;
}

export interface MasterySeries {
  competency: string;
  label: string;
  /** Mastery (0–100) after each attempt touching the competency, oldest first. */
  series: Array<{ at: number; value: number }>;
  latest: number | undefined;
}

export interface JuniorDashboard {
  id: string;
  name: string;
  /** Finished attempts counted. */
  attempts: number;
  /** Every competency of the library (then any other met), practised or not. */
  mastery: MasterySeries[];
}

export interface ScenarioCriterionStats {
  id: string;
  label: string;
  competency: string;
  kind: 'rule' | 'judged';
  /** Attempts where it has a level of record. */
  decided: number;
  /** Percent of decided attempts where it is met (0–100, one decimal); undefined if none. */
  passRate: number | undefined;
  /** Attempts where it still waits for a trainer. */
  pending: number;
}

export interface ScenarioDashboard {
  id: string;
  title: string;
  attempts: number;
  /** Mean score of record (0–100, one decimal). */
  meanPercent: number;
  /** 100 − mean: the higher, the harder for this cohort. */
  difficulty: number;
  criteria: ScenarioCriterionStats[];
}

export interface AgreementRow {
  scenarioId: string;
  criterionId: string;
  label: string;
  n: number;
  kappa: KappaResult | undefined;
  gate: AgreementGate;
}

export interface Suggestion {
  competency: string;
  label: string;
  /** Juniors for whom it stays weak, weakest first (mastery 0–100). */
  juniors: Array<{ id: string; name: string; mastery: number }>;
  /** Senior authors of scenarios that train it. */
  seniors: Array<{ name: string; role: string; scenarios: Array<{ id: string; title: string }> }>;
}

export interface Dashboards {
  juniors: JuniorDashboard[];
  scenarios: ScenarioDashboard[];
  heatmap: {
    juniors: Array<{ id: string; name: string }>;
    competencies: Array<{ id: string; label: string }>;
    /** juniors × competencies, latest mastery 0–100 (undefined: never practised). */
    cells: Array<Array<number | undefined>>;
  };
  agreement: AgreementRow[];
  suggestions: Suggestion[];
}

/** The fields of an imported attempt the dashboards read (a `ReviewRecord` fits). */
export interface DashboardReview {
  id: string;
  junior: { id: string; name: string };
  scenarioId: string;
  startedAt: number;
  attempt: Pick<AttemptRecord, 'status' | 'endedAt' | 'updatedAt' | 'proposals' | 'card'>;
  record?: ScoreCard | undefined;
}

export interface DashboardInput {
  reviews: readonly DashboardReview[];
  events: readonly ReviewEventRecord[];
  /** Title, competencies and author of each scenario id known here. */
  scenarios: ReadonlyMap<string, Pick<ScenarioMeta, 'id' | 'title' | 'competencies' | 'author'>>;
  /** The competency library, in its order. */
  competencies: ReadonlyArray<{ id: string; label: string }>;
  gate: GateSettings;
  /** Attempts started after it are left out. */
  now: number;
  weak?: WeakRule;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
/** A 0–1 mastery as the dashboards show it: percent, one decimal. */
const percent = (x: number): number => round1(x * 100);
const collator = new Intl.Collator('fr');

/** An attempt the dashboards count, with its score of record. */
export interface CountedReview {
  id: string;
  junior: { id: string; name: string };
  scenarioId: string;
  startedAt: number;
  attempt: DashboardReview['attempt'];
  card: ScoreCard;
}

/** Finished attempts with a card, up to `now`, with their score of record. */
export function countedReviews(reviews: readonly DashboardReview[], now: number): CountedReview[] {
  const out: CountedReview[] = [];
  for (const r of reviews) {
    const card = r.record ?? r.attempt.card;
    if (r.attempt.status === 'finished' && card && r.startedAt <= now) out.push({ id: r.id, junior: r.junior, scenarioId: r.scenarioId, startedAt: r.startedAt, attempt: r.attempt, card });
  }
  return out;
}

function competencyOrder(known: ReadonlyArray<{ id: string; label: string }>, seen: Iterable<string>): Array<{ id: string; label: string }> {
  const list = known.map((c) => ({ id: c.id, label: c.label }));
  const ids = new Set(list.map((c) => c.id));
  for (const id of [...new Set(seen)].sort()) if (!ids.has(id)) list.push({ id, label: id });
  return list;
}

/**
 * Mastery of each competency after each of its observations (0–1, oldest first): the progress
 * model's `masteryByCompetency` series, value for value (a test holds them equal), computed in one
 * pass without its intermediate objects and list copies — a cohort of 10,000 attempts is a few
 * hundred thousand criterion results. Observations as `observationsOf` makes them (finished
 * attempts, by end time then id; decided criteria only, points clamped to [0, weight]); each value
 * is `weightedMastery` of the last {@link MASTERY.window} observations, term for term, passed
 * through `scale` (the dashboards' percent with one decimal).
 */
export function masterySeries(attempts: readonly AttemptInput[], scale: (value: number) => number = (v) => v): Map<string, Array<{ at: number; value: number }>> {
  // Competencies by first appearance; per attempt, sums in flat arrays (no Map per attempt).
  const index = new Map<string, number>();
  const obs: Array<{ competency: string; at: number[]; ratio: number[] }> = [];
  const earned: number[] = [];
  const possible: number[] = [];
  const touched: number[] = [];
  for (const a of finishedAttempts(attempts)) {
    touched.length = 0;
    for (const c of a.card.criteria) {
      if (c.status === 'pending' || !(c.weight > 0)) continue;
      let i = index.get(c.competency);
      if (i === undefined) {
        index.set(c.competency, (i = obs.length));
        obs.push({ competency: c.competency, at: [], ratio: [] });
        earned.push(0);
        possible.push(0);
      }
      if (possible[i] === 0) touched.push(i);
      earned[i]! += Math.min(Math.max(c.points, 0), c.weight);
      possible[i]! += c.weight;
    }
    const at = attemptTime(a);
    for (const i of touched) {
      const o = obs[i]!;
      o.at.push(at);
      o.ratio.push(earned[i]! / possible[i]!);
      earned[i] = 0;
      possible[i] = 0;
    }
  }
  const halfLife = MASTERY.halfLifeDays * DAY;
  const out = new Map<string, Array<{ at: number; value: number }>>();
  for (const o of obs) {
    const series: Array<{ at: number; value: number }> = new Array(o.at.length);
    for (let i = 0; i < o.at.length; i++) {
      const newest = o.at[i]!;
      let num = 0;
      let den = 0;
      for (let k = Math.max(0, i + 1 - MASTERY.window); k <= i; k++) {
        const w = 2 ** (-(newest - o.at[k]!) / halfLife);
        num += w * o.ratio[k]!;
        den += w;
      }
      series[i] = { at: newest, value: scale(num / den) };
    }
    out.set(o.competency, series);
  }
  return out;
}

/** Mastery per junior and competency, from their attempts' scores of record. */
export function juniorDashboards(reviews: readonly CountedReview[], competencies: ReadonlyArray<{ id: string; label: string }>): JuniorDashboard[] {
  const byJunior = new Map<string, { name: string; attempts: AttemptInput[] }>();
  for (const r of reviews) {
    let j = byJunior.get(r.junior.id);
    if (!j) byJunior.set(r.junior.id, (j = { name: r.junior.name, attempts: [] }));
    j.attempts.push({ id: r.id, scenarioId: r.scenarioId, status: 'finished', startedAt: r.startedAt, endedAt: r.attempt.endedAt, updatedAt: r.attempt.updatedAt, card: r.card });
  }
  const masteries = new Map<string, Map<string, Array<{ at: number; value: number }>>>();
  const seen = new Set<string>();
  for (const [id, j] of byJunior) {
    const m = masterySeries(j.attempts, percent);
    masteries.set(id, m);
    for (const c of m.keys()) seen.add(c);
  }
  const order = competencyOrder(competencies, seen);
  return [...byJunior]
    .map(([id, j]): JuniorDashboard => {
      const m = masteries.get(id);
      return {
        id,
        name: j.name,
        attempts: j.attempts.length,
        mastery: order.map((c) => {
          const series = m?.get(c.id) ?? [];
          return { competency: c.id, label: c.label, series, latest: series[series.length - 1]?.value };
        }),
      };
    })
    .sort((a, b) => collator.compare(a.name, b.name) || collator.compare(a.id, b.id));
}

/** Juniors × competencies practised by anyone (library order), latest mastery 0–100. */
export function heatmapOf(juniors: readonly JuniorDashboard[]): Dashboards['heatmap'] {
  const first = juniors[0]?.mastery ?? [];
  const practised = first.filter((_, i) => juniors.some((j) => j.mastery[i]?.latest !== undefined));
  const index = practised.map((c) => first.indexOf(c));
  return {
    juniors: juniors.map((j) => ({ id: j.id, name: j.name })),
    competencies: practised.map((c) => ({ id: c.competency, label: c.label })),
    cells: juniors.map((j) => index.map((i) => j.mastery[i]?.latest)),
  };
}

/** met / missed / pending of a criterion of record (`levelOnCard`'s status, without allocating). */
function statusOf(c: Pick<CriterionResult, 'status' | 'points'>): 'met' | 'missed' | 'pending' {
  return c.status === 'overridden' ? (c.points > 0 ? 'met' : 'missed') : c.status;
}

/** Per scenario: attempts, mean score of record, difficulty, and each criterion's pass rate. */
export function scenarioDashboards(reviews: readonly CountedReview[], scenarios: DashboardInput['scenarios']): ScenarioDashboard[] {
  interface Acc { attempts: number; sum: number; newest: number; criteria: Map<string, ScenarioCriterionStats & { met: number; version: number }> }
  const by = new Map<string, Acc>();
  for (const r of reviews) {
    let a = by.get(r.scenarioId);
    if (!a) by.set(r.scenarioId, (a = { attempts: 0, sum: 0, newest: -1, criteria: new Map() }));
    a.attempts++;
    a.sum += r.card.percent;
    const version = r.card.scenarioVersion;
    for (const c of r.card.criteria) {
      let s = a.criteria.get(c.id);
      if (!s) a.criteria.set(c.id, (s = { id: c.id, label: c.label, competency: c.competency, kind: c.kind, decided: 0, passRate: undefined, pending: 0, met: 0, version }));
      else if (version > s.version) Object.assign(s, { label: c.label, competency: c.competency, kind: c.kind, version });
      const level = statusOf(c);
      if (level === 'pending') s.pending++;
      else {
        s.decided++;
        if (level === 'met') s.met++;
      }
    }
  }
  return [...by]
    .map(([id, a]): ScenarioDashboard => {
      const mean = round1(a.sum / a.attempts);
      return {
        id,
        title: scenarios.get(id)?.title ?? id,
        attempts: a.attempts,
        meanPercent: mean,
        difficulty: round1(100 - mean),
        criteria: [...a.criteria.values()].map(({ met, version: _v, ...s }) => ({ ...s, passRate: s.decided > 0 ? round1((met / s.decided) * 100) : undefined })),
      };
    })
    .sort((x, y) => y.difficulty - x.difficulty || collator.compare(x.title, y.title));
}

/** κ and the gate of every judged criterion met in the attempts (n = 0 when no pair yet). */
export function agreementRows(
  reviews: ReadonlyArray<Pick<CountedReview, 'id' | 'scenarioId' | 'attempt' | 'card'>>,
  events: readonly ReviewEventRecord[],
  gate: GateSettings,
  scenarios: DashboardInput['scenarios'],
): AgreementRow[] {
  const gates = agreements(agreementPairs(reviews, decisionsByAttempt(events)), gate);
  const judged = new Map<string, { scenarioId: string; criterionId: string; label: string; version: number }>();
  const versions = new Set<string>();
  for (const r of reviews) {
    // One rubric per scenario version: its judged criteria are read once.
    if (versions.has(r.card.scenarioHash)) continue;
    versions.add(r.card.scenarioHash);
    for (const c of r.card.criteria) {
      if (c.kind !== 'judged') continue;
      const key = gateKey(r.scenarioId, c.id);
      const seen = judged.get(key);
      if (!seen || r.card.scenarioVersion > seen.version) judged.set(key, { scenarioId: r.scenarioId, criterionId: c.id, label: c.label, version: r.card.scenarioVersion });
    }
  }
  const title = (id: string) => scenarios.get(id)?.title ?? id;
  return [...judged.values()]
    .map(({ scenarioId, criterionId, label }): AgreementRow => {
      const a = agreementOf(gates, scenarioId, criterionId, gate);
      return { scenarioId, criterionId, label, n: a.n, kappa: a.kappa, gate: a.gate };
    })
    .sort((x, y) => collator.compare(title(x.scenarioId), title(y.scenarioId)) || collator.compare(x.label, y.label));
}

/** Competencies that stay weak (see the module notes), with the seniors whose scenarios train them. */
export function suggestionsOf(juniors: readonly JuniorDashboard[], scenarios: DashboardInput['scenarios'], weak: WeakRule = WEAK): Suggestion[] {
  const weakJuniors = new Map<string, Suggestion>();
  const order: string[] = [];
  for (const j of juniors) {
    for (const m of j.mastery) {
      const last = m.series.slice(-weak.attempts);
      if (m.latest === undefined || last.length < weak.attempts || !last.every((p) => p.value < weak.below)) continue;
      let s = weakJuniors.get(m.competency);
      if (!s) {
        weakJuniors.set(m.competency, (s = { competency: m.competency, label: m.label, juniors: [], seniors: [] }));
        order.push(m.competency);
      }
      s.juniors.push({ id: j.id, name: j.name, mastery: m.latest });
    }
  }
  const library = juniors[0]?.mastery.map((m) => m.competency) ?? [];
  const rank = (c: string) => library.indexOf(c);
  return order
    .map((competency) => {
      const s = weakJuniors.get(competency)!;
      const authors = new Map<string, Suggestion['seniors'][number]>();
      for (const sc of scenarios.values()) {
        if (!sc.competencies.includes(competency)) continue;
        const key = `${sc.author.name}\n${sc.author.role}`;
        let a = authors.get(key);
        if (!a) authors.set(key, (a = { name: sc.author.name, role: sc.author.role, scenarios: [] }));
        a.scenarios.push({ id: sc.id, title: sc.title });
      }
      const seniors = [...authors.values()]
        .map((a) => ({ ...a, scenarios: a.scenarios.sort((x, y) => collator.compare(x.title, y.title)) }))
        .sort((x, y) => y.scenarios.length - x.scenarios.length || collator.compare(x.name, y.name));
      return { ...s, juniors: s.juniors.sort((x, y) => x.mastery - y.mastery || collator.compare(x.name, y.name)), seniors };
    })
    .sort((x, y) => y.juniors.length - x.juniors.length || rank(x.competency) - rank(y.competency));
}

/**
 * All dashboards from attempts and events already read (pure).
 *
 * @example
 * const d = computeDashboards({ reviews, events, scenarios, competencies, gate: DEFAULT_GATE_SETTINGS, now });
 * d.heatmap.cells[0]?.[0]; // 62.5
 */
export function computeDashboards(input: DashboardInput): Dashboards {
  const counted = countedReviews(input.reviews, input.now);
  const juniors = juniorDashboards(counted, input.competencies);
  return {
    juniors,
    scenarios: scenarioDashboards(counted, input.scenarios),
    heatmap: heatmapOf(juniors),
    agreement: agreementRows(counted, input.events, input.gate, input.scenarios),
    suggestions: suggestionsOf(juniors, input.scenarios, input.weak),
  };
}

/**
 * The Revue's dashboards: one read of the attempts, the audit trail and the gate settings, then
 * {@link computeDashboards}.
 *
 * @example
 * const d = await revueDashboards(database());
 * d.suggestions[0]; // { competency: 'empathie', juniors: [{ name: 'Léa', mastery: 38.2 }], seniors: [{ name: 'Mireille Dubois', … }] }
 */
export async function revueDashboards(db: PalierDatabase, options: { now?: number; weak?: WeakRule } = {}): Promise<Dashboards> {
  // Loaded here, not at the top: the pure functions above stay importable without the bundled
  // catalogue (a virtual module of the build), e.g. by the command-line bench.
  const { catalogue, competencies: libraryCompetencies } = await Promise.resolve(import('../scenarios.ts'));
  // The per-scenario digests, not the rows: each row carries its transcript (see digest.ts).
  const [{ reviews, events }, gate] = await Promise.all([readDigests(db), gateSettings(db)]);
  const scenarios = await scenarioMetas(db, [...catalogue.map((e) => e.id), ...reviews.map((r) => r.scenarioId)]);
  return computeDashboards({
    reviews,
    events,
    scenarios,
    competencies: libraryCompetencies,
    gate,
    now: options.now ?? Date.now(),
    ...(options.weak ? { weak: options.weak } : {}),
  });
}
