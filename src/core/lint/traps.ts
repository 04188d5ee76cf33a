import type { CompiledScenario } from '../dialogue/compiled.ts';
import { evalCondition } from '../dialogue/effects.ts';
import { ids, isRuleCriterion } from '../scenario/guards.ts';
import type { Predicate } from '../scenario/rubric.schema.ts';
import { PathSearch, type PathNode } from './search.ts';

export interface UncostedTrap {
  state: string;
  /** Index of the choice in the state's authored list. */
  choice: number;
  acts: string[];
  /** One guided path (acts per turn) that reaches the situation where the trap costs nothing. */
  path: string[][];
}

export interface TrapReport {
  uncosted: UncostedTrap[];
  /** Situations examined. */
  nodes: number;
  truncated: boolean;
}

/** Does a rule criterion flag this act wherever it happens in this state (a plain `never`)? */
function neverFlags(compiled: CompiledScenario, act: string, state: string): boolean {
  const covers = (p: Predicate): boolean => {
    if ('never' in p) {
      const ref = p.never;
      if (typeof ref === 'string' || Array.isArray(ref)) return ids(ref).includes(act);
      return ids(ref.act).includes(act) && (!ref.in || ref.in.includes(state));
    }
    if ('all' in p) return p.all.some(covers);
    return false;
  };
  return compiled.rubric.criteria.some((c) => isRuleCriterion(c) && covers(c.rule));
}

/** Does taking these acts in this state always raise the mood, whatever the guards decide? */
function alwaysUpsets(compiled: CompiledScenario, state: string, acts: readonly string[]): boolean {
  const st = compiled.states[state];
  if (!st) return false;
  // The machine tries the state's acts in `actOrder`; the first one with an applicable transition
  // wins. Every transition that could apply (any guard) and the fallback must raise the mood.
  const candidates = st.actOrder.filter((a) => acts.includes(a)).flatMap((a) => st.on[a] ?? []);
  const unguardedFirst = candidates.findIndex((t) => !t.when);
  const possible = unguardedFirst < 0 ? candidates : candidates.slice(0, unguardedFirst + 1);
  const fallback = unguardedFirst < 0 ? [st.otherwise?.mood ?? 0] : [];
  return [...possible.map((t) => t.mood), ...fallback].every((m) => m > 0);
}

/**
 * Checks that no trap goes unnoticed: wherever guided play offers a choice carrying a bad act, and
 * the junior has not already made that same mistake, taking it must cost mood (the tenant is more
 * upset, or breaks off) or be noticed by the rubric (a criterion that could still be met is lost).
 * Most traps are settled statically (every transition it can trigger raises the mood, or a plain
 * `never` criterion flags the act); the others are checked in every situation guided play can
 * reach in that state, judged on the first path found to it.
 */
export function checkTraps(compiled: CompiledScenario, maxNodes = 100_000): TrapReport {
  const search = new PathSearch(compiled);
  const bad = (a: string): boolean => compiled.acts[a]?.polarity === 'bad';
  const uncertain = new Set<string>();
  for (const st of Object.values(compiled.states)) {
    for (const choice of st.choices) {
      const traps = choice.acts.filter(bad);
      if (traps.length === 0) continue;
      if (alwaysUpsets(compiled, st.id, choice.acts)) continue;
      if (traps.every((a) => neverFlags(compiled, a, st.id))) continue;
      uncertain.add(`${st.id}#${choice.index}`);
    }
  }
  const found = new Map<string, UncostedTrap>();
  if (uncertain.size === 0) return { uncosted: [], nodes: 0, truncated: false };
  const seen = new Set<string>();
  const stack: PathNode[] = [search.start()];
  let truncated = false;
  while (stack.length > 0) {
    const n = stack.pop() as PathNode;
    if (n.s.done) continue;
    const played = new Set(n.path.flat().filter(bad));
    const key = `${search.situationKey(n.s)}#${[...played].sort().join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (seen.size > maxNodes) {
      truncated = true;
      break;
    }
    for (const choice of compiled.states[n.s.state]?.choices ?? []) {
      const id = `${n.s.state}#${choice.index}`;
      if (!uncertain.has(id) || found.has(id)) continue;
      if (choice.acts.filter(bad).every((a) => played.has(a))) continue;
      if (choice.when && !evalCondition(choice.when, n.s.ctx, n.s.ctx.turn + 1)) continue;
      if (!costs(search, n, choice.acts)) found.set(id, { state: n.s.state, choice: choice.index, acts: choice.acts, path: n.path });
    }
    stack.push(...search.expand(n, true));
  }
  return { uncosted: [...found.values()], nodes: seen.size + search.nodes, truncated };
}

const reach = new WeakMap<PathSearch, Map<string, boolean | undefined>>();

function satisfiable(search: PathSearch, n: PathNode, i: number): boolean | undefined {
  let cache = reach.get(search);
  if (!cache) reach.set(search, (cache = new Map()));
  const key = `${search.key(n, i)}@${i}`;
  if (!cache.has(key)) cache.set(key, search.satisfiableFrom(n, i, true, 5_000));
  return cache.get(key);
}

function costs(search: PathSearch, n: PathNode, acts: string[]): boolean {
  const after = search.step(n, acts);
  const outcome = after.s.done ? search.outcome(after) : undefined;
  if (after.s.ctx.mood > n.s.ctx.mood || outcome === 'escalation' || outcome === 'failure') return true;
  const before = search.evaluator.settled(n.r, n.s.ctx.turn);
  const now = search.evaluator.settled(after.r, after.s.ctx.turn);
  if (now.some((v, i) => v === false && before[i] !== false)) return true;
  // Indirect costs: a criterion still within reach before the move is out of reach after it.
  return now.some((v, i) => {
    if (v !== undefined || before[i] !== undefined) return false;
    return satisfiable(search, after, i) === false && satisfiable(search, n, i) === true;
  });
}
