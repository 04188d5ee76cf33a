import type { AttemptInput, CriterionInput, ScenarioInput } from '../../../src/core/progress/inputs.ts';

/** Builders for progress tests: attempts on a day count from T0, criteria in one line each. */
export const DAY = 86_400_000;
export const T0 = Date.UTC(2026, 2, 2, 9, 0);

export const at = (day: number): number => T0 + day * DAY;

export function met(competency: string, weight = 1): CriterionInput {
  return { competency, status: 'met', points: weight, weight };
}
export function missed(competency: string, weight = 1): CriterionInput {
  return { competency, status: 'missed', points: 0, weight };
}
export function pending(competency: string, weight = 1): CriterionInput {
  return { competency, status: 'pending', points: 0, weight };
}
export function overridden(competency: string, points: number, weight = 1): CriterionInput {
  return { competency, status: 'overridden', points, weight };
}

export interface AttemptSpec {
  id: string;
  scenario?: string;
  day: number;
  criteria?: CriterionInput[];
  percent?: number;
  status?: AttemptInput['status'];
  parentId?: string;
}

/** A finished attempt unless said otherwise; percent defaults to the share of decided points. */
export function attempt(spec: AttemptSpec): AttemptInput {
  const criteria = spec.criteria ?? [];
  const decided = criteria.filter((c) => c.status !== 'pending');
  const possible = decided.reduce((s, c) => s + c.weight, 0);
  const earned = decided.reduce((s, c) => s + c.points, 0);
  const percent = spec.percent ?? (possible > 0 ? Math.round((earned / possible) * 1000) / 10 : 0);
  const status = spec.status ?? 'finished';
  return {
    id: spec.id,
    scenarioId: spec.scenario ?? 'fuite',
    status,
    startedAt: at(spec.day) - 600_000,
    updatedAt: at(spec.day),
    endedAt: status === 'active' ? undefined : at(spec.day),
    outcome: status === 'finished' ? 'success' : undefined,
    parentId: spec.parentId,
    card: status === 'active' ? undefined : { percent, pendingWeight: criteria.filter((c) => c.status === 'pending').reduce((s, c) => s + c.weight, 0), criteria },
  };
}

/** A small catalogue shaped like the bundled one. */
export const SCENARIOS: ScenarioInput[] = [
  { id: 'fuite', level: 1, estimatedMinutes: 8, competencies: ['accueil', 'empathie', 'securite', 'questionnement'] },
  { id: 'voisinage', level: 1, estimatedMinutes: 10, competencies: ['accueil', 'neutralite', 'ecoute'] },
  { id: 'agressif', level: 2, estimatedMinutes: 12, competencies: ['accueil', 'agressivite', 'securite', 'orientation'] },
  { id: 'impayes', level: 3, estimatedMinutes: 15, competencies: ['accueil', 'empathie', 'clarte', 'orientation'] },
];

export const ORDER = ['accueil', 'ecoute', 'empathie', 'questionnement', 'securite', 'neutralite', 'agressivite', 'orientation', 'clarte'];
