import dagre from '@dagrejs/dagre';
import type { Diagnostic } from '../../core/diagnostics/diagnostic.ts';
import type { CompiledScenario, CompiledState } from '../../core/dialogue/compiled.ts';
import type { ExplorationResult } from '../../core/lint/explore.ts';
import type { Outcome, Polarity } from '../../core/scenario/common.schema.ts';

/**
 * The dialogue machine of a scenario as a drawable graph: one node per state, one edge per pair of
 * states the junior's moves connect, laid out top to bottom by dagre. Pure: no DOM, no Svelte, so
 * it is unit-tested in Node and the graph panel only renders what it returns.
 *
 * Reactions that keep the conversation in its state (a transition without a target, an
 * `otherwise` without a target) are not drawn as loops — there are three to five per state in the
 * bundled scenarios, and loops would bury the path — but listed on their state (`stays`).
 */

export interface Point {
  x: number;
  y: number;
}

/** One way out of a state: a transition of an act, or the state's `otherwise` reaction. */
export type GraphTransition =
  | {
      kind: 'act';
      act: string;
      /** The act's label from the scenario (French, scenario content). */
      actLabel: string;
      polarity: Polarity;
      /** Mood change (+ = the tenant is more upset). */
      mood: number;
      /** The transition applies only when its `when` condition holds. */
      guarded: boolean;
      /** Index among this act's transitions in the state (authored order). */
      index: number;
      /** Hidden facts this transition releases (directly or declared on the fact). */
      releases: string[];
    }
  | { kind: 'otherwise'; mood: number };

export interface GraphNode {
  id: string;
  label: string;
  /** The state's beat, cut to a short excerpt for the node; the full text is `beatFull`. */
  beat: string | undefined;
  beatFull: string | undefined;
  initial: boolean;
  final: boolean;
  outcome: Outcome | undefined;
  /** No path of the dialogue reaches this state (lint or exploration). */
  unreachable: boolean;
  /** No final state can be reached from this state (lint's `dead_end`). */
  deadEnd: boolean;
  /** Errors and warnings whose path points into this state. */
  problems: number;
  /**
   * Global rules that end the conversation here: `mood` (the mood reaches its maximum) and
   * `turnLimit`. Such states often have no incoming edge; this says how they are reached.
   */
  endsBy: Array<'mood' | 'turnLimit'>;
  /** Reactions that stay in this state. */
  stays: GraphTransition[];
  /** Top-left corner and size, in layout units (pixels at zoom 1). */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphEdge {
  /** `source->target`: stable across re-layouts of the same draft. */
  id: string;
  source: string;
  target: string;
  /** Every transition from `source` to `target`, in the order the machine tries them. */
  transitions: GraphTransition[];
  /** The source state is unreachable, so this edge is never taken. */
  unreachable: boolean;
  /** Route from the source's border to the target's border. */
  points: Point[];
  /** Centre and size of the label box. */
  label: Point & { width: number; height: number };
}

export interface GraphLayout {
  nodes: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
}

export interface GraphLayoutOptions {
  diagnostics?: readonly Diagnostic[];
  exploration?: ExplorationResult | undefined;
}

/** Diagnostic codes that mark a state on the graph, and how. */
export const MARKING_CODES = {
  unreachable_state: 'unreachable',
  unreachable_outcome: 'unreachable',
  dead_end: 'deadEnd',
} as const;

export const NODE_WIDTH = 220;
const BEAT_MAX = 90;
const LABEL_CHAR = 6.6;
const LABEL_LINE = 17;
const LABEL_MAX_WIDTH = 190;

/**
 * A beat cut at a word boundary, with an ellipsis when cut.
 *
 * @example
 * excerpt('Elle panique : l’eau coule du plafond depuis une heure', 20); // 'Elle panique : l’eau…'
 */
export function excerpt(text: string, max = BEAT_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  // The cut may fall right at the end of a word: keep that word.
  const space = flat[max] === ' ' ? max : cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/** The transitions of a state, in the order the machine tries them, each with its target. */
export function transitionsOf(compiled: CompiledScenario, st: CompiledState): Array<{ target: string; transition: GraphTransition }> {
  const out: Array<{ target: string; transition: GraphTransition }> = [];
  for (const act of st.actOrder) {
    for (const t of st.on[act] ?? []) {
      const releases = [...new Set([...t.release, ...(st.releases[act] ?? [])])];
      out.push({
        target: t.target ?? st.id,
        transition: {
          kind: 'act',
          act,
          actLabel: compiled.acts[act]?.label ?? act,
          polarity: compiled.acts[act]?.polarity ?? 'neutral',
          mood: t.mood,
          guarded: t.when !== undefined,
          index: t.index,
          releases,
        },
      });
    }
  }
  if (st.otherwise) out.push({ target: st.otherwise.target ?? st.id, transition: { kind: 'otherwise', mood: st.otherwise.mood } });
  return out;
}

/** Which states the lint (or the exploration) marks: unreachable, dead ends, problem counts. */
export function markings(
  compiled: CompiledScenario,
  options: GraphLayoutOptions = {},
): { unreachable: Set<string>; deadEnd: Set<string>; problems: Map<string, number> } {
  const unreachable = new Set<string>();
  const deadEnd = new Set<string>();
  const problems = new Map<string, number>();
  const known = (id: unknown): id is string => typeof id === 'string' && id in compiled.states;
  for (const d of options.diagnostics ?? []) {
    const inState = d.path[0] === 'states' ? d.path[1] : undefined;
    if (known(inState) && d.severity !== 'info') problems.set(inState, (problems.get(inState) ?? 0) + 1);
    const mark = MARKING_CODES[d.code as keyof typeof MARKING_CODES];
    if (!mark) continue;
    const id = typeof d.params.state === 'string' ? d.params.state : inState;
    if (!known(id)) continue;
    (mark === 'unreachable' ? unreachable : deadEnd).add(id);
  }
  // A complete exploration proves unreachability by itself (a cut-short one only gives a lower
  // bound of what is reachable, so it marks nothing the lint did not).
  const ex = options.exploration;
  if (ex && !ex.truncated) for (const id of Object.keys(compiled.states)) if (!ex.visited.has(id)) unreachable.add(id);
  return { unreachable, deadEnd, problems };
}

/** Sizes the graph panel's state box is drawn with (pixels); the node's height follows from them. */
export const NODE_BOX = { padding: 16, label: 22, beatLine: 18, beatLines: 2, mark: 18, gap: 4 } as const;

/**
 * The marks a state box shows under its beat, one per line, in this order: the state id and
 * whether it is the start, the outcome, unreachable, dead end, problems, the global rules that
 * end here, the reactions that stay. Shared by the layout (height) and the panel (rendering).
 */
export function nodeMarks(node: Pick<GraphNode, 'outcome' | 'unreachable' | 'deadEnd' | 'problems' | 'endsBy' | 'stays'>): Array<
  'id' | 'outcome' | 'unreachable' | 'deadEnd' | 'problems' | 'endsBy' | 'stays'
> {
  const marks: Array<'id' | 'outcome' | 'unreachable' | 'deadEnd' | 'problems' | 'endsBy' | 'stays'> = ['id'];
  if (node.outcome) marks.push('outcome');
  if (node.unreachable) marks.push('unreachable');
  if (node.deadEnd) marks.push('deadEnd');
  if (node.problems > 0) marks.push('problems');
  if (node.endsBy.length > 0) marks.push('endsBy');
  if (node.stays.length > 0) marks.push('stays');
  return marks;
}

function nodeHeight(node: Omit<GraphNode, 'height'>): number {
  const b = NODE_BOX;
  return b.padding + b.label + (node.beat ? b.beatLine * b.beatLines : 0) + b.gap + nodeMarks(node).length * b.mark;
}

function labelSize(transitions: readonly GraphTransition[]): { width: number; height: number } {
  const chars = Math.max(...transitions.map((t) => (t.kind === 'act' ? t.actLabel.length + (t.guarded ? 6 : 0) : 16) + 4));
  return {
    width: Math.min(LABEL_MAX_WIDTH, Math.ceil(chars * LABEL_CHAR) + 12),
    height: transitions.length * LABEL_LINE + 8,
  };
}

/**
 * Lays out the dialogue machine of a compiled scenario.
 *
 * @example
 * const { nodes, edges } = layoutGraph(compiled, { diagnostics, exploration: lint?.exploration });
 * nodes.find((n) => n.id === 'accueil')?.unreachable; // false
 */
export function layoutGraph(compiled: CompiledScenario, options: GraphLayoutOptions = {}): GraphLayout {
  const { unreachable, deadEnd, problems } = markings(compiled, options);
  const g = new dagre.graphlib.Graph<Record<string, unknown>, { width: number; height: number; x?: number; y?: number }, Record<string, unknown>>({
    multigraph: false,
  });
  g.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 70, edgesep: 24, marginx: 16, marginy: 16 });

  const nodes = new Map<string, GraphNode>();
  const grouped = new Map<string, { source: string; target: string; transitions: GraphTransition[] }>();
  // The initial state first, then authored order: dagre keeps insertion order as a tie-breaker.
  const ids = Object.keys(compiled.states).sort((a, b) => Number(b === compiled.initial) - Number(a === compiled.initial));
  for (const id of ids) {
    const st = compiled.states[id] as CompiledState;
    const stays: GraphTransition[] = [];
    for (const { target, transition } of transitionsOf(compiled, st)) {
      if (target === id || !(target in compiled.states)) {
        stays.push(transition);
        continue;
      }
      const key = `${id}->${target}`;
      const group = grouped.get(key) ?? { source: id, target, transitions: [] };
      group.transitions.push(transition);
      grouped.set(key, group);
    }
    const partial: Omit<GraphNode, 'height'> = {
      id,
      label: st.label,
      beat: st.beat ? excerpt(st.beat) : undefined,
      beatFull: st.beat,
      initial: id === compiled.initial,
      final: st.final,
      outcome: st.outcome,
      unreachable: unreachable.has(id),
      deadEnd: deadEnd.has(id),
      problems: problems.get(id) ?? 0,
      endsBy: [
        ...(id === compiled.rules.escalationState ? (['mood'] as const) : []),
        ...(id === compiled.rules.turnLimitState ? (['turnLimit'] as const) : []),
      ],
      stays,
      x: 0,
      y: 0,
      width: NODE_WIDTH,
    };
    const node: GraphNode = { ...partial, height: nodeHeight(partial) };
    nodes.set(id, node);
    g.setNode(id, { width: node.width, height: node.height });
  }
  for (const e of grouped.values()) g.setEdge(e.source, e.target, { ...labelSize(e.transitions), labelpos: 'c' });
  dagre.layout(g);

  for (const node of nodes.values()) {
    const laid = g.node(node.id);
    node.x = Math.round((laid.x ?? 0) - node.width / 2);
    node.y = Math.round((laid.y ?? 0) - node.height / 2);
  }
  const edges: GraphEdge[] = [...grouped.entries()].map(([id, e]) => {
    const laid = g.edge(e.source, e.target) as { points?: Point[]; x?: number; y?: number; width: number; height: number };
    const points = (laid.points ?? []).map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) }));
    return {
      id,
      source: e.source,
      target: e.target,
      transitions: e.transitions,
      unreachable: unreachable.has(e.source),
      points,
      label: { x: Math.round(laid.x ?? 0), y: Math.round(laid.y ?? 0), width: laid.width, height: laid.height },
    };
  });
  const graph = g.graph() as { width?: number; height?: number };
  return { nodes: [...nodes.values()], edges, width: Math.ceil(graph.width ?? 0), height: Math.ceil(graph.height ?? 0) };
}

/**
 * An SVG path through a route's points: straight ends, rounded bends (quadratic curves through
 * the midpoints), so routes around other states stay readable.
 *
 * @example
 * routePath([{ x: 0, y: 0 }, { x: 0, y: 50 }]); // 'M 0 0 L 0 50'
 */
export function routePath(points: readonly Point[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  if (rest.length === 0) return `M ${first.x} ${first.y}`;
  if (rest.length === 1) return `M ${first.x} ${first.y} L ${rest[0]?.x} ${rest[0]?.y}`;
  let d = `M ${first.x} ${first.y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i] as Point;
    const next = points[i + 1] as Point;
    const mid = i === points.length - 2 ? next : { x: (p.x + next.x) / 2, y: (p.y + next.y) / 2 };
    d += ` Q ${p.x} ${p.y} ${mid.x} ${mid.y}`;
  }
  return d;
}

/** « +2 », « −1 », « 0 »: a mood change as the author reads it (true minus sign). */
export function formatMood(delta: number): string {
  if (delta > 0) return `+${delta}`;
  if (delta < 0) return `\u2212${Math.abs(delta)}`;
  return '0';
}
