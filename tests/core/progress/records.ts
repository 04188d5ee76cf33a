import type { CriterionResult, ScoreCard } from '../../../src/core/scoring/score.ts';
import type { AttemptRecord } from '../../../src/db/db.ts';
import type { CriterionInput } from '../../../src/core/progress/inputs.ts';
import { at } from './attempts.ts';

/** Full database records for app and component tests (the shape src/db/db.ts stores). */

export interface RecordSpec {
  id: string;
  profileId?: string;
  scenarioId: string;
  day: number;
  status?: AttemptRecord['status'];
  mode?: AttemptRecord['mode'];
  outcome?: AttemptRecord['outcome'];
  criteria?: CriterionInput[];
  /** Overrides the percent computed from the criteria (e.g. a critical cap). */
  percent?: number;
  parentId?: string;
  replayFromTurn?: number;
}

export function attemptRecord(spec: RecordSpec): AttemptRecord {
  const status = spec.status ?? 'finished';
  const criteria: CriterionResult[] = (spec.criteria ?? []).map((c, i) => ({
    id: `c${i}`,
    label: `critère ${i}`,
    competency: c.competency,
    weight: c.weight,
    critical: false,
    kind: c.status === 'pending' ? 'judged' : 'rule',
    status: c.status,
    points: c.points,
    evidence: [],
    source: c.status === 'overridden' ? 'trainer' : 'rule',
    note: '',
    seniorWould: undefined,
  }));
  const decided = criteria.filter((c) => c.status !== 'pending');
  const possible = decided.reduce((s, c) => s + c.weight, 0);
  const earned = decided.reduce((s, c) => s + c.points, 0);
  const pendingWeight = criteria.filter((c) => c.status === 'pending').reduce((s, c) => s + c.weight, 0);
  const outcome = spec.outcome ?? (status === 'finished' ? 'success' : undefined);
  const card: ScoreCard = {
    scenarioId: spec.scenarioId,
    scenarioVersion: 1,
    scenarioHash: 'h',
    rubricHash: 'r',
    outcome,
    finished: status === 'finished',
    turns: 5,
    hintsUsed: 0,
    criteria,
    earned,
    possible,
    pendingWeight,
    percent: spec.percent ?? (possible > 0 ? Math.round((earned / possible) * 1000) / 10 : 0),
    capped: false,
    criticalMissed: [],
  };
  return {
    id: spec.id,
    profileId: spec.profileId ?? 'p1',
    scenarioId: spec.scenarioId,
    scenarioVersion: 1,
    scenarioHash: 'h',
    mode: spec.mode ?? 'guided',
    evaluation: false,
    seed: 1,
    status,
    startedAt: at(spec.day) - 600_000,
    updatedAt: at(spec.day),
    ...(status === 'active' ? {} : { endedAt: at(spec.day), card }),
    opening: [],
    entryCount: 5,
    outcome,
    parentId: spec.parentId,
    replayFromTurn: spec.replayFromTurn,
  };
}
