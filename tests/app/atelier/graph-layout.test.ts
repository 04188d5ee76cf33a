import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { atelierData } from '../../../src/app/atelier/library.ts';
import {
  excerpt,
  formatMood,
  layoutGraph,
  markings,
  NODE_BOX,
  nodeMarks,
  routePath,
  transitionsOf,
  type GraphLayout,
  type GraphNode,
} from '../../../src/app/atelier/graph-layout.ts';
import { checkScenario, type CheckResult } from '../../../src/core/check.ts';
import type { CompiledState } from '../../../src/core/dialogue/compiled.ts';
import { bundledSources } from '../../helpers/atelier.ts';

const MINI = readFileSync('tests/fixtures/mini.yaml', 'utf8');

/** mini.yaml with a state nothing leads to (`orphelin`) and one that never ends (`boucle`). */
function brokenMini(): string {
  const extra = [
    '  boucle:',
    '    lines: [On tourne en rond.]',
    '    choices:',
    '      - { text: Je vous écoute, act: acknowledge-emotion }',
    '    on:',
    '      acknowledge-emotion: { say: [Toujours pareil.] }',
    '    otherwise: { say: [Hein ?] }',
    '  orphelin:',
    '    lines: [Personne ne vient ici.]',
    '    choices:',
    '      - { text: Au revoir, act: close }',
    '    on:',
    '      close: { target: fin }',
    '    otherwise: { say: [Quoi ?] }',
    '',
  ].join('\n');
  const text = MINI.replace('    otherwise: { say: [Et alors ?], target: a }', '    otherwise: { say: [Et alors ?], target: boucle }').replace(
    '  fin: { final: true',
    `${extra}  fin: { final: true`,
  );
  if (!text.includes('target: boucle') || !text.includes('orphelin:')) throw new Error('mini.yaml changed: update the fixture edit');
  return text;
}

async function check(text: string, file: string): Promise<CheckResult> {
  const { library } = await atelierData();
  const r = checkScenario(text, file, library, { today: '2026-01-01' });
  if (!r.compiled) throw new Error(`${file} does not compile: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return r;
}

function node(layout: GraphLayout, id: string): GraphNode {
  const n = layout.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
}

function overlap(a: GraphNode, b: GraphNode): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('layoutGraph on a bundled scenario (degat-des-eaux-nuit)', () => {
  it('draws one node per state and one edge per connected pair, with routes and labels', async () => {
    const sources = await bundledSources();
    const src = sources['degat-des-eaux-nuit'];
    if (!src) throw new Error('starter scenario missing');
    const r = await check(src.text, src.file);
    const compiled = r.compiled!;
    const layout = layoutGraph(compiled, { diagnostics: r.diagnostics, exploration: r.lint?.exploration });

    expect(layout.nodes.map((n) => n.id).sort()).toEqual(Object.keys(compiled.states).sort());
    // The initial state comes first and carries the start flag.
    expect(layout.nodes[0]?.id).toBe(compiled.initial);
    expect(layout.nodes.filter((n) => n.initial).map((n) => n.id)).toEqual([compiled.initial]);

    // Every edge joins two distinct known states, exactly once per pair, along a route.
    const ids = new Set(layout.edges.map((e) => e.id));
    expect(ids.size).toBe(layout.edges.length);
    for (const e of layout.edges) {
      expect(e.source).not.toBe(e.target);
      expect(compiled.states[e.source]).toBeDefined();
      expect(compiled.states[e.target]).toBeDefined();
      expect(e.points.length).toBeGreaterThanOrEqual(2);
      expect(e.transitions.length).toBeGreaterThan(0);
      expect(e.label.width).toBeGreaterThan(0);
    }
    expect(ids).toContain('accueil->ecoute');
    expect(ids).toContain('cloture->fin-reussie');

    // Every transition that leaves its state is on exactly one edge; the others stay on the node.
    for (const st of Object.values(compiled.states) as CompiledState[]) {
      const all = transitionsOf(compiled, st);
      const leaving = all.filter((t) => t.target !== st.id).length;
      const drawn = layout.edges.filter((e) => e.source === st.id).reduce((n, e) => n + e.transitions.length, 0);
      expect(drawn).toBe(leaving);
      expect(node(layout, st.id).stays.length).toBe(all.length - leaving);
    }

    // Outcomes as authored; a clean scenario has no marking.
    expect(node(layout, 'fin-reussie').outcome).toBe('success');
    expect(node(layout, 'fin-partielle').outcome).toBe('partial');
    expect(node(layout, 'raccroche').outcome).toBe('escalation');
    expect(node(layout, 'fin-temps').outcome).toBe('failure');
    expect(layout.nodes.filter((n) => n.unreachable || n.deadEnd)).toEqual([]);
    // States only global rules lead to say so.
    expect(node(layout, 'raccroche').endsBy).toEqual(['mood']);
    expect(node(layout, 'fin-temps').endsBy).toEqual(['turnLimit']);
    expect(node(layout, 'accueil').endsBy).toEqual([]);

    // A readable drawing: no two states overlap, all inside the graph's bounds.
    for (const [i, a] of layout.nodes.entries()) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
      for (const b of layout.nodes.slice(i + 1)) expect(overlap(a, b), `${a.id} overlaps ${b.id}`).toBe(false);
    }
    // Top to bottom: the path of the conversation goes down.
    expect(node(layout, 'accueil').y).toBeLessThan(node(layout, 'ecoute').y);
    expect(node(layout, 'cloture').y).toBeLessThan(node(layout, 'fin-reussie').y);
  });

  it('is stable: the same draft gives the same layout', async () => {
    const sources = await bundledSources();
    const src = sources['degat-des-eaux-nuit']!;
    const r = await check(src.text, src.file);
    expect(layoutGraph(r.compiled!, { diagnostics: r.diagnostics })).toEqual(layoutGraph(r.compiled!, { diagnostics: r.diagnostics }));
  });
});

describe('layoutGraph on a draft with an unreachable state and a dead end', () => {
  it('the lint finds both, and the layout marks them', async () => {
    const r = await check(brokenMini(), 'broken.yaml');
    const codes = r.diagnostics.map((d) => `${d.code}:${String(d.params.state)}`);
    expect(codes).toContain('unreachable_state:orphelin');
    expect(codes).toContain('dead_end:boucle');

    const layout = layoutGraph(r.compiled!, { diagnostics: r.diagnostics, exploration: r.lint?.exploration });
    expect(node(layout, 'orphelin')).toMatchObject({ unreachable: true, deadEnd: false });
    expect(node(layout, 'boucle')).toMatchObject({ unreachable: false, deadEnd: true });
    expect(node(layout, 'a')).toMatchObject({ unreachable: false, deadEnd: false, initial: true });
    expect(node(layout, 'orphelin').problems).toBeGreaterThan(0);
    expect(node(layout, 'a').problems).toBe(0);

    // The unreachable state's edges are marked too; the dead end's loop is not an edge.
    const fromOrphan = layout.edges.find((e) => e.id === 'orphelin->fin');
    expect(fromOrphan?.unreachable).toBe(true);
    expect(layout.edges.find((e) => e.id === 'b->boucle')?.unreachable).toBe(false);
    expect(layout.edges.filter((e) => e.source === 'boucle')).toEqual([]);
    expect(node(layout, 'boucle').stays.map((t) => (t.kind === 'act' ? t.act : t.kind))).toEqual(['acknowledge-emotion', 'otherwise']);

    // The marks a box shows, in order, and its height follows from them.
    expect(nodeMarks(node(layout, 'orphelin'))).toEqual(['id', 'unreachable', 'problems', 'stays']);
    expect(nodeMarks(node(layout, 'boucle'))).toEqual(['id', 'deadEnd', 'problems', 'stays']);
    expect(nodeMarks(node(layout, 'parti'))).toEqual(['id', 'outcome', 'endsBy']);
    const boucle = node(layout, 'boucle');
    expect(boucle.height).toBe(NODE_BOX.padding + NODE_BOX.label + NODE_BOX.gap + 4 * NODE_BOX.mark);
  });

  it('describes transitions: guard, mood, releases, polarity, authored order', async () => {
    const r = await check(brokenMini(), 'broken.yaml');
    const layout = layoutGraph(r.compiled!);
    const close = layout.edges.filter((e) => e.source === 'b').map((e) => [e.target, e.transitions.map((t) => (t.kind === 'act' ? `${t.act}#${t.index}${t.guarded ? '?' : ''}` : 'otherwise'))]);
    expect(close).toEqual(
      expect.arrayContaining([
        ['fin', ['close#0?']],
        ['bof', ['close#1']],
        ['boucle', ['otherwise']],
      ]),
    );
    const greet = layout.edges.find((e) => e.id === 'a->b')?.transitions[0];
    expect(greet).toMatchObject({ kind: 'act', act: 'greet', mood: -1, guarded: false, polarity: 'good' });
    // In state a, asking a question releases the hidden fact (declared on the fact).
    const ask = node(layout, 'a').stays.find((t) => t.kind === 'act' && t.act === 'ask-detail-question');
    expect(ask).toMatchObject({ releases: ['secret'] });
    // Bad acts are tried first.
    const order = node(layout, 'a').stays.map((t) => (t.kind === 'act' ? t.act : 'otherwise'));
    expect(order[0]).toBe('blame');
    expect(order.at(-1)).toBe('otherwise');
  });

  it('a complete exploration alone marks what it never visits; a cut-short one marks nothing', async () => {
    const r = await check(brokenMini(), 'broken.yaml');
    const compiled = r.compiled!;
    const ex = r.lint!.exploration;
    expect(ex.truncated).toBe(false);
    expect([...markings(compiled, { exploration: ex }).unreachable]).toEqual(['orphelin']);
    expect(markings(compiled, { exploration: { ...ex, truncated: true } }).unreachable.size).toBe(0);
    // Diagnostics pointing at unknown states are ignored, not thrown on.
    const stray = { ...r.diagnostics.find((d) => d.code === 'dead_end')!, params: { state: 'nowhere' }, path: ['states', 'nowhere'] };
    expect(markings(compiled, { diagnostics: [stray] }).deadEnd.size).toBe(0);
  });
});

describe('helpers', () => {
  it('excerpt cuts at a word and adds an ellipsis', () => {
    expect(excerpt('court')).toBe('court');
    expect(excerpt('Elle panique : l’eau coule du plafond depuis une heure', 20)).toBe('Elle panique : l’eau…');
    expect(excerpt('Elle panique : l’eau coule du plafond', 15)).toBe('Elle panique…');
    expect(excerpt('  a\n b  ')).toBe('a b');
  });

  it('routePath draws straight ends and rounded bends', () => {
    expect(routePath([])).toBe('');
    expect(routePath([{ x: 0, y: 0 }])).toBe('M 0 0');
    expect(routePath([{ x: 0, y: 0 }, { x: 0, y: 50 }])).toBe('M 0 0 L 0 50');
    expect(routePath([{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 10 }])).toBe('M 0 0 Q 10 10 20 10');
  });

  it('formatMood uses a true minus sign', () => {
    expect(formatMood(2)).toBe('+2');
    expect(formatMood(-1)).toBe('\u22121');
    expect(formatMood(0)).toBe('0');
  });
});
