import { RECOMMEND } from '../../core/progress/recommend.ts';
import type { AttemptRecord, PalierDatabase, ReviewEventRecord, ReviewRecord } from '../../db/db.ts';
import { agreementGate, cohensKappa, type AgreementGate, type KappaResult } from './kappa.ts';
import { eventOrder, type Decision } from './record.ts';
import type { ScenarioMeta } from './replay.ts';
import { knownScenarioMetas } from './scenario-metas.ts';
import { digestColumns, LEVEL, readDigests, type DashboardReview, type DigestCheck, type DigestColumns } from './digest.ts';
import { CompetencyMastery, MasteryTrail, type MasterySeries, type Observations } from './mastery-series.ts';

export { masterySeries } from './mastery-series.ts';
export type { MasterySeries };

/**
 * The trainer's cohort dashboards: mastery per junior and competency, scenario difficulty and
 * criterion pass rates, a juniors × competencies heatmap, the AI's agreement with trainers per
 * judged criterion, and suggestions (who could coach whom).
 *
 * `revueDashboards` reads one digest per scenario (digest.ts: the attempts and decisions as the
 * dashboards need them, in columns, one JSON text per scenario, rewritten with the scores of record)
 * and each scenario's title, competencies and author once (from the catalogue; a scenario the app
 * does not ship is compiled once from its bundle source, then cached); everything else is a pure
 * function of them ({@link dashboardsOf}), exported for tests and the bench. They read the stored
 * score of record (`review.record`, see review.ts): no compiling per attempt, no query per row —
 * reading 10,000 full `reviews` rows, each with its transcript, takes tens of seconds in IndexedDB.
 * {@link computeDashboards} gives the same from rows already read (it makes their digests in memory).
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

export type { DashboardReview };

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

/** {@link DashboardInput} with the attempts and decisions as digests (digest.ts), one per scenario. */
export type DigestInput = Omit<DashboardInput, 'reviews' | 'events'> & { digests: readonly DigestColumns[] };

const round1 = (x: number): number => Math.round(x * 10) / 10;
const collator = new Intl.Collator('fr');

function competencyOrder(known: ReadonlyArray<{ id: string; label: string }>, seen: Iterable<string>): Array<{ id: string; label: string }> {
  const list = known.map((c) => ({ id: c.id, label: c.label }));
  const ids = new Set(list.map((c) => c.id));
  for (const id of [...new Set(seen)].sort()) if (!ids.has(id)) list.push({ id, label: id });
  return list;
}

/** Mastery per junior and competency, from their counted attempts' scores of record. */
export function juniorDashboards(digests: readonly DigestColumns[], now: number, competencies: ReadonlyArray<{ id: string; label: string }>): JuniorDashboard[] {
  // Each junior's counted attempts as two parallel lists: the digest, the attempt's index in it.
  const byJunior = new Map<string, { name: string; digests: DigestColumns[]; rows: number[] }>();
  for (const d of digests) {
    for (let a = 0; a < d.attempts; a++) {
      if (d.startedAt[a]! > now) continue;
      const junior = d.juniors[d.junior[a]!]!;
      let j = byJunior.get(junior.id);
      if (!j) byJunior.set(junior.id, (j = { name: junior.name, digests: [], rows: [] }));
      j.digests.push(d);
      j.rows.push(a);
    }
  }
  const masteries = new Map<string, Map<string, Observations>>();
  const seen = new Set<string>();
  for (const [id, j] of byJunior) {
    const { digests: ds, rows } = j;
    // The progress model's order (`finishedAttempts`): by end time, then id.
    const at = rows.map((a, i) => ds[i]!.at[a]!);
    const idOf = (i: number): string => ds[i]!.id[rows[i]!]!;
    const order = rows.map((_, i) => i).sort((x, y) => at[x]! - at[y]! || (idOf(x) < idOf(y) ? -1 : idOf(x) > idOf(y) ? 1 : 0));
    const trail = new MasteryTrail();
    // The trail's slot of each competency of each digest, found once.
    const slots = new Map<DigestColumns, number[]>();
    for (const i of order) {
      const d = ds[i]!;
      const a = rows[i]!;
      const shape = d.shapes[d.shape[a]!]!;
      const start = d.offset[a]!;
      let slot = slots.get(d);
      if (!slot) slots.set(d, (slot = []));
      for (let k = 0; k < shape.ids.length; k++) {
        const c = shape.competency[k]!;
        trail.add((slot[c] ??= trail.slot(d.competencies[c]!)), d.level[start + k] === LEVEL.pending, d.points[start + k]!, shape.weight[k]!);
      }
      trail.attempt(at[i]!);
    }
    const m = trail.observations();
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
        attempts: j.rows.length,
        mastery: order.map((c) => new CompetencyMastery(c.id, c.label, m?.get(c.id))),
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

/** Per scenario: counted attempts, mean score of record, difficulty, and each criterion's pass rate. */
export function scenarioDashboards(digests: readonly DigestColumns[], now: number, scenarios: DashboardInput['scenarios']): ScenarioDashboard[] {
  type Stats = ScenarioCriterionStats & { met: number; version: number };
  const out: Array<{ id: string; attempts: number; sum: number; criteria: Map<string, Stats> }> = [];
  for (const d of digests) {
    const acc = { id: d.scenarioId, attempts: 0, sum: 0, criteria: new Map<string, Stats>() };
    // Each criterion of a shape, as an entry of `acc.criteria`: its texts are those of the newest
    // version met (the first shape of it, in row order), its counts every attempt's.
    const stats: Array<Stats[] | undefined> = [];
    for (let a = 0; a < d.attempts; a++) {
      if (d.startedAt[a]! > now) continue;
      acc.attempts++;
      acc.sum += d.percent[a]!;
      const s = d.shape[a]!;
      let list = stats[s];
      if (!list) {
        const shape = d.shapes[s]!;
        const { version } = shape;
        list = stats[s] = shape.ids.map((id, k) => {
          const texts = { label: shape.labels[k]!, competency: d.competencies[shape.competency[k]!]!, kind: shape.judged[k] ? ('judged' as const) : ('rule' as const) };
          let c = acc.criteria.get(id);
          if (!c) acc.criteria.set(id, (c = { id, ...texts, decided: 0, passRate: undefined, pending: 0, met: 0, version }));
          else if (version > c.version) Object.assign(c, texts, { version });
          return c;
        });
      }
      const start = d.offset[a]!;
      for (let k = 0; k < list.length; k++) {
        const c = list[k]!;
        const level = d.level[start + k];
        if (level === LEVEL.pending) c.pending++;
        else {
          c.decided++;
          if (level === LEVEL.met) c.met++;
        }
      }
    }
    if (acc.attempts > 0) out.push(acc);
  }
  return out
    .map((a): ScenarioDashboard => {
      const mean = round1(a.sum / a.attempts);
      return {
        id: a.id,
        title: scenarios.get(a.id)?.title ?? a.id,
        attempts: a.attempts,
        meanPercent: mean,
        difficulty: round1(100 - mean),
        criteria: [...a.criteria.values()].map(({ met, version: _v, ...s }) => ({ ...s, passRate: s.decided > 0 ? round1((met / s.decided) * 100) : undefined })),
      };
    })
    .sort((x, y) => y.difficulty - x.difficulty || collator.compare(x.title, y.title));
}

/** κ and the gate of every judged criterion met in the counted attempts (n = 0 when no pair yet). */
export function agreementRows(digests: readonly DigestColumns[], now: number, gate: GateSettings, scenarios: DashboardInput['scenarios']): AgreementRow[] {
  const pairs = new Map<GateKey, Array<readonly [string, string]>>();
  const judged = new Map<string, { scenarioId: string; criterionId: string; label: string; version: number }>();
  const versions = new Set<string>();
  for (const d of digests) {
    for (let p = 0; p < d.pairs.length; p += 4) {
      if (d.startedAt[d.pairs[p]!]! > now) continue;
      const key = gateKey(d.scenarioId, d.words[d.pairs[p + 1]!]!);
      let list = pairs.get(key);
      if (!list) pairs.set(key, (list = []));
      list.push([d.words[d.pairs[p + 2]!]!, d.words[d.pairs[p + 3]!]!]);
    }
    for (let a = 0; a < d.attempts; a++) {
      const shape = d.shapes[d.shape[a]!]!;
      // One rubric per scenario version: its judged criteria are read once.
      if (d.startedAt[a]! > now || versions.has(shape.hash)) continue;
      versions.add(shape.hash);
      shape.ids.forEach((criterionId, k) => {
        if (!shape.judged[k]) return;
        const key = gateKey(d.scenarioId, criterionId);
        const seen = judged.get(key);
        if (!seen || shape.version > seen.version) judged.set(key, { scenarioId: d.scenarioId, criterionId, label: shape.labels[k]!, version: shape.version });
      });
    }
  }
  const gates = agreements(pairs, gate);
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
      const last = m.tail ? m.tail(weak.attempts) : m.series.slice(-weak.attempts);
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
 * All dashboards from the digests (pure). An attempt counts when it is finished with a card (the
 * digest keeps no other) and started by `now`.
 */
export function dashboardsOf(input: DigestInput): Dashboards {
  const { digests, now } = input;
  const juniors = juniorDashboards(digests, now, input.competencies);
  return {
    juniors,
    scenarios: scenarioDashboards(digests, now, input.scenarios),
    heatmap: heatmapOf(juniors),
    agreement: agreementRows(digests, now, input.gate, input.scenarios),
    suggestions: suggestionsOf(juniors, input.scenarios, input.weak),
  };
}

/** Rows as digests: one per scenario, in order of first appearance, each with its rows' events. */
export function digestsOfRows(reviews: readonly DashboardReview[], events: readonly ReviewEventRecord[]): DigestColumns[] {
  const byScenario = new Map<string, DashboardReview[]>();
  for (const r of reviews) {
    let list = byScenario.get(r.scenarioId);
    if (!list) byScenario.set(r.scenarioId, (list = []));
    list.push(r);
  }
  const byAttempt = new Map<string, ReviewEventRecord[]>();
  for (const e of events) {
    let list = byAttempt.get(e.attemptId);
    if (!list) byAttempt.set(e.attemptId, (list = []));
    list.push(e);
  }
  return [...byScenario].map(([id, rows]) => digestColumns(id, rows, rows.flatMap((r) => byAttempt.get(r.id) ?? [])));
}

/**
 * All dashboards from attempts and events already read (pure): {@link dashboardsOf} their digests.
 *
 * @example
 * const d = computeDashboards({ reviews, events, scenarios, competencies, gate: DEFAULT_GATE_SETTINGS, now });
 * d.heatmap.cells[0]?.[0]; // 62.5
 */
export function computeDashboards(input: DashboardInput): Dashboards {
  const { reviews, events, ...rest } = input;
  return dashboardsOf({ ...rest, digests: digestsOfRows(reviews, events) });
}

/** The last dashboards computed for a database, with what they were computed from. */
const lastComputed = new WeakMap<PalierDatabase, { inputs: readonly unknown[]; dashboards: Dashboards }>();

/**
 * The Revue's dashboards: the digests (digest.ts), the gate settings and the scenarios' titles,
 * then {@link dashboardsOf} — unless nothing it depends on changed since the last call for this
 * database (the same digests, settings, titles and attempts counted), which returns the same
 * dashboards at once. `check` is how the digests are checked against the rows (see `readDigests`):
 * counted in the read (default, exact at once) or once per session (the screen).
 *
 * @example
 * const d = await revueDashboards(database());
 * d.suggestions[0]; // { competency: 'empathie', juniors: [{ name: 'Léa', mastery: 38.2 }], seniors: [{ name: 'Mireille Dubois', … }] }
 */
export async function revueDashboards(db: PalierDatabase, options: { now?: number; weak?: WeakRule; check?: DigestCheck } = {}): Promise<Dashboards> {
  // Loaded here, not at the top: the pure functions above stay importable without the bundled
  // catalogue (a virtual module of the build), e.g. by the command-line bench.
  const { catalogue, competencies } = await Promise.resolve(import('../scenarios.ts'));
  // The per-scenario digests, not the rows: each row carries its transcript (see digest.ts).
  const [digests, gate] = await Promise.all([readDigests(db, options.check ? { check: options.check } : {}), gateSettings(db)]);
  const scenarios = await knownScenarioMetas(db, [...catalogue.map((e) => e.id), ...digests.map((d) => d.scenarioId)]);
  const now = options.now ?? Date.now();
  const input: DigestInput = { digests, scenarios, competencies, gate, now, ...(options.weak ? { weak: options.weak } : {}) };
  // Decoded digests are kept while their text is the same (digest.ts): the same objects mean the
  // same attempts. `now` matters only while some attempt started after it.
  const inputs = [
    ...digests,
    competencies,
    gate.threshold,
    gate.minN,
    JSON.stringify([...scenarios.values()].sort((a, b) => (a.id < b.id ? -1 : 1))),
    JSON.stringify(options.weak ?? null),
    digests.every((d) => d.latestStart <= now) ? 'all' : now,
  ];
  const last = lastComputed.get(db);
  if (last && last.inputs.length === inputs.length && last.inputs.every((x, i) => Object.is(x, inputs[i]))) return last.dashboards;
  const dashboards = dashboardsOf(input);
  lastComputed.set(db, { inputs, dashboards });
  return dashboards;
}
