import { isRuleCriterion } from '../scenario/guards.ts';
import type { Rubric } from '../scenario/rubric.schema.ts';
import {
  compilePredicate,
  type CompiledPredicate,
  type EndFacts,
  type LeafResult,
  type LeafState,
  type Settled,
  type StartFacts,
  type TurnFacts,
} from './predicates.ts';

/** The decisive state of a rubric part-way through an attempt. */
export type RubricState = LeafState[][];

/**
 * Runs every rule criterion of a rubric over an attempt, one turn at a time. Scoring folds a
 * finished trace through it; the lint's path search steps it along explored paths.
 */
export class RubricEvaluator {
  readonly #compiled: Array<CompiledPredicate | undefined>;

  constructor(rubric: Rubric, track = true) {
    this.#compiled = rubric.criteria.map((c) => (isRuleCriterion(c) ? compilePredicate(c.rule, track) : undefined));
  }

  init(start: StartFacts): RubricState {
    return this.#compiled.map((c) => c?.leaves.map((l) => l.init(start)) ?? []);
  }

  turn(state: RubricState, t: TurnFacts): RubricState {
    return this.#compiled.map((c, i) => c?.leaves.map((l, j) => l.turn(state[i]?.[j] ?? { v: 0, ev: [] }, t)) ?? []);
  }

  hint(state: RubricState, afterTurn: number): RubricState {
    return this.#compiled.map((c, i) => c?.leaves.map((l, j) => l.hint(state[i]?.[j] ?? { v: 0, ev: [] }, afterTurn)) ?? []);
  }

  /** Per criterion: the rule's result, or undefined for judged criteria. */
  results(state: RubricState, end: EndFacts): Array<LeafResult | undefined> {
    return this.#compiled.map((c, i) => {
      if (!c) return undefined;
      const leafResults = c.leaves.map((l, j) => l.result(state[i]?.[j] ?? { v: 0, ev: [] }, end));
      return c.combine(leafResults);
    });
  }

  /**
   * Per criterion: already decided after `turns` turns (true / false), or still open. Judged
   * criteria are open: a trainer may award them.
   */
  settled(state: RubricState, turns: number): Settled[] {
    return this.#compiled.map((c, i) => {
      if (!c) return undefined;
      return c.settle(c.leaves.map((l, j) => l.settled(state[i]?.[j] ?? { v: 0, ev: [] }, turns)));
    });
  }

  /** Text key of the decisive values (no evidence): equal keys score equally from here on. */
  key(state: RubricState, only?: number): string {
    const parts = only === undefined ? state : [state[only] ?? []];
    return parts.map((leaves) => leaves.map((l) => l.v).join('.')).join('|');
  }
}
