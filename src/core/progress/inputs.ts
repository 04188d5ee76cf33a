import type { Outcome } from '../scenario/common.schema.ts';
import type { CriterionResult, ScoreCard } from '../scoring/score.ts';

/**
 * What the progress model reads. These are structural subsets of the database records and of the
 * catalogue, so core never imports `src/db`: an `AttemptRecord` or a `CatalogueEntry` fits as is,
 * and tests can write the few fields that matter.
 */

/** One day in milliseconds. */
export const DAY = 86_400_000;

/** The fields of a criterion result that progress reads. */
export type CriterionInput = Pick<CriterionResult, 'competency' | 'status' | 'points' | 'weight'>;

/** The fields of a ScoreCard that progress reads. */
export type CardInput = Pick<ScoreCard, 'percent' | 'pendingWeight'> & { criteria: readonly CriterionInput[] };

/** An attempt as progress sees it (an `AttemptRecord` fits). */
export interface AttemptInput {
  id: string;
  scenarioId: string;
  status: 'active' | 'finished' | 'abandoned';
  startedAt: number;
  updatedAt?: number | undefined;
  endedAt?: number | undefined;
  outcome?: Outcome | undefined;
  /** Set on a replay: the attempt it branched from. A replay counts as an attempt of its own. */
  parentId?: string | undefined;
  card?: CardInput | undefined;
}

/** A scenario as progress sees it (a `CatalogueEntry` fits). */
export interface ScenarioInput {
  id: string;
  level: number;
  estimatedMinutes: number;
  competencies: readonly string[];
}

/** A finished attempt with its card: the only kind that counts towards mastery and paliers. */
export type FinishedAttempt = AttemptInput & { status: 'finished'; card: CardInput };

/**
 * When an attempt ended (or, for one still open, when it last moved).
 *
 * @example
 * attemptTime({ id: 'a', scenarioId: 's', status: 'finished', startedAt: 1, endedAt: 5 }); // 5
 */
export function attemptTime(a: AttemptInput): number {
  return a.endedAt ?? a.updatedAt ?? a.startedAt;
}

/**
 * Finished, scored attempts, oldest first (ties by id, so the order never depends on storage).
 * Active and abandoned attempts are left out: an abandoned attempt keeps a card, but the junior
 * stopped on purpose, and half a conversation says little about a competency.
 *
 * @example
 * finishedAttempts([{ id: 'a', scenarioId: 's', status: 'abandoned', startedAt: 1 }]); // []
 */
export function finishedAttempts(attempts: readonly AttemptInput[]): FinishedAttempt[] {
  return attempts
    .filter((a): a is FinishedAttempt => a.status === 'finished' && a.card !== undefined)
    .sort((a, b) => attemptTime(a) - attemptTime(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
