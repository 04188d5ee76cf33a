import type { CompiledScenario } from '../dialogue/compiled.ts';
import type { Situation } from '../dialogue/step.ts';
import type { Outcome } from '../scenario/common.schema.ts';
import { isRuleCriterion } from '../scenario/guards.ts';
import { movesIn, PathSearch } from './search.ts';

export { movesIn } from './search.ts';

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

/**
 * Explores the compiled machine with its context (mood, turn, facts, flags), through the same
 * config XState runs, and folds the rubric along each path:
 * 1. reachability of every state and outcome;
 * 2. the best total by branch and bound, with every move and with the guided choices alone;
 * 3. for each rule criterion, a path that meets it (search stops as soon as the criterion is
 *    settled true; branches where it is settled false are cut) — needed only when no path
 *    reaches 100 %.
 * Histories that agree on the situation and on the criteria's decisive values are merged, so each
 * search is exact; `maxNodes` bounds each one all the same.
 */
export function explore(compiled: CompiledScenario, maxNodes = 200_000): ExplorationResult {
  const search = new PathSearch(compiled);
  const start = search.start();
  let truncated = false;

  // 1. Reachability (stops once every state has been reached: only a missing one needs the proof
  // that no path leads to it)
  const visited = new Set<string>([start.s.state]);
  const outcomes = new Set<Outcome>();
  const stateCount = Object.keys(compiled.states).length;
  {
    const seen = new Set<string>();
    const stack: Situation[] = [start.s];
    while (stack.length > 0 && visited.size < stateCount) {
      const s = stack.pop() as Situation;
      visited.add(s.state);
      if (s.done) {
        const o = compiled.states[s.state]?.outcome;
        if (o) outcomes.add(o);
        continue;
      }
      const key = search.situationKey(s);
      if (seen.has(key)) continue;
      seen.add(key);
      if (seen.size > maxNodes) {
        truncated = true;
        break;
      }
      for (const acts of movesIn(compiled, s)) stack.push(search.stepper.act(s, acts));
    }
    search.nodes += seen.size;
  }

  // 2. Best totals, with every move and with guided choices alone
  const best = search.bestFrom(start, false, maxNodes);
  const guided = search.bestFrom(start, true, maxNodes);
  if (!best.exact || !guided.exact) truncated = true;

  // 3. Each rule criterion on its own — a path at 100 % already meets them all.
  const satisfiable: Array<boolean | undefined> = compiled.rubric.criteria.map((c, i) => {
    if (!isRuleCriterion(c) || best.percent >= 100) return true;
    const r = search.satisfiableFrom(start, i, false, maxNodes);
    if (r === undefined) truncated = true;
    return r;
  });

  return {
    visited,
    outcomes,
    satisfiable,
    bestPercent: best.percent,
    bestPath: best.path,
    bestExact: best.exact,
    bestGuidedPercent: guided.percent,
    bestGuidedPath: guided.path,
    nodes: search.nodes,
    truncated,
  };
}
