import { describe, expect, it } from 'vitest';
import { masteryByCompetency, observationsOf, overallMastery, weightedMastery } from '../../../src/core/progress/mastery.ts';
import { at, attempt, DAY, met, missed, overridden, pending } from './attempts.ts';

describe('observations', () => {
  it('sums decided criteria per competency: points earned / weight decided', () => {
    const obs = observationsOf([
      attempt({ id: 'a1', day: 0, criteria: [met('securite', 2), missed('securite', 2), met('accueil'), overridden('empathie', 1.5, 3)] }),
    ]);
    expect(obs.map(({ competency, earned, possible, ratio }) => ({ competency, earned, possible, ratio }))).toEqual([
      { competency: 'securite', earned: 2, possible: 4, ratio: 0.5 },
      { competency: 'accueil', earned: 1, possible: 1, ratio: 1 },
      { competency: 'empathie', earned: 1.5, possible: 3, ratio: 0.5 },
    ]);
  });

  it('ignores pending judged criteria (a competency with only pending criteria is not observed)', () => {
    const obs = observationsOf([attempt({ id: 'a1', day: 0, criteria: [met('securite'), pending('securite', 5), pending('clarte', 2)] })]);
    expect(obs).toHaveLength(1);
    expect(obs[0]).toMatchObject({ competency: 'securite', earned: 1, possible: 1, ratio: 1 });
  });

  it('ignores abandoned and active attempts, even when an abandoned one carries a card', () => {
    const obs = observationsOf([
      attempt({ id: 'a1', day: 0, status: 'abandoned', criteria: [missed('securite')] }),
      attempt({ id: 'a2', day: 1, status: 'active' }),
    ]);
    expect(obs).toEqual([]);
  });

  it('counts a replay as an attempt of its own', () => {
    const obs = observationsOf([
      attempt({ id: 'a1', day: 0, criteria: [missed('securite')] }),
      attempt({ id: 'a2', day: 0.1, parentId: 'a1', criteria: [met('securite')] }),
    ]);
    expect(obs.map((o) => [o.attemptId, o.ratio])).toEqual([
      ['a1', 0],
      ['a2', 1],
    ]);
  });

  it('orders observations by the time attempts ended, not by the order given', () => {
    const obs = observationsOf([attempt({ id: 'late', day: 5, criteria: [met('accueil')] }), attempt({ id: 'early', day: 1, criteria: [missed('accueil')] })]);
    expect(obs.map((o) => o.attemptId)).toEqual(['early', 'late']);
  });
});

describe('weighted mastery (half-life 21 days, last 5 observations)', () => {
  it('worked example: 40 % three weeks ago and 100 % today give 80 %', () => {
    // weights 0.5 and 1 → (0.5 × 0.4 + 1 × 1) / 1.5 = 0.8
    expect(weightedMastery([{ at: 0, ratio: 0.4 }, { at: 21 * DAY, ratio: 1 }])).toBeCloseTo(0.8, 10);
  });

  it('two results of the same day count equally', () => {
    expect(weightedMastery([{ at: 0, ratio: 0.4 }, { at: 0, ratio: 1 }])).toBeCloseTo(0.7, 10);
  });

  it('reads only the last five observations', () => {
    const obs = [0, 1, 1, 1, 1, 1].map((ratio, i) => ({ at: i * 1000, ratio }));
    expect(weightedMastery(obs)).toBe(1);
    expect(weightedMastery(obs, { window: 6 })).toBeLessThan(1);
  });

  it('is 0 with no observation', () => {
    expect(weightedMastery([])).toBe(0);
  });
});

describe('mastery by competency', () => {
  it('is empty with no attempts', () => {
    expect(masteryByCompetency([]).size).toBe(0);
    expect(overallMastery(new Map())).toBeUndefined();
  });

  it('gives the current value and the series after each observation', () => {
    const m = masteryByCompetency([
      attempt({ id: 'a1', day: 0, criteria: [met('securite', 2), missed('securite', 3), met('accueil')] }),
      attempt({ id: 'a2', day: 21, criteria: [met('securite', 5)] }),
    ]);
    const s = m.get('securite');
    expect(s?.value).toBeCloseTo(0.8, 10);
    expect(s?.series.map((p) => [p.attemptId, p.at, Number(p.value.toFixed(4))])).toEqual([
      ['a1', at(0), 0.4],
      ['a2', at(21), 0.8],
    ]);
    expect(s).toMatchObject({ observations: 2, firstPractisedAt: at(0), lastPractisedAt: at(21) });
    expect(m.get('accueil')).toMatchObject({ value: 1, observations: 1, lastPractisedAt: at(0) });
  });

  it('overall mastery is the plain mean of the competencies practised', () => {
    const m = masteryByCompetency([attempt({ id: 'a1', day: 0, criteria: [met('securite'), missed('accueil'), met('empathie'), missed('empathie')] })]);
    // securite 1, accueil 0, empathie 0.5
    expect(overallMastery(m)).toBeCloseTo(0.5, 10);
  });
});
