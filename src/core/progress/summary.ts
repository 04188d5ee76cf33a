import type { Outcome } from '../scenario/common.schema.ts';
import { attemptTime, type AttemptInput } from './inputs.ts';

/** The latest ended attempt of a scenario (finished or abandoned), for the catalogue card. */
export interface LastAttempt {
  attemptId: string;
  at: number;
  status: 'finished' | 'abandoned';
  outcome: Outcome | undefined;
  percent: number | undefined;
  /** Judged criteria still wait for a trainer: the score may change. */
  provisional: boolean;
}

/** What one profile did with one scenario. */
export interface ScenarioSummary {
  scenarioId: string;
  /** Finished attempts, replays included. */
  finished: number;
  /** Best score of a finished attempt (the most recent one on a tie). */
  best: { attemptId: string; percent: number; provisional: boolean } | undefined;
  last: LastAttempt | undefined;
  /** An attempt still open, to resume (the one that moved last). */
  active: { attemptId: string; at: number } | undefined;
}

function emptySummary(scenarioId: string): ScenarioSummary {
  return { scenarioId, finished: 0, best: undefined, last: undefined, active: undefined };
}

/**
 * Best score, last attempt and open attempt per scenario.
 *
 * @example
 * const s = summariseScenarios(attempts).get('degat-des-eaux-nuit');
 * s?.best?.percent; // 85
 * s?.last; // { status: 'finished', outcome: 'success', at: …, attemptId: … }
 */
export function summariseScenarios(attempts: readonly AttemptInput[]): Map<string, ScenarioSummary> {
  const out = new Map<string, ScenarioSummary>();
  const bestAt = new Map<string, number>();
  for (const a of attempts) {
    const s = out.get(a.scenarioId) ?? emptySummary(a.scenarioId);
    out.set(a.scenarioId, s);
    const at = attemptTime(a);
    if (a.status === 'active') {
      if (!s.active || at > s.active.at) s.active = { attemptId: a.id, at };
      continue;
    }
    if (!s.last || at > s.last.at) {
      s.last = {
        attemptId: a.id,
        at,
        status: a.status,
        outcome: a.outcome,
        percent: a.card?.percent,
        provisional: (a.card?.pendingWeight ?? 0) > 0,
      };
    }
    if (a.status === 'finished' && a.card) {
      s.finished++;
      const best = s.best;
      if (!best || a.card.percent > best.percent || (a.card.percent === best.percent && at > (bestAt.get(a.scenarioId) ?? 0))) {
        s.best = { attemptId: a.id, percent: a.card.percent, provisional: a.card.pendingWeight > 0 };
        bestAt.set(a.scenarioId, at);
      }
    }
  }
  return out;
}
