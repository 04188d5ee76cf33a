/**
 * Paliers: the landings a junior climbs, from Découverte to Senior. A palier is reached when all
 * three of its thresholds hold (and so those of every palier below, which are lower):
 *
 * | palier      | overall mastery | competencies practised | highest level played | recommended up to level |
 * | ----------- | --------------- | ---------------------- | -------------------- | ----------------------- |
 * | Découverte  | —               | —                      | —                    | 1                       |
 * | Junior      | ≥ 50 %          | ≥ 3                    | ≥ 1                  | 2                       |
 * | Confirmé    | ≥ 65 %          | ≥ 6                    | ≥ 2                  | 3                       |
 * | Senior      | ≥ 80 %          | ≥ 9                    | 3                    | 3                       |
 *
 * - *overall mastery*: mean of the practised competencies' mastery (see `mastery.ts`);
 * - *competencies practised*: competencies with at least one decided criterion in a finished attempt;
 * - *highest level played*: the highest level (1–3) of a scenario with a finished attempt.
 *
 * Mastery alone could be reached by playing one easy scenario well; breadth alone by playing
 * everything badly: a palier asks for both. The palier is the current one, not a record: it can go
 * down when recent results do, which is what a senior would say too.
 *
 * Mastery is compared in whole percentages, as the screen shows it (79.6 % reads « 80 % » and counts).
 *
 * @example
 * palierOf({ overall: 0.7, competencies: 7, level: 2 }).current.id; // 'confirme'
 *
 * @module
 */

import { finishedAttempts, type AttemptInput, type ScenarioInput } from './inputs.ts';
import { overallMastery, type CompetencyMastery } from './mastery.ts';

/** The four paliers, lowest first. */
export type PalierId = 'decouverte' | 'junior' | 'confirme' | 'senior';

export interface PalierThresholds {
  id: PalierId;
  /** Overall mastery, in [0, 1]. */
  minMastery: number;
  minCompetencies: number;
  minLevel: number;
  /** The highest scenario level recommended to someone on this palier. */
  recommendUpToLevel: number;
}

const DECOUVERTE: PalierThresholds = { id: 'decouverte', minMastery: 0, minCompetencies: 0, minLevel: 0, recommendUpToLevel: 1 };

/** The thresholds of the module table, lowest first. */
export const PALIERS: readonly PalierThresholds[] = [
  DECOUVERTE,
  { id: 'junior', minMastery: 0.5, minCompetencies: 3, minLevel: 1, recommendUpToLevel: 2 },
  { id: 'confirme', minMastery: 0.65, minCompetencies: 6, minLevel: 2, recommendUpToLevel: 3 },
  { id: 'senior', minMastery: 0.8, minCompetencies: 9, minLevel: 3, recommendUpToLevel: 3 },
];

/** What a profile has, measured against the thresholds. */
export interface Standing {
  /** Overall mastery in [0, 1]; undefined before the first decided criterion. */
  overall: number | undefined;
  competencies: number;
  /** Highest level played; 0 when none. */
  level: number;
}

/** One threshold of the next palier that is not met yet, with where the profile stands. */
export type Requirement =
  | { kind: 'mastery'; current: number; required: number }
  | { kind: 'competencies'; current: number; required: number }
  | { kind: 'level'; current: number; required: number };

export interface PalierStatus extends Standing {
  current: PalierThresholds;
  /** The next palier and what it still needs; undefined on the top one. */
  next: { palier: PalierThresholds; missing: Requirement[] } | undefined;
}

/**
 * What `standing` still lacks to reach `palier` (empty when reached).
 *
 * @example
 * missingFor(PALIERS[2], { overall: 0.6, competencies: 7, level: 1 });
 * // [{ kind: 'mastery', current: 0.6, required: 0.65 }, { kind: 'level', current: 1, required: 2 }]
 */
export function missingFor(palier: PalierThresholds, standing: Standing): Requirement[] {
  const missing: Requirement[] = [];
  const overall = standing.overall ?? 0;
  // Compare whole percentages, as the screen shows them: 79.7 % reads « 80 % », and must not be
  // « 80 % needed, you have 80 % ».
  if (Math.round(overall * 100) < Math.round(palier.minMastery * 100)) {
    missing.push({ kind: 'mastery', current: overall, required: palier.minMastery });
  }
  if (standing.competencies < palier.minCompetencies) {
    missing.push({ kind: 'competencies', current: standing.competencies, required: palier.minCompetencies });
  }
  if (standing.level < palier.minLevel) missing.push({ kind: 'level', current: standing.level, required: palier.minLevel });
  return missing;
}

/**
 * The palier reached and what the next one needs.
 *
 * @example
 * const s = palierOf({ overall: 0.55, competencies: 7, level: 1 });
 * s.current.id; // 'junior'
 * s.next?.palier.id; // 'confirme'
 * s.next?.missing; // [{ kind: 'mastery', current: 0.55, required: 0.65 }, { kind: 'level', current: 1, required: 2 }]
 */
export function palierOf(standing: Standing): PalierStatus {
  let index = 0;
  for (let i = 1; i < PALIERS.length; i++) {
    const p = PALIERS[i];
    if (!p || missingFor(p, standing).length > 0) break;
    index = i;
  }
  const current = PALIERS[index] ?? DECOUVERTE;
  const following = PALIERS[index + 1];
  return {
    ...standing,
    current,
    next: following ? { palier: following, missing: missingFor(following, standing) } : undefined,
  };
}

/**
 * Where a profile stands: overall mastery, competencies practised, highest level played (levels
 * come from the catalogue; an attempt of a scenario no longer installed still counts for mastery).
 *
 * @example
 * standingOf(attempts, catalogue, masteryByCompetency(attempts)); // { overall: 0.72, competencies: 7, level: 1 }
 */
export function standingOf(
  attempts: readonly AttemptInput[],
  scenarios: readonly ScenarioInput[],
  mastery: ReadonlyMap<string, Pick<CompetencyMastery, 'value'>>,
): Standing {
  const levels = new Map(scenarios.map((s) => [s.id, s.level]));
  let level = 0;
  for (const a of finishedAttempts(attempts)) level = Math.max(level, levels.get(a.scenarioId) ?? 0);
  return { overall: overallMastery(mastery), competencies: mastery.size, level };
}
