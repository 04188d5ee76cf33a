import type { CompiledScenario } from '../dialogue/compiled.ts';
import { evalCondition } from '../dialogue/effects.ts';
import { MachineStepper, type Situation } from '../dialogue/step.ts';
import type { Outcome } from '../scenario/common.schema.ts';
import { isRuleCriterion } from '../scenario/guards.ts';
import { RubricEvaluator, type RubricState } from '../scoring/evaluator.ts';
import { totals } from '../scoring/score.ts';

export interface ExplorationResult {
  /** States the machine can be in on some path (context and guards taken into account). */
  visited: Set<string>;
  outcomes: Set<Outcome>;
  /** Per criterion (rubric order): met on some path; undefined when the search was cut short. */
  satisfiable: Array<boolean | undefined>;
  /** Best total (rule criteria, after the critical cap) over finished paths. */
  bestPercent: number;
  /** Acts of one path reaching `bestPercent`, turn by turn. */
  bestPath: string[][];
  /** Best score proven optimal (false when the search was cut short). */
  bestExact: boolean;
  /** Best total with the guided choices alone (what a junior in guided mode can reach). */
  bestGuidedPercent: number;
  bestGuidedPath: string[][];
  /** Situations examined across the searches. */
  nodes: number;
  truncated: boolean;
}

const RANK = { good: 0, neutral: 1, bad: 2 } as const;

/**
 * The moves the lint tries in a state: each guided choice, each act that has a transition there
 * (free text), and a reply matching nothing (the `otherwise` reaction). Moves free of bad acts
 * come first so that searches for good paths end early.
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
  return moves.map((m, i) => ({ m, i })).sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i).map((x) => x.m);
}

function situationKey(s: Situation): string {
  const c = s.ctx;
  return `${s.state}|${c.mood}|${c.turn}|${[...c.facts].sort().join(',')}|${[...c.flags].sort().join(',')}`;
}

/**
 * Explores the compiled machine with its context (mood, turn, facts, flags), through the same
 * config XState runs (`MachineStepper`), and folds the rubric along each path:
 * 1. reachability of every state and outcome (exhaustive);
 * 2. for each rule criterion, a path that meets it (search stops as soon as the criterion is
 *    settled true; branches where it is settled false are cut);
 * 3. the best total, by branch and bound: a branch stops when the criteria still open cannot lift
 *    it above the best path found; the search stops at 100 %. Done twice: with every move, and
 *    with the guided choices alone.
 * Histories that agree on the situation and on the criteria's decisive values are merged, so each
 * search is exact; `maxNodes` bounds each one all the same.
 */
export function explore(compiled: CompiledScenario, maxNodes = 200_000): ExplorationResult {
  const stepper = new MachineStepper(compiled);
  const evaluator = new RubricEvaluator(compiled.rubric, false);
  const start = stepper.initial();
  const startRubric = evaluator.init({ state: compiled.initial, mood: compiled.mood.start });
  let nodes = 0;
  let truncated = false;

  // 1. Reachability
  const visited = new Set<string>([start.state]);
  const outcomes = new Set<Outcome>();
  {
    const seen = new Set<string>();
    const stack: Situation[] = [start];
    while (stack.length > 0) {
      const s = stack.pop() as Situation;
      visited.add(s.state);
      if (s.done) {
        const o = compiled.states[s.state]?.outcome;
        if (o) outcomes.add(o);
        continue;
      }
      const key = situationKey(s);
      if (seen.has(key)) continue;
      seen.add(key);
      if (seen.size > maxNodes) {
        truncated = true;
        break;
      }
      for (const acts of movesIn(compiled, s)) stack.push(stepper.act(s, acts));
    }
    nodes += seen.size;
  }

  interface Node {
    s: Situation;
    r: RubricState;
    path: string[][];
  }
  const expand = (n: Node, guidedOnly = false): Node[] =>
    movesIn(compiled, n.s, guidedOnly)
      .map((acts) => {
        const next = stepper.act(n.s, acts);
        const r = evaluator.turn(n.r, {
          turn: next.ctx.turn,
          acts,
          stateBefore: n.s.state,
          stateAfter: next.state,
          moodAfter: next.ctx.mood,
          released: next.ctx.last?.released ?? [],
        });
        return { s: next, r, path: [...n.path, acts] };
      })
      .reverse(); // stack order: first move explored first

  const finalResults = (n: Node) =>
    evaluator.results(n.r, { outcome: compiled.states[n.s.state]?.outcome, mood: n.s.ctx.mood });

  // 2. Each rule criterion on its own
  const satisfiable: Array<boolean | undefined> = compiled.rubric.criteria.map((c, i) => {
    if (!isRuleCriterion(c)) return true;
    const seen = new Set<string>();
    const stack: Node[] = [{ s: start, r: startRubric, path: [] }];
    while (stack.length > 0) {
      const n = stack.pop() as Node;
      if (n.s.done) {
        if (finalResults(n)[i]?.value) return true;
        continue;
      }
      const settled = evaluator.settled(n.r, n.s.ctx.turn)[i];
      if (settled === true) return true;
      if (settled === false) continue;
      const key = `${situationKey(n.s)}#${evaluator.key(n.r, i)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      nodes++;
      if (seen.size > maxNodes) {
        truncated = true;
        return undefined;
      }
      stack.push(...expand(n));
    }
    return false;
  });

  // 3. Best total, branch and bound
  const weights = compiled.rubric.criteria.map((c) => c.weight);
  const ruleWeight = compiled.rubric.criteria.reduce((sum, c) => sum + (isRuleCriterion(c) ? c.weight : 0), 0);
  const critical = compiled.rubric.criteria.map((c) => c.critical && isRuleCriterion(c));
  const upperBound = (n: Node): number => {
    if (ruleWeight === 0) return 0;
    const settled = evaluator.settled(n.r, n.s.ctx.turn);
    let lost = 0;
    let criticalLost = false;
    settled.forEach((v, i) => {
      if (v === false) {
        lost += weights[i] ?? 0;
        if (critical[i]) criticalLost = true;
      }
    });
    const raw = ((ruleWeight - lost) / ruleWeight) * 100;
    return criticalLost ? Math.min(raw, compiled.rubric.criticalCap) : raw;
  };
  const bestOf = (guidedOnly: boolean): { percent: number; path: string[][]; exact: boolean } => {
    let best = -1;
    let path: string[][] = [];
    const seen = new Set<string>();
    const stack: Node[] = [{ s: start, r: startRubric, path: [] }];
    while (stack.length > 0 && best < 100) {
      const n = stack.pop() as Node;
      if (n.s.done) {
        const { percent } = totals(compiled.rubric, finalResults(n));
        if (percent > best) {
          best = percent;
          path = n.path;
        }
        continue;
      }
      if (upperBound(n) <= best) continue;
      const key = `${situationKey(n.s)}#${evaluator.key(n.r)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      nodes++;
      if (seen.size > maxNodes) {
        truncated = true;
        return { percent: Math.max(0, best), path, exact: false };
      }
      stack.push(...expand(n, guidedOnly));
    }
    return { percent: Math.max(0, best), path, exact: true };
  };
  const best = bestOf(false);
  const guided = bestOf(true);
  return {
    visited,
    outcomes,
    satisfiable,
    bestPercent: best.percent,
    bestPath: best.path,
    bestExact: best.exact,
    bestGuidedPercent: guided.percent,
    bestGuidedPath: guided.path,
    nodes,
    truncated,
  };
}
