import { finishedAttempts, type AttemptInput, type ScenarioInput } from './inputs.ts';
import { masteryByCompetency, type CompetencyMastery } from './mastery.ts';
import { palierOf, standingOf, type PalierStatus } from './paliers.ts';
import { recommend, type Recommendation } from './recommend.ts';
import { summariseScenarios, type ScenarioSummary } from './summary.ts';

/** Everything the catalogue and the progression screen show about one profile. */
export interface ProgressReport {
  /** Finished attempts counted (replays included). */
  finished: number;
  mastery: Map<string, CompetencyMastery>;
  palier: PalierStatus;
  recommendation: Recommendation | undefined;
  summaries: Map<string, ScenarioSummary>;
}

export interface ProgressInput {
  attempts: readonly AttemptInput[];
  scenarios: readonly ScenarioInput[];
  now: number;
  /** Competency ids in the library's order, to break ties in the recommendation. */
  competencyOrder?: readonly string[];
}

/**
 * The progress model in one call: mastery per competency (`mastery.ts`), the palier
 * (`paliers.ts`), the next scenario (`recommend.ts`) and per-scenario summaries (`summary.ts`).
 *
 * @example
 * const report = progressReport({ attempts, scenarios: catalogue, now: Date.now() });
 * report.palier.current.id; // 'junior'
 * report.recommendation; // { scenarioId: 'appel-agressif-loge', reason: { kind: 'discover', competency: 'ecoute-active' } }
 */
export function progressReport(input: ProgressInput): ProgressReport {
  const mastery = masteryByCompetency(input.attempts);
  const palier = palierOf(standingOf(input.attempts, input.scenarios, mastery));
  const recommendation = recommend({
    attempts: input.attempts,
    scenarios: input.scenarios,
    mastery,
    palier: palier.current,
    now: input.now,
    competencyOrder: input.competencyOrder,
  });
  return {
    finished: finishedAttempts(input.attempts).length,
    mastery,
    palier,
    recommendation,
    summaries: summariseScenarios(input.attempts),
  };
}
