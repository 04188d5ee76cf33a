import type { Lang } from '../../src/core/diagnostics/diagnostic.ts';
import type { CompiledScenario } from '../../src/core/dialogue/compiled.ts';
import type { ScoreCard } from '../../src/core/scoring/score.ts';

const T = {
  fr: {
    title: 'Bilan',
    outcome: 'Issue',
    none: 'conversation non terminée',
    success: 'réussite',
    partial: 'réussite partielle',
    failure: 'échec',
    escalation: 'escalade (le locataire a rompu)',
    turns: 'tours',
    hints: 'indice(s)',
    score: 'Note',
    decided: 'points décidés',
    pending: 'point(s) en attente d’un formateur',
    provisional: 'provisoire',
    cap: 'Plafond appliqué : critère(s) éliminatoire(s) manqué(s)',
    turnsWord: 'tours',
    critical: 'éliminatoire',
    waiting: 'en attente',
    rubric: 'Grille',
  },
  en: {
    title: 'Debrief',
    outcome: 'Outcome',
    none: 'conversation not finished',
    success: 'success',
    partial: 'partial success',
    failure: 'failure',
    escalation: 'escalation (the tenant broke off)',
    turns: 'turns',
    hints: 'hint(s)',
    score: 'Score',
    decided: 'points decided',
    pending: 'point(s) waiting for a trainer',
    provisional: 'provisional',
    cap: 'Cap applied: critical criterion(s) missed',
    turnsWord: 'turns',
    critical: 'critical',
    waiting: 'pending',
    rubric: 'Rubric',
  },
} as const;

/** Plain-text ScoreCard for the terminal. Deterministic: same card → same text. */
export function scorecardText(card: ScoreCard, compiled: CompiledScenario, lang: Lang = 'fr'): string {
  const t = T[lang];
  const lines: string[] = [];
  lines.push(`── ${t.title} — ${compiled.meta.title} (v${card.scenarioVersion}) ──`);
  lines.push(`${t.outcome} : ${card.outcome ? t[card.outcome] : t.none} · ${card.turns} ${t.turns} · ${card.hintsUsed} ${t.hints}`);
  const prov = card.pendingWeight > 0 ? ` (${t.provisional})` : '';
  lines.push(
    `${t.score} : ${card.percent} %${prov} — ${card.earned}/${card.possible} ${t.decided}` +
      (card.pendingWeight > 0 ? ` ; ${card.pendingWeight} ${t.pending}` : ''),
  );
  if (card.capped) lines.push(`${t.cap} : ${card.criticalMissed.join(', ')}`);
  const width = Math.max(...card.criteria.map((c) => c.label.length));
  for (const c of card.criteria) {
    const mark = c.status === 'met' ? '✓' : c.status === 'missed' ? '✗' : '…';
    const pts = c.status === 'pending' ? t.waiting : `${c.points}/${c.weight}`;
    const crit = c.critical ? ` [${t.critical}]` : '';
    const ev = c.evidence.length > 0 ? `  ${t.turnsWord} ${c.evidence.join(', ')}` : '';
    lines.push(`  ${mark} ${c.label.padEnd(width)}  ${pts}${crit}${ev}`);
  }
  lines.push(`${t.rubric} ${card.rubricHash.slice(0, 12)}`);
  return lines.join('\n');
}
