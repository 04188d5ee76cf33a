import type { CompiledScenario } from '../dialogue/compiled.ts';
import type { Trace } from '../dialogue/trace.ts';
import type { Outcome } from '../scenario/common.schema.ts';
import { isRuleCriterion } from '../scenario/guards.ts';
import type { Rubric } from '../scenario/rubric.schema.ts';
import { RubricEvaluator } from './evaluator.ts';
import type { LeafResult } from './predicates.ts';

export type CriterionStatus = 'met' | 'missed' | 'pending' | 'overridden';
export type CriterionSource = 'rule' | 'llm' | 'trainer';

export interface CriterionResult {
  id: string;
  label: string;
  competency: string;
  weight: number;
  critical: boolean;
  kind: 'rule' | 'judged';
  status: CriterionStatus;
  points: number;
  /** 1-based junior turns that show why (0 = the opening). */
  evidence: number[];
  source: CriterionSource;
  note: string;
  seniorWould: string | undefined;
}

export interface ScoreCard {
  scenarioId: string;
  scenarioVersion: number;
  scenarioHash: string;
  rubricHash: string;
  outcome: Outcome | undefined;
  finished: boolean;
  turns: number;
  hintsUsed: number;
  criteria: CriterionResult[];
  /** Points earned on decided criteria. */
  earned: number;
  /** Weight of decided criteria (rule criteria, and judged ones once confirmed). */
  possible: number;
  /** Weight of judged criteria still waiting for a trainer. */
  pendingWeight: number;
  /** 0–100, one decimal, after the critical cap; provisional while `pendingWeight` > 0. */
  percent: number;
  capped: boolean;
  criticalMissed: string[];
}

/** Totals and critical cap, shared by scoring and the lint's best-path search. */
export function totals(
  rubric: Rubric,
  results: ReadonlyArray<LeafResult | undefined>,
): { earned: number; possible: number; pendingWeight: number; percent: number; capped: boolean; criticalMissed: string[] } {
  let earned = 0;
  let possible = 0;
  let pendingWeight = 0;
  const criticalMissed: string[] = [];
  rubric.criteria.forEach((c, i) => {
    const r = results[i];
    if (!r) {
      pendingWeight += c.weight;
      return;
    }
    possible += c.weight;
    if (r.value) earned += c.weight;
    else if (c.critical) criticalMissed.push(c.id);
  });
  const raw = possible > 0 ? (earned / possible) * 100 : 0;
  const capped = criticalMissed.length > 0 && raw > rubric.criticalCap;
  const percent = Math.round((capped ? rubric.criticalCap : raw) * 10) / 10;
  return { earned, possible, pendingWeight, percent, capped, criticalMissed };
}

/**
 * Scores an attempt against the scenario's rubric. Rule criteria are decided from the trace;
 * judged criteria stay `pending` until a trainer confirms. Same trace → same card.
 *
 * @example
 * const card = scoreTrace(compiled, session.trace);
 * card.percent; // e.g. 72.5
 */
export function scoreTrace(compiled: CompiledScenario, trace: Trace): ScoreCard {
  const ev = new RubricEvaluator(compiled.rubric, true);
  let state = ev.init({ state: compiled.initial, mood: compiled.mood.start });
  let mood = compiled.mood.start;
  let turns = 0;
  let hints = 0;
  for (const e of trace.entries) {
    if (e.kind === 'turn') {
      state = ev.turn(state, {
        turn: e.turn,
        acts: e.acts,
        stateBefore: e.stateBefore,
        stateAfter: e.stateAfter,
        moodAfter: e.moodAfter,
        released: e.released,
      });
      mood = e.moodAfter;
      turns = e.turn;
    } else if (e.kind === 'hint') {
      state = ev.hint(state, e.afterTurn);
      hints++;
    }
  }
  const results = ev.results(state, { outcome: trace.outcome, mood });
  const criteria: CriterionResult[] = compiled.rubric.criteria.map((c, i) => {
    const r = results[i];
    const base = {
      id: c.id,
      label: c.label,
      competency: c.competency,
      weight: c.weight,
      critical: c.critical,
      note: c.note,
      seniorWould: c.seniorWould,
    };
    if (!isRuleCriterion(c) || !r) {
      return { ...base, kind: 'judged' as const, status: 'pending' as const, points: 0, evidence: [], source: 'rule' as const };
    }
    return {
      ...base,
      kind: 'rule' as const,
      status: r.value ? ('met' as const) : ('missed' as const),
      points: r.value ? c.weight : 0,
      evidence: r.evidence,
      source: 'rule' as const,
    };
  });
  return {
    scenarioId: compiled.id,
    scenarioVersion: compiled.version,
    scenarioHash: compiled.hash,
    rubricHash: compiled.rubricHash,
    outcome: trace.outcome,
    finished: trace.outcome !== undefined,
    turns,
    hintsUsed: hints,
    criteria,
    ...totals(compiled.rubric, results),
  };
}
