import { describe, expect, it } from 'vitest';
import { masteryByCompetency } from '../../../src/core/progress/mastery.ts';
import { progressReport } from '../../../src/core/progress/progress.ts';
import { alignSeries } from '../../../src/core/progress/series.ts';
import { summariseScenarios } from '../../../src/core/progress/summary.ts';
import { at, attempt, met, missed, ORDER, pending, SCENARIOS } from './attempts.ts';

describe('scenario summaries', () => {
  it('best score, last ended attempt and open attempt per scenario', () => {
    const s = summariseScenarios([
      attempt({ id: 'a1', day: 0, percent: 85 }),
      attempt({ id: 'a2', day: 1, percent: 60 }),
      attempt({ id: 'a3', day: 2, percent: 90, status: 'abandoned' }),
      attempt({ id: 'a4', day: 3, status: 'active' }),
      attempt({ id: 'b1', scenario: 'voisinage', day: 1, percent: 70, criteria: [met('accueil'), pending('ecoute')] }),
    ]);
    expect(s.get('fuite')).toEqual({
      scenarioId: 'fuite',
      finished: 2,
      best: { attemptId: 'a1', percent: 85, provisional: false },
      last: { attemptId: 'a3', at: at(2), status: 'abandoned', outcome: undefined, percent: 90, provisional: false },
      active: { attemptId: 'a4', at: at(3) },
    });
    expect(s.get('voisinage')?.best).toEqual({ attemptId: 'b1', percent: 70, provisional: true });
    expect(s.get('impayes')).toBeUndefined();
  });

  it('on a tie, the best score is the most recent attempt; a replay counts', () => {
    const s = summariseScenarios([attempt({ id: 'a1', day: 0, percent: 80 }), attempt({ id: 'r1', day: 1, percent: 80, parentId: 'a1' })]);
    expect(s.get('fuite')?.best?.attemptId).toBe('r1');
    expect(s.get('fuite')?.finished).toBe(2);
  });
});

describe('aligned series', () => {
  it('puts competencies on one time axis, null where not observed', () => {
    const m = masteryByCompetency([
      attempt({ id: 'a1', day: 0, criteria: [met('accueil'), missed('securite')] }),
      attempt({ id: 'a2', day: 1, criteria: [met('securite')] }),
    ]);
    expect(alignSeries(m, ['securite', 'accueil', 'clarte'])).toEqual({
      x: [at(0), at(1)],
      series: [
        // 1 day apart: weights 2^(−1/21) ≈ 0.9675 and 1 → 1 / 1.9675 ≈ 0.508
        { competency: 'securite', values: [0, expect.closeTo(0.508, 3)] },
        { competency: 'accueil', values: [1, null] },
      ],
    });
  });
});

describe('progress report', () => {
  it('a new profile: nothing practised, Découverte, a level-1 scenario to start', () => {
    const r = progressReport({ attempts: [], scenarios: SCENARIOS, now: at(0), competencyOrder: ORDER });
    expect(r.finished).toBe(0);
    expect(r.mastery.size).toBe(0);
    expect(r.palier.current.id).toBe('decouverte');
    expect(r.recommendation).toEqual({ scenarioId: 'fuite', reason: { kind: 'start' } });
    expect(r.summaries.size).toBe(0);
  });

  it('one good first attempt on three competencies reaches Junior', () => {
    const r = progressReport({
      attempts: [attempt({ id: 'a1', day: 0, percent: 90, criteria: [met('accueil'), met('empathie'), met('securite'), missed('questionnement')] })],
      scenarios: SCENARIOS,
      now: at(1),
      competencyOrder: ORDER,
    });
    expect(r.palier).toMatchObject({ overall: 0.75, competencies: 4, level: 1, current: { id: 'junior' } });
    expect(r.recommendation).toEqual({ scenarioId: 'voisinage', reason: { kind: 'discover', competency: 'ecoute' } });
  });
});
