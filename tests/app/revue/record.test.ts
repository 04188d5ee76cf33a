import { describe, expect, it } from 'vitest';
import { decisionsByAttempt } from '../../../src/app/revue/dashboards.ts';
import { judgedLevel, latestDecisions, levelOnCard, pendingCount, recordCard, type Decision } from '../../../src/app/revue/record.ts';
import type { JudgedCriterion } from '../../../src/core/scenario/rubric.schema.ts';
import type { ScoreCard } from '../../../src/core/scoring/score.ts';
import type { CriterionLevel, ReviewEventRecord } from '../../../src/db/db.ts';
import { playedReview, scenario, TRAINER } from '../../helpers/revue.ts';

const compiled = scenario('degat-des-eaux-nuit');
const CAP = compiled.rubric.criticalCap; // 40
const ton = compiled.rubric.criteria.find((c): c is JudgedCriterion => c.id === 'ton' && 'judged' in c)!;
const card = (path: 'poor' | 'average' | 'senior'): ScoreCard => playedReview({ id: `a-${path}`, junior: { id: 'j', name: 'J' }, path }).attempt.card!;
const trainer = (criterionId: string, after: CriterionLevel): Map<string, Decision> => new Map([[criterionId, { criterionId, after, source: 'trainer' }]]);
const criterion = (c: ScoreCard, id: string) => c.criteria.find((x) => x.id === id)!;

describe('the score of record', () => {
  it('has the played totals when no trainer decided anything', () => {
    for (const path of ['poor', 'average', 'senior'] as const) {
      const played = card(path);
      const record = recordCard(played, new Map(), CAP);
      expect(record).toEqual(played);
    }
  });

  it('scores a judged level as weight × fraction and takes it out of the pending weight', () => {
    const played = card('senior'); // 76 / 76 on the rule criteria, « ton » (4) pending
    expect(played.percent).toBe(100);
    expect(played.pendingWeight).toBe(4);

    const correct = recordCard(played, trainer('ton', judgedLevel(ton, 'correct')!), CAP);
    expect(criterion(correct, 'ton')).toMatchObject({ status: 'met', points: 2, source: 'trainer' });
    expect(correct).toMatchObject({ earned: 78, possible: 80, pendingWeight: 0, percent: 97.5 });

    const low = recordCard(played, trainer('ton', judgedLevel(ton, 'insuffisant')!), CAP);
    expect(criterion(low, 'ton')).toMatchObject({ status: 'missed', points: 0 });
    expect(low.percent).toBe(95);
    expect(pendingCount(low)).toBe(0);
    expect(pendingCount(played)).toBe(1);
  });

  it('gives judged levels their status from half their points up, and nothing for an unknown level', () => {
    expect(judgedLevel(ton, 'senior')).toEqual({ status: 'met', points: 4, levelId: 'senior' });
    expect(judgedLevel(ton, 'correct')).toEqual({ status: 'met', points: 2, levelId: 'correct' });
    expect(judgedLevel(ton, 'insuffisant')).toEqual({ status: 'missed', points: 0, levelId: 'insuffisant' });
    expect(judgedLevel(ton, 'parfait')).toBeUndefined();
    expect(judgedLevel({ weight: 3, judged: { levels: [{ id: 'a', label: 'A', descriptor: 'a', fraction: 1 / 3 }, { id: 'b', label: 'B', descriptor: 'b', fraction: 1 }] } }, 'a')).toEqual({ status: 'missed', points: 1, levelId: 'a' });
  });

  it('marks a rule criterion the trainer decided otherwise as overridden, with the trainer as source', () => {
    const played = card('senior');
    const record = recordCard(played, trainer('reference', { status: 'missed', points: 0 }), CAP);
    expect(criterion(record, 'reference')).toMatchObject({ status: 'overridden', points: 0, source: 'trainer' });
    expect(levelOnCard(criterion(record, 'reference')).status).toBe('missed');
    expect(record).toMatchObject({ earned: 73, possible: 76, percent: 96.1, pendingWeight: 4 });
  });

  it('keeps a rule criterion confirmed as it was, counted from the trainer', () => {
    const played = card('senior');
    const record = recordCard(played, trainer('reference', { status: 'met', points: 3 }), CAP);
    expect(criterion(record, 'reference')).toMatchObject({ status: 'met', points: 3, source: 'trainer' });
    expect(record.percent).toBe(100);
  });

  it('caps the score when a critical criterion is decided missed, and lifts the cap when it is decided met', () => {
    const senior = recordCard(card('senior'), trainer('confidentialite', { status: 'missed', points: 0 }), CAP);
    expect(senior).toMatchObject({ earned: 71, possible: 76, percent: 40, capped: true, criticalMissed: ['confidentialite'] });

    const average = card('average'); // 30 / 76, « securite-electrique » (critical) missed, 39.5 < 40: not capped
    expect(average).toMatchObject({ percent: 39.5, capped: false, criticalMissed: ['securite-electrique'] });
    const lifted = recordCard(average, trainer('securite-electrique', { status: 'met', points: 8 }), CAP);
    expect(lifted).toMatchObject({ earned: 38, possible: 76, percent: 50, capped: false, criticalMissed: [] });
  });

  it('counts the latest decision on a criterion and keeps the earlier ones out of the score', () => {
    const at = Date.UTC(2026, 2, 3);
    const events: ReviewEventRecord[] = [
      { seq: 3, attemptId: 'a', at: at + 2, by: TRAINER, kind: 'decision', criterionId: 'ton', after: { status: 'met', points: 4, levelId: 'senior' }, comment: 'Finalement oui.' },
      { seq: 1, attemptId: 'a', at, by: TRAINER, kind: 'decision', criterionId: 'ton', after: { status: 'missed', points: 0, levelId: 'insuffisant' }, comment: 'Trop sec.' },
      { seq: 2, attemptId: 'a', at: at + 1, by: TRAINER, kind: 'annotation', turn: 2, comment: 'Bien.' },
    ];
    const latest = latestDecisions(events);
    expect([...latest.keys()]).toEqual(['ton']);
    expect(latest.get('ton')?.after.levelId).toBe('senior');
    expect(recordCard(card('senior'), latest, CAP).percent).toBe(100);
  });

  it('finds the decisions in force for many attempts at once as for each one, an older decision written later included', () => {
    const at = Date.UTC(2026, 2, 3);
    const decision = (seq: number, attemptId: string, t: number, levelId: string): ReviewEventRecord => ({
      seq,
      attemptId,
      at: t,
      by: TRAINER,
      kind: 'decision',
      criterionId: 'ton',
      after: judgedLevel(ton, levelId)!,
      comment: levelId,
    });
    const events = [
      decision(1, 'a', at + 10, 'senior'),
      decision(2, 'b', at, 'correct'),
      // Merged from another device's export: written last here, decided earlier.
      decision(3, 'a', at + 5, 'insuffisant'),
      decision(4, 'b', at + 1, 'senior'),
    ];
    const all = decisionsByAttempt(events);
    for (const id of ['a', 'b']) expect(all.get(id)).toEqual(latestDecisions(events.filter((e) => e.attemptId === id)));
    expect(all.get('a')?.get('ton')?.after.levelId).toBe('senior');
    expect(all.get('b')?.get('ton')?.after.levelId).toBe('senior');
  });
});
