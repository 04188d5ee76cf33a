import type { JudgedCriterion } from '../../core/scenario/rubric.schema.ts';
import type { CriterionResult, ScoreCard } from '../../core/scoring/score.ts';
import type { CriterionLevel, ReviewEventRecord } from '../../db/db.ts';

/**
 * The score of record: the card as played, with the trainers' decisions (and, where the agreement
 * gate allows it, the AI's proposals) applied. Pure — the audit trail is read elsewhere and passed
 * in; nothing here writes.
 */

/** Who a criterion's level of record comes from, beyond the rules. */
export type DecisionSource = 'trainer' | 'llm';

export interface Decision {
  criterionId: string;
  after: CriterionLevel;
  source: DecisionSource;
}

/** A judged level counts as met from half its points up (a critical one missed below that). */
export const MET_FROM_FRACTION = 0.5;

/** The level of record a judged criterion gets for one of its levels. */
export function judgedLevel(criterion: Pick<JudgedCriterion, 'weight' | 'judged'>, levelId: string): CriterionLevel | undefined {
  const level = criterion.judged.levels.find((l) => l.id === levelId);
  if (!level) return undefined;
  return {
    status: level.fraction >= MET_FROM_FRACTION ? 'met' : 'missed',
    points: Math.round(criterion.weight * level.fraction * 100) / 100,
    levelId: level.id,
  };
}

/** The level a criterion has on a card (before any decision). */
export function levelOnCard(c: CriterionResult): CriterionLevel {
  return { status: c.status === 'met' || c.status === 'missed' ? c.status : c.status === 'pending' ? 'pending' : c.points > 0 ? 'met' : 'missed', points: c.points };
}

/**
 * The order events happened in: by time, then by `seq` (the order written on this device). Time
 * first, because a trail merged from another device's export is appended after this device's own
 * events: an older decision imported later must not become the one in force.
 */
export function eventOrder(a: Pick<ReviewEventRecord, 'at' | 'seq'>, b: Pick<ReviewEventRecord, 'at' | 'seq'>): number {
  return a.at - b.at || (a.seq ?? 0) - (b.seq ?? 0);
}

/**
 * The decision in force for each criterion: the last `decision` event on it (in {@link eventOrder}).
 * Earlier decisions stay in the trail; they no longer count.
 */
export function latestDecisions(events: readonly ReviewEventRecord[]): Map<string, Decision> {
  const out = new Map<string, Decision>();
  for (const e of [...events].sort(eventOrder)) {
    if (e.kind === 'decision' && e.criterionId && e.after) out.set(e.criterionId, { criterionId: e.criterionId, after: e.after, source: 'trainer' });
  }
  return out;
}

/**
 * Applies decisions to a played card. A decided judged criterion takes the decided status and
 * points; a rule criterion whose decided status differs from the rule's becomes `overridden`.
 * Totals and the critical cap are recomputed as {@link totals} does, with fractional points.
 *
 * @example
 * const record = recordCard(attempt.card, latestDecisions(events), compiled.rubric.criticalCap);
 */
export function recordCard(card: ScoreCard, decisions: ReadonlyMap<string, Decision>, criticalCap: number): ScoreCard {
  let earned = 0;
  let possible = 0;
  let pendingWeight = 0;
  const criticalMissed: string[] = [];
  const criteria = card.criteria.map((c): CriterionResult => {
    const d = decisions.get(c.id);
    let next = c;
    if (d && d.after.status !== 'pending') {
      const changed = c.kind === 'rule' && d.after.status !== levelOnCard(c).status;
      next = { ...c, status: changed ? 'overridden' : d.after.status, points: d.after.points, source: d.source };
    }
    const level = d && d.after.status !== 'pending' ? d.after.status : levelOnCard(c).status;
    if (level === 'pending') {
      pendingWeight += c.weight;
      return next;
    }
    possible += c.weight;
    earned += next.points;
    if (level === 'missed' && c.critical) criticalMissed.push(c.id);
    return next;
  });
  earned = Math.round(earned * 100) / 100;
  const raw = possible > 0 ? (earned / possible) * 100 : 0;
  const capped = criticalMissed.length > 0 && raw > criticalCap;
  const percent = Math.round((capped ? criticalCap : raw) * 10) / 10;
  return { ...card, criteria, earned, possible, pendingWeight, percent, capped, criticalMissed };
}

/** Judged criteria still without a level of record. */
export function pendingCount(card: ScoreCard): number {
  return card.criteria.filter((c) => c.status === 'pending').length;
}
