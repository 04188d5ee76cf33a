import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AttemptInput, CriterionInput, ScenarioInput } from '../../../src/core/progress/inputs.ts';
import { masteryByCompetency } from '../../../src/core/progress/mastery.ts';
import { progressReport } from '../../../src/core/progress/progress.ts';
import { reviewsOf } from '../../../src/core/progress/recommend.ts';
import { canFold, emptyProgress, foldAttempt, progressStateOf, reportFrom, reviewsFrom, SERIES_CAP } from '../../../src/core/progress/state.ts';
import { at, attempt, met, missed } from './attempts.ts';

const COMPETENCIES = ['securite', 'empathie', 'clarte', 'ecoute'];
const SCENARIOS: ScenarioInput[] = [
  { id: 's1', level: 1, estimatedMinutes: 5, competencies: ['securite', 'empathie'] },
  { id: 's2', level: 2, estimatedMinutes: 8, competencies: ['clarte', 'ecoute'] },
  { id: 's3', level: 3, estimatedMinutes: 12, competencies: ['securite', 'clarte'] },
];

const criterion = fc.record({
  competency: fc.constantFrom(...COMPETENCIES),
  status: fc.constantFrom('met', 'missed', 'pending', 'overridden'),
  points: fc.integer({ min: -1, max: 4 }),
  weight: fc.integer({ min: 0, max: 3 }),
}) as fc.Arbitrary<CriterionInput>;

/** Attempts with distinct end times (the reference functions break exact ties by input order). */
const attempts = fc
  .array(
    fc.record({
      scenarioId: fc.constantFrom('s1', 's2', 's3', 'retired'),
      status: fc.constantFrom('finished', 'finished', 'finished', 'abandoned', 'active'),
      percent: fc.integer({ min: 0, max: 100 }),
      pendingWeight: fc.integer({ min: 0, max: 2 }),
      criteria: fc.array(criterion, { maxLength: 6 }),
      withCard: fc.boolean(),
    }),
    { maxLength: 60 },
  )
  .chain((specs) =>
    fc.shuffledSubarray(
      Array.from({ length: 400 }, (_, i) => i),
      { minLength: specs.length, maxLength: specs.length },
    ).map((hours) =>
      specs.map((s, i): AttemptInput => {
        const t = at(0) + (hours[i] ?? i) * 3_600_000;
        return {
          id: `a${String(i).padStart(3, '0')}`,
          scenarioId: s.scenarioId,
          status: s.status as AttemptInput['status'],
          startedAt: t - 600_000,
          ...(s.status === 'active' ? { updatedAt: t } : { endedAt: t }),
          outcome: s.status === 'finished' ? 'success' : undefined,
          card: s.status === 'finished' || s.withCard ? { percent: s.percent, pendingWeight: s.pendingWeight, criteria: s.criteria } : undefined,
        };
      }),
    ),
  );

describe('the folded progress state', () => {
  it('gives the report the attempts give (series kept to their latest points)', () => {
    fc.assert(
      fc.property(attempts, fc.integer({ min: 0, max: 500 }), (list, day) => {
        const now = at(day);
        const options = { scenarios: SCENARIOS, now, competencyOrder: COMPETENCIES };
        const reference = progressReport({ attempts: list, ...options });
        const folded = reportFrom(progressStateOf(list), { active: list.filter((a) => a.status === 'active'), ...options });
        expect(folded).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same state folded one attempt at a time, in the order they ended', () => {
    fc.assert(
      fc.property(attempts, (list) => {
        const ended = list.filter((a) => a.status !== 'active').sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0));
        let state = emptyProgress();
        for (const a of ended) {
          const next = foldAttempt(state, a);
          expect(next).toBeDefined();
          if (next) state = next;
        }
        expect(state).toEqual(progressStateOf(list));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the review streak with a bar other than the default', () => {
    fc.assert(
      fc.property(attempts, fc.integer({ min: 1, max: 100 }), (list, reviewBelow) => {
        expect(reviewsFrom(progressStateOf(list, { reviewBelow }), { reviewBelow })).toEqual(reviewsOf(list, { reviewBelow }));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps only the latest series points of a competency, with the current value and the full count', () => {
    const many = Array.from({ length: SERIES_CAP + 30 }, (_, i) =>
      attempt({ id: `a${String(i).padStart(4, '0')}`, scenario: 's1', day: i, criteria: [i % 3 === 0 ? missed('securite') : met('securite')] }),
    );
    const full = masteryByCompetency(many).get('securite');
    const kept = reportFrom(progressStateOf(many), { active: [], scenarios: SCENARIOS, now: at(400) }).mastery.get('securite');
    expect(kept?.series).toEqual(full?.series.slice(-SERIES_CAP));
    expect(kept?.value).toBe(full?.value);
    expect(kept?.observations).toBe(SERIES_CAP + 30);
    expect(kept?.firstPractisedAt).toBe(at(0));
  });

  it('refuses to fold an attempt still open, or one that ended before the last one folded', () => {
    const state = progressStateOf([attempt({ id: 'b', scenario: 's1', day: 5, criteria: [met('securite')] })]);
    expect(canFold(state, attempt({ id: 'c', scenario: 's1', day: 6 }))).toBe(true);
    expect(foldAttempt(state, attempt({ id: 'a', scenario: 's1', day: 4 }))).toBeUndefined();
    expect(foldAttempt(state, attempt({ id: 'a', scenario: 's1', day: 5 }))).toBeUndefined();
    expect(foldAttempt(state, attempt({ id: 'c', scenario: 's1', day: 6, status: 'active' }))).toBeUndefined();
    expect(foldAttempt({ ...state, format: 0 }, attempt({ id: 'c', scenario: 's1', day: 6 }))).toBeUndefined();
  });

  it('is plain JSON', () => {
    const state = progressStateOf([attempt({ id: 'a', scenario: 's1', day: 1, criteria: [met('securite'), missed('empathie')] })]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
