import { describe, expect, it } from 'vitest';
import { masteryByCompetency } from '../../../src/core/progress/mastery.ts';
import { missingFor, PALIERS, palierOf, standingOf } from '../../../src/core/progress/paliers.ts';
import { attempt, met, missed, SCENARIOS } from './attempts.ts';

describe('paliers', () => {
  it('thresholds rise from one palier to the next', () => {
    for (let i = 1; i < PALIERS.length; i++) {
      const [a, b] = [PALIERS[i - 1], PALIERS[i]];
      expect(b?.minMastery).toBeGreaterThan(a?.minMastery ?? 0);
      expect(b?.minCompetencies).toBeGreaterThan(a?.minCompetencies ?? 0);
      expect(b?.minLevel).toBeGreaterThan(a?.minLevel ?? 0);
    }
  });

  it('a new profile is on Découverte and needs mastery, breadth and a first level for Junior', () => {
    const s = palierOf({ overall: undefined, competencies: 0, level: 0 });
    expect(s.current.id).toBe('decouverte');
    expect(s.next?.palier.id).toBe('junior');
    expect(s.next?.missing).toEqual([
      { kind: 'mastery', current: 0, required: 0.5 },
      { kind: 'competencies', current: 0, required: 3 },
      { kind: 'level', current: 0, required: 1 },
    ]);
  });

  it.each([
    [{ overall: 0.5, competencies: 3, level: 1 }, 'junior'],
    [{ overall: 0.49, competencies: 12, level: 3 }, 'decouverte'],
    [{ overall: 0.9, competencies: 2, level: 3 }, 'decouverte'],
    [{ overall: 0.7, competencies: 7, level: 1 }, 'junior'],
    [{ overall: 0.65, competencies: 6, level: 2 }, 'confirme'],
    [{ overall: 0.79, competencies: 12, level: 3 }, 'confirme'],
    [{ overall: 0.8, competencies: 9, level: 3 }, 'senior'],
  ] as const)('%o → %s', (standing, id) => {
    expect(palierOf(standing).current.id).toBe(id);
  });

  it('says what the next palier still needs', () => {
    const s = palierOf({ overall: 0.6, competencies: 7, level: 1 });
    expect(s.current.id).toBe('junior');
    expect(s.next?.missing).toEqual([
      { kind: 'mastery', current: 0.6, required: 0.65 },
      { kind: 'level', current: 1, required: 2 },
    ]);
  });

  it('has no next palier at the top', () => {
    expect(palierOf({ overall: 1, competencies: 12, level: 3 }).next).toBeUndefined();
  });

  it('compares whole percentages, as shown: 64.6 % reads « 65 % » and counts as reached; 64.4 % does not', () => {
    const confirme = PALIERS[2];
    if (!confirme) throw new Error('no Confirmé');
    expect(missingFor(confirme, { overall: 0.646, competencies: 6, level: 2 })).toEqual([]);
    expect(missingFor(confirme, { overall: 0.644, competencies: 6, level: 2 })).toEqual([{ kind: 'mastery', current: 0.644, required: 0.65 }]);
  });

  it('standing: competencies observed, highest level of a finished attempt, abandoned ones ignored', () => {
    const attempts = [
      attempt({ id: 'a1', scenario: 'fuite', day: 0, criteria: [met('accueil'), met('securite'), missed('empathie')] }),
      attempt({ id: 'a2', scenario: 'impayes', day: 1, status: 'abandoned', criteria: [met('clarte')] }),
      attempt({ id: 'a3', scenario: 'retired', day: 2, criteria: [met('orientation')] }),
    ];
    const standing = standingOf(attempts, SCENARIOS, masteryByCompetency(attempts));
    expect(standing).toEqual({ overall: 0.75, competencies: 4, level: 1 });
    expect(palierOf(standing).current.id).toBe('junior');
  });
});
