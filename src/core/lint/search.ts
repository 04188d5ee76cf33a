import type { CompiledScenario } from '../dialogue/compiled.ts';
import type { Condition } from '../scenario/scenario.schema.ts';
import { evalCondition } from '../dialogue/effects.ts';
import { MachineStepper, type Situation } from '../dialogue/step.ts';
import type { Outcome } from '../scenario/common.schema.ts';
import { RubricEvaluator, type RubricState } from '../scoring/evaluator.ts';
import type { LeafResult } from '../scoring/predicates.ts';
import { totals } from '../scoring/score.ts';

/** A point of a path: where the conversation is, and where the rubric stands. */
export interface PathNode {
  s: Situation;
  r: RubricState;
  path: string[][];
}

const RANK = { good: 0, neutral: 1, bad: 2 } as const;

/**
 * The moves a search tries in a situation: each guided choice offered there, and — unless
 * `guidedOnly` — each act that has a transition (free text) and a reply matching nothing (the
 * `otherwise` reaction). Moves free of bad acts come first so searches for good paths end early.
 */
export function movesIn(compiled: CompiledScenario, at: Situation, guidedOnly = false): string[][] {
  const st = compiled.states[at.state];
  if (!st || st.final) return [];
  const moves: string[][] = [];
  const seen = new Set<string>();
  const add = (acts: string[]): void => {
    const key = [...acts].sort().join('+');
    if (!seen.has(key)) {
      seen.add(key);
      moves.push(acts);
    }
  };
  for (const c of st.choices) if (!c.when || evalCondition(c.when, at.ctx, at.ctx.turn + 1)) add(c.acts);
  if (!guidedOnly) {
    for (const act of st.actOrder) add([act]);
    add([]);
  }
  const rank = (acts: string[]): number =>
    acts.length === 0 ? 1.5 : Math.max(...acts.map((a) => RANK[compiled.acts[a]?.polarity ?? 'neutral']));
  return moves
    .map((m, i) => ({ m, i }))
    .sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i)
    .map((x) => x.m);
}

/**
 * What tells two situations apart for what can happen next: state, mood, turn, and only the flags
 * and facts some guard reads. A flag set but never tested changes nothing ahead (released facts
 * the rubric cares about are already in the rubric's own state), so merging on it would only
 * multiply the search.
 */
export function situationKeyer(compiled: CompiledScenario): (s: Situation) => string {
  const flags = new Set<string>();
  const facts = new Set<string>();
  const visit = (c: Condition | undefined): void => {
    if (!c) return;
    if ('flag' in c) flags.add(c.flag);
    else if ('fact' in c) facts.add(c.fact);
    else if ('all' in c) c.all.forEach(visit);
    else if ('any' in c) c.any.forEach(visit);
    else if ('not' in c) visit(c.not);
  };
  for (const st of Object.values(compiled.states)) {
    for (const list of Object.values(st.on)) for (const t of list) visit(t.when);
    for (const c of st.choices) visit(c.when);
  }
  return (s) => {
    const c = s.ctx;
    const f = c.facts.filter((x) => facts.has(x)).sort().join(',');
    const g = c.flags.filter((x) => flags.has(x)).sort().join(',');
    return `${s.state}|${c.mood}|${c.turn}|${f}|${g}`;
  };
}

/**
 * Searches over the compiled machine (through `MachineStepper`, which runs the same JSON config
 * as XState) while folding the rubric along each path. Shared by the lint's exploration and its
 * trap check.
 */
export class PathSearch {
  readonly compiled: CompiledScenario;
  readonly stepper: MachineStepper;
  readonly evaluator: RubricEvaluator;
  readonly #ruleWeight: number;
  /** Key of a situation (see `situationKeyer`). */
  readonly situationKey: (s: Situation) => string;
  /** Situations examined, across calls. */
  nodes = 0;

  constructor(compiled: CompiledScenario) {
    this.compiled = compiled;
    this.stepper = new MachineStepper(compiled);
    this.evaluator = new RubricEvaluator(compiled.rubric, false);
    this.situationKey = situationKeyer(compiled);
    this.#ruleWeight = compiled.rubric.criteria.reduce((sum, c) => sum + ('rule' in c ? c.weight : 0), 0);
  }

  start(): PathNode {
    return { s: this.stepper.initial(), r: this.evaluator.init({ state: this.compiled.initial, mood: this.compiled.mood.start }), path: [] };
  }

  /** Plays one move from a node. */
  step(n: PathNode, acts: string[]): PathNode {
    const next = this.stepper.act(n.s, acts);
    const r = this.evaluator.turn(n.r, {
      turn: next.ctx.turn,
      acts,
      stateBefore: n.s.state,
      stateAfter: next.state,
      moodAfter: next.ctx.mood,
      released: next.ctx.last?.released ?? [],
    });
    return { s: next, r, path: [...n.path, acts] };
  }

  expand(n: PathNode, guidedOnly = false): PathNode[] {
    // Reversed for a stack: the first move is explored first.
    return movesIn(this.compiled, n.s, guidedOnly)
      .map((acts) => this.step(n, acts))
      .reverse();
  }

  outcome(n: PathNode): Outcome | undefined {
    return this.compiled.states[n.s.state]?.outcome;
  }

  results(n: PathNode): Array<LeafResult | undefined> {
    return this.evaluator.results(n.r, { outcome: this.outcome(n), mood: n.s.ctx.mood });
  }

  key(n: PathNode, only?: number): string {
    return `${this.situationKey(n.s)}#${this.evaluator.key(n.r, only)}`;
  }

  /** The most a path through this node can still score: criteria already lost are out. */
  upperBound(n: PathNode): number {
    if (this.#ruleWeight === 0) return 0;
    let lost = 0;
    let criticalLost = false;
    this.evaluator.settled(n.r, n.s.ctx.turn).forEach((v, i) => {
      const c = this.compiled.rubric.criteria[i];
      if (v === false && c) {
        lost += c.weight;
        if (c.critical) criticalLost = true;
      }
    });
    const raw = ((this.#ruleWeight - lost) / this.#ruleWeight) * 100;
    return criticalLost ? Math.min(raw, this.compiled.rubric.criticalCap) : raw;
  }

  /**
   * Can criterion `i` still be met on some path from this node? Stops as soon as it is settled
   * true (or met at an end), cuts branches where it is settled false.
   */
  satisfiableFrom(from: PathNode, i: number, guidedOnly: boolean, maxNodes: number): boolean | undefined {
    const seen = new Set<string>();
    const stack: PathNode[] = [from];
    while (stack.length > 0) {
      const n = stack.pop() as PathNode;
      if (n.s.done) {
        if (this.results(n)[i]?.value ?? true) return true;
        continue;
      }
      const settled = this.evaluator.settled(n.r, n.s.ctx.turn)[i];
      if (settled === true) return true;
      if (settled === false) continue;
      const key = this.key(n, i);
      if (seen.has(key)) continue;
      seen.add(key);
      this.nodes++;
      if (seen.size > maxNodes) return undefined;
      stack.push(...this.expand(n, guidedOnly));
    }
    return false;
  }

  /**
   * Best total reachable from a node, by branch and bound (a branch stops when what it can still
   * earn cannot beat the best path found; the search stops at 100 %).
   */
  bestFrom(from: PathNode, guidedOnly: boolean, maxNodes: number): { percent: number; path: string[][]; exact: boolean } {
    let best = -1;
    let path: string[][] = [];
    const seen = new Set<string>();
    const stack: PathNode[] = [from];
    while (stack.length > 0 && best < 100) {
      const n = stack.pop() as PathNode;
      if (n.s.done) {
        const { percent } = totals(this.compiled.rubric, this.results(n));
        if (percent > best) {
          best = percent;
          path = n.path;
        }
        continue;
      }
      if (this.upperBound(n) <= best) continue;
      const key = this.key(n);
      if (seen.has(key)) continue;
      seen.add(key);
      this.nodes++;
      if (seen.size > maxNodes) return { percent: Math.max(0, best), path, exact: false };
      stack.push(...this.expand(n, guidedOnly));
    }
    return { percent: Math.max(0, best), path, exact: true };
  }
}
