import { describe, expect, it } from 'vitest';
import type { AttemptInput } from '../../../src/core/progress/inputs.ts';
import { masteryByCompetency } from '../../../src/core/progress/mastery.ts';
import { PALIERS } from '../../../src/core/progress/paliers.ts';
import { recommend, reviewsOf } from '../../../src/core/progress/recommend.ts';
import { at, attempt, DAY, met, missed, ORDER, SCENARIOS } from './attempts.ts';

const [DECOUVERTE, JUNIOR, CONFIRME] = PALIERS;

function next(attempts: AttemptInput[], now: number, palier = JUNIOR, scenarios = SCENARIOS) {
  if (!palier) throw new Error('palier');
  return recommend({ attempts, scenarios, mastery: masteryByCompetency(attempts), palier, now, competencyOrder: ORDER });
}

/** Every competency of the small catalogue at 90 %, long ago: nothing weak, nothing to review. */
const solid = (day: number): AttemptInput[] =>
  SCENARIOS.map((s, i) =>
    attempt({ id: `solid-${i}`, scenario: s.id, day, percent: 95, criteria: s.competencies.flatMap((c) => [met(c, 9), missed(c, 1)]) }),
  );

describe('spaced review', () => {
  it('brings back a scenario scored below 80 % after 1, 3, 7, 14, then 30 days', () => {
    const attempts = [60, 70, 50, 75, 40, 30].map((percent, i) => attempt({ id: `a${i}`, day: i, percent }));
    const intervals = attempts.map((_, i) => reviewsOf(attempts.slice(0, i + 1))[0]?.intervalDays);
    expect(intervals).toEqual([1, 3, 7, 14, 30, 30]);
    expect(reviewsOf(attempts)[0]).toMatchObject({ scenarioId: 'fuite', attemptId: 'a5', streak: 6, dueAt: at(5) + 30 * DAY });
  });

  it('a score at or above 80 % ends the series; a later miss starts again at 1 day', () => {
    expect(reviewsOf([attempt({ id: 'a', day: 0, percent: 50 }), attempt({ id: 'b', day: 1, percent: 80 })])).toEqual([]);
    const again = reviewsOf([attempt({ id: 'a', day: 0, percent: 50 }), attempt({ id: 'b', day: 1, percent: 90 }), attempt({ id: 'c', day: 2, percent: 10 })]);
    expect(again[0]).toMatchObject({ streak: 1, intervalDays: 1 });
  });

  it('abandoned attempts neither trigger nor end a review', () => {
    const attempts = [attempt({ id: 'a', day: 0, percent: 50 }), attempt({ id: 'b', day: 1, percent: 100, status: 'abandoned' })];
    expect(reviewsOf(attempts)[0]).toMatchObject({ attemptId: 'a', intervalDays: 1 });
  });

  it('recommends the review once due, with the last score and its date', () => {
    const attempts = [...solid(-60), attempt({ id: 'low', scenario: 'voisinage', day: 0, percent: 62, criteria: [met('accueil', 9), missed('neutralite', 1)] })];
    expect(next(attempts, at(0.5))?.reason.kind).not.toBe('review');
    expect(next(attempts, at(1))).toEqual({
      scenarioId: 'voisinage',
      reason: { kind: 'review', attemptId: 'low', lastPercent: 62, lastAt: at(0), intervalDays: 1 },
    });
  });

  it('a replay that scores well ends its scenario review', () => {
    const attempts = [...solid(-60), attempt({ id: 'low', scenario: 'voisinage', day: 0, percent: 40 }), attempt({ id: 'r', scenario: 'voisinage', day: 0.2, percent: 85, parentId: 'low' })];
    expect(next(attempts, at(10))?.reason.kind).not.toBe('review');
  });

  it('of several reviews due, the longest overdue comes first', () => {
    const attempts = [...solid(-60), attempt({ id: 'x', scenario: 'fuite', day: 0, percent: 50 }), attempt({ id: 'y', scenario: 'voisinage', day: 2, percent: 10 })];
    expect(next(attempts, at(5))?.scenarioId).toBe('fuite');
  });
});

describe('recommendation', () => {
  it('a new user gets the easiest level-1 scenario', () => {
    expect(next([], at(0), DECOUVERTE)).toEqual({ scenarioId: 'fuite', reason: { kind: 'start' } });
  });

  it('abandoned attempts alone still make a new user', () => {
    expect(next([attempt({ id: 'a', day: 0, status: 'abandoned', criteria: [missed('securite')] })], at(1), DECOUVERTE)?.reason).toEqual({ kind: 'start' });
  });

  it('gives nothing with an empty catalogue', () => {
    expect(next([], at(0), DECOUVERTE, [])).toBeUndefined();
  });

  it('worked example: the weakest competency not practised lately, on its easiest scenario', () => {
    const attempts = [
      // Scores above 80 % (no review due). sécurité: 1 point of 5 ten days ago (20 %);
      // empathie: 0 % yesterday, so it rests for now.
      attempt({ id: 'a1', scenario: 'fuite', day: -10, percent: 85, criteria: [met('accueil'), met('questionnement'), met('securite', 1), missed('securite', 4)] }),
      attempt({ id: 'a2', scenario: 'agressif', day: -1, percent: 85, criteria: [met('accueil'), missed('empathie', 2)] }),
    ];
    expect(next(attempts, at(0), JUNIOR)).toEqual({ scenarioId: 'fuite', reason: { kind: 'weakest', competency: 'securite', mastery: 0.2 } });
    // Four days later empathie has rested long enough, and is weaker.
    expect(next(attempts, at(2.5), JUNIOR)?.reason).toEqual({ kind: 'weakest', competency: 'empathie', mastery: 0 });
  });

  it('a fair competency (≥ 50 %) gets the highest level open to the palier', () => {
    const attempts = SCENARIOS.map((s, i) =>
      attempt({ id: `s${i}`, scenario: s.id, day: -30, percent: 95, criteria: s.competencies.map((c) => (c === 'orientation' ? overrideFair(c) : met(c))) }),
    );
    expect(next(attempts, at(0), CONFIRME)).toEqual({ scenarioId: 'impayes', reason: { kind: 'weakest', competency: 'orientation', mastery: 0.6 } });
    // On Junior, level 3 is not open yet: level 2 it is.
    expect(next(attempts, at(0), JUNIOR)?.scenarioId).toBe('agressif');
  });

  it('weak competencies come before new ones, new ones before fair ones', () => {
    const base = [attempt({ id: 'a', scenario: 'fuite', day: -10, percent: 90, criteria: [met('accueil'), met('empathie'), met('questionnement'), overrideFair('securite')] })];
    // securite 60 %: fair. ecoute / neutralite never practised: discover ecoute first (library order).
    expect(next(base, at(0), JUNIOR)).toEqual({ scenarioId: 'voisinage', reason: { kind: 'discover', competency: 'ecoute' } });
    const weak = [...base, attempt({ id: 'b', scenario: 'fuite', day: -9, percent: 90, criteria: [met('accueil'), missed('empathie', 3)] })];
    expect(next(weak, at(0), JUNIOR)?.reason).toMatchObject({ kind: 'weakest', competency: 'empathie' });
  });

  it('only recommends levels open to the palier (Découverte: level 1)', () => {
    const attempts = [attempt({ id: 'a', scenario: 'fuite', day: -10, percent: 90, criteria: [met('accueil'), met('empathie'), met('securite'), met('questionnement')] })];
    const r = next(attempts, at(0), DECOUVERTE);
    expect(r).toEqual({ scenarioId: 'voisinage', reason: { kind: 'discover', competency: 'ecoute' } });
  });

  it('when every competency was practised lately, still names the weakest', () => {
    const attempts = [attempt({ id: 'a', scenario: 'fuite', day: 0, percent: 90, criteria: [met('accueil'), missed('securite'), met('empathie'), met('questionnement')] })];
    const one = [{ id: 'fuite', level: 1, estimatedMinutes: 8, competencies: ['accueil', 'empathie', 'securite', 'questionnement'] }];
    expect(next(attempts, at(0.5), JUNIOR, one)?.reason).toEqual({ kind: 'weakest', competency: 'securite', mastery: 0 });
  });

  it('leaves out reviews of scenarios no longer installed', () => {
    const attempts = [...solid(-60), attempt({ id: 'gone', scenario: 'retired', day: 0, percent: 10 })];
    expect(next(attempts, at(10))?.reason.kind).not.toBe('review');
  });
});

/** A criterion decided at 60 % by a trainer. */
function overrideFair(competency: string) {
  return { competency, status: 'overridden' as const, points: 0.6, weight: 1 };
}
