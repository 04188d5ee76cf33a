import { formatMood, nodeMarks, type GraphEdge, type GraphNode, type GraphTransition } from '../../app/atelier/graph-layout.ts';
import type { MessageKey } from '../i18n/fr.ts';
import { i18n } from '../i18n/i18n.svelte.ts';

/** What the graph's custom node receives as `data`. */
export interface StateNodeData extends Record<string, unknown> {
  node: GraphNode;
  onOpen: (stateId: string) => void;
}

/** What the graph's custom edge receives as `data`. */
export interface RouteEdgeData extends Record<string, unknown> {
  edge: GraphEdge;
}

export type Mark = ReturnType<typeof nodeMarks>[number];

/** The text of one mark of a state box (and of the list): never colour alone. */
export function markText(mark: Mark, node: GraphNode): string {
  switch (mark) {
    case 'id':
      return node.initial ? `${i18n.t('atelier.graph.mark.id', { id: node.id })} · ${i18n.t('atelier.graph.mark.start')}` : i18n.t('atelier.graph.mark.id', { id: node.id });
    case 'outcome':
      return i18n.t(`atelier.graph.outcome.${node.outcome ?? 'success'}` as MessageKey);
    case 'unreachable':
      return i18n.t('atelier.graph.mark.unreachable');
    case 'deadEnd':
      return i18n.t('atelier.graph.mark.deadEnd');
    case 'problems':
      return i18n.t('atelier.graph.mark.problems', { n: node.problems });
    case 'endsBy':
      return i18n.t(
        node.endsBy.length > 1 ? 'atelier.graph.mark.endsByBoth' : node.endsBy[0] === 'mood' ? 'atelier.graph.mark.endsByMood' : 'atelier.graph.mark.endsByTurns',
      );
    case 'stays':
      return i18n.t('atelier.graph.mark.stays', { n: node.stays.length });
  }
}

/** Every mark of a state, as text. */
export function marksOf(node: GraphNode): Array<{ mark: Mark; text: string }> {
  return nodeMarks(node).map((mark) => ({ mark, text: markText(mark, node) }));
}

/** A way out of a state in words: « Saluer » · humeur −1 · sous condition · révèle : secret. */
export function transitionText(t: GraphTransition): string {
  const parts = [t.kind === 'act' ? i18n.t('atelier.graph.exit.act', { act: t.actLabel }) : i18n.t('atelier.graph.exit.otherwise')];
  if (t.mood !== 0) parts.push(i18n.t('atelier.graph.exit.mood', { delta: formatMood(t.mood) }));
  if (t.kind === 'act') {
    if (t.guarded) parts.push(i18n.t('atelier.graph.exit.guarded'));
    if (t.polarity === 'bad') parts.push(i18n.t('atelier.graph.exit.bad'));
    if (t.releases.length > 0) parts.push(i18n.t('atelier.graph.exit.releases', { facts: t.releases.join(', ') }));
  }
  return parts.join(' · ');
}

/** The short form drawn on an edge: act label and mood change. */
export function edgeLineText(t: GraphTransition): string {
  const name = t.kind === 'act' ? t.actLabel : i18n.t('atelier.graph.exit.otherwise');
  const guard = t.kind === 'act' && t.guarded ? ` (${i18n.t('atelier.graph.exit.guardShort')})` : '';
  return t.mood !== 0 ? `${name}${guard} ${formatMood(t.mood)}` : `${name}${guard}`;
}
