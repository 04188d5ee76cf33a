import type { Outcome } from '../scenario/common.schema.ts';
import { ids } from '../scenario/guards.ts';
import type { Predicate } from '../scenario/rubric.schema.ts';

/** What the rubric sees of one junior turn. */
export interface TurnFacts {
  /** 1-based. */
  turn: number;
  acts: readonly string[];
  stateBefore: string;
  stateAfter: string;
  moodAfter: number;
  released: readonly string[];
}

export interface StartFacts {
  state: string;
  mood: number;
}

export interface EndFacts {
  outcome: Outcome | undefined;
  mood: number;
}

/**
 * Incremental state of one leaf predicate. `v` is the small value that decides the result (it is
 * what the lint's path search uses to merge equivalent histories); `ev` holds evidence turns.
 */
export interface LeafState {
  v: number;
  ev: number[];
}

export interface LeafResult {
  value: boolean;
  evidence: number[];
}

/** Known for good part-way through an attempt: true, false, or still open (undefined). */
export type Settled = boolean | undefined;

interface Leaf {
  init(start: StartFacts): LeafState;
  turn(s: LeafState, t: TurnFacts): LeafState;
  hint(s: LeafState, afterTurn: number): LeafState;
  result(s: LeafState, end: EndFacts): LeafResult;
  /** Whether the result is already decided after `turns` turns, whatever happens next. */
  settled(s: LeafState, turns: number): Settled;
}

/** A compiled predicate: leaves evaluated turn by turn, combined at the end. */
export interface CompiledPredicate {
  leaves: Leaf[];
  combine(results: readonly LeafResult[]): LeafResult;
  /** Three-valued (Kleene) combination of the leaves' settled values. */
  settle(values: readonly Settled[]): Settled;
}

const open = (): Settled => undefined;
const trueIf = (cond: boolean): Settled => (cond ? true : undefined);
const falseIf = (cond: boolean): Settled => (cond ? false : undefined);

const same = (s: LeafState): LeafState => s;
const hits = (acts: readonly string[], wanted: ReadonlySet<string>): boolean => acts.some((a) => wanted.has(a));
const push = (s: LeafState, v: number, turn: number, track: boolean): LeafState => ({
  v,
  ev: track ? [...s.ev, turn] : s.ev,
});

function actWhere(ref: Extract<Predicate, { happened: unknown }>['happened']): { acts: Set<string>; states: Set<string> | undefined } {
  if (typeof ref === 'string' || Array.isArray(ref)) return { acts: new Set(ids(ref)), states: undefined };
  return { acts: new Set(ids(ref.act)), states: ref.in ? new Set(ref.in) : undefined };
}

function leafFor(p: Predicate, track: boolean): Leaf | undefined {
  if ('happened' in p || 'never' in p) {
    const never = 'never' in p;
    const { acts, states } = actWhere(never ? p.never : p.happened);
    return {
      init: () => ({ v: 0, ev: [] }),
      turn: (s, t) => (hits(t.acts, acts) && (!states || states.has(t.stateBefore)) ? push(s, 1, t.turn, track) : s),
      hint: same,
      result: (s) => ({ value: never ? s.v === 0 : s.v === 1, evidence: s.ev }),
      settled: (s) => (never ? falseIf(s.v === 1) : trueIf(s.v === 1)),
    };
  }
  if ('before' in p) {
    const first = new Set(ids(p.before.first));
    const then = new Set(ids(p.before.then));
    // v: 0 undecided, 1 « first » came first, 2 « then » came at or before it.
    return {
      init: () => ({ v: 0, ev: [] }),
      turn: (s, t) => {
        if (s.v !== 0) return s;
        if (hits(t.acts, then)) return push(s, 2, t.turn, track);
        if (hits(t.acts, first)) return push(s, 1, t.turn, track);
        return s;
      },
      hint: same,
      result: (s) => ({ value: s.v === 1, evidence: s.ev }),
      settled: (s) => (s.v === 0 ? undefined : s.v === 1),
    };
  }
  if ('within' in p) {
    const acts = new Set(ids(p.within.act));
    const limit = p.within.turns;
    return {
      init: () => ({ v: 0, ev: [] }),
      turn: (s, t) => (s.v === 0 && t.turn <= limit && hits(t.acts, acts) ? push(s, 1, t.turn, track) : s),
      hint: same,
      result: (s) => ({ value: s.v === 1, evidence: s.ev }),
      settled: (s, turns) => (s.v === 1 ? true : falseIf(turns >= limit)),
    };
  }
  if ('countAtLeast' in p) {
    const acts = new Set(ids(p.countAtLeast.act));
    const target = p.countAtLeast.count;
    return {
      init: () => ({ v: 0, ev: [] }),
      turn: (s, t) => (hits(t.acts, acts) ? push(s, Math.min(target, s.v + 1), t.turn, track) : s),
      hint: same,
      result: (s) => ({ value: s.v >= target, evidence: s.ev }),
      settled: (s) => trueIf(s.v >= target),
    };
  }
  if ('reached' in p) {
    const states = new Set(ids(p.reached));
    return {
      init: (start) => ({ v: states.has(start.state) ? 1 : 0, ev: states.has(start.state) && track ? [0] : [] }),
      turn: (s, t) => (s.v === 0 && states.has(t.stateAfter) ? push(s, 1, t.turn, track) : s),
      hint: same,
      result: (s) => ({ value: s.v === 1, evidence: s.ev }),
      settled: (s) => trueIf(s.v === 1),
    };
  }
  if ('released' in p) {
    const facts = new Set(ids(p.released));
    return {
      init: () => ({ v: 0, ev: [] }),
      turn: (s, t) => (s.v === 0 && t.released.some((f) => facts.has(f)) ? push(s, 1, t.turn, track) : s),
      hint: same,
      result: (s) => ({ value: s.v === 1, evidence: s.ev }),
      settled: (s) => trueIf(s.v === 1),
    };
  }
  if ('outcomeIn' in p) {
    const outcomes = new Set<string>(p.outcomeIn);
    return {
      init: () => ({ v: 0, ev: [] }),
      turn: same,
      hint: same,
      result: (_s, end) => ({ value: end.outcome !== undefined && outcomes.has(end.outcome), evidence: [] }),
      settled: open,
    };
  }
  if ('moodAtMost' in p) {
    const { value, at } = p.moodAtMost;
    if (at === 'end') {
      return {
        init: () => ({ v: 0, ev: [] }),
        turn: same,
        hint: same,
        result: (_s, end) => ({ value: end.mood <= value, evidence: [] }),
        settled: open,
      };
    }
    return {
      init: (start) => ({ v: start.mood > value ? 1 : 0, ev: start.mood > value && track ? [0] : [] }),
      turn: (s, t) => (t.moodAfter > value ? push(s, 1, t.turn, track) : s),
      hint: same,
      result: (s) => ({ value: s.v === 0, evidence: s.ev }),
      settled: (s) => falseIf(s.v === 1),
    };
  }
  if ('hintsAtMost' in p) {
    const max = p.hintsAtMost;
    return {
      init: () => ({ v: 0, ev: [] }),
      turn: same,
      hint: (s, afterTurn) => push(s, Math.min(max + 1, s.v + 1), afterTurn, track),
      result: (s) => ({ value: s.v <= max, evidence: s.ev }),
      settled: (s) => falseIf(s.v > max),
    };
  }
  return undefined;
}

const union = (lists: readonly number[][]): number[] => [...new Set(lists.flat())].sort((a, b) => a - b);

/**
 * Compiles a predicate into leaves (turn-by-turn state machines) and a combinator over their
 * results. `track` keeps evidence turns (scoring) or drops them (lint search, where histories with
 * the same decisive values are merged).
 */
export function compilePredicate(p: Predicate, track = true): CompiledPredicate {
  const leaves: Leaf[] = [];
  interface Built {
    combine(r: readonly LeafResult[]): LeafResult;
    settle(v: readonly Settled[]): Settled;
  }
  const build = (q: Predicate): Built => {
    if ('all' in q || 'any' in q) {
      const parts = ('all' in q ? q.all : q.any).map(build);
      const every = 'all' in q;
      return {
        combine: (r) => {
          const results = parts.map((f) => f.combine(r));
          const value = every ? results.every((x) => x.value) : results.some((x) => x.value);
          const relevant = every || !value ? results : results.filter((x) => x.value);
          return { value, evidence: union(relevant.map((x) => x.evidence)) };
        },
        settle: (v) => {
          const values = parts.map((f) => f.settle(v));
          if (every) return values.includes(false) ? false : values.every((x) => x === true) ? true : undefined;
          return values.includes(true) ? true : values.every((x) => x === false) ? false : undefined;
        },
      };
    }
    if ('not' in q) {
      const inner = build(q.not);
      return {
        combine: (r) => {
          const x = inner.combine(r);
          return { value: !x.value, evidence: x.evidence };
        },
        settle: (v) => {
          const x = inner.settle(v);
          return x === undefined ? undefined : !x;
        },
      };
    }
    const leaf = leafFor(q, track);
    if (!leaf) throw new Error(`unsupported predicate ${JSON.stringify(q)}`);
    const index = leaves.push(leaf) - 1;
    return {
      combine: (r) => r[index] ?? { value: false, evidence: [] },
      settle: (v) => v[index],
    };
  };
  const built = build(p);
  return { leaves, combine: built.combine, settle: built.settle };
}
