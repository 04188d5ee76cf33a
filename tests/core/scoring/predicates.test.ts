import { describe, expect, it } from 'vitest';
import type { CompiledScenario } from '../../../src/core/dialogue/compiled.ts';
import type { Trace, TurnEntry } from '../../../src/core/dialogue/trace.ts';
import type { Criterion, Predicate } from '../../../src/core/scenario/rubric.schema.ts';
import { scoreTrace } from '../../../src/core/scoring/score.ts';
import { compileFile } from '../../helpers/scenarios.ts';

const mini = compileFile('tests/fixtures/mini.yaml');

interface T {
  acts: string[];
  before?: string;
  after?: string;
  mood?: number;
  released?: string[];
}

/** A trace written by hand: each step is one junior turn. */
function trace(turns: T[], outcome?: Trace['outcome'], hintsAfter: number[] = []): Trace {
  const entries: Trace['entries'] = [];
  turns.forEach((t, i) => {
    for (const h of hintsAfter.filter((x) => x === i)) entries.push({ kind: 'hint', state: 'a', hint: 'h', afterTurn: h, at: 0 });
    const e: TurnEntry = {
      kind: 'turn',
      turn: i + 1,
      text: '',
      acts: t.acts,
      engine: 'script',
      stateBefore: t.before ?? 'a',
      stateAfter: t.after ?? 'a',
      moodBefore: 2,
      moodAfter: t.mood ?? 2,
      reaction: 'act',
      released: t.released ?? [],
      flags: [],
      tenant: [],
      at: i,
    };
    entries.push(e);
  });
  for (const h of hintsAfter.filter((x) => x >= turns.length)) entries.push({ kind: 'hint', state: 'a', hint: 'h', afterTurn: h, at: 0 });
  return { scenarioId: 'mini', scenarioVersion: 1, scenarioHash: mini.hash, seed: 1, opening: [], entries, ...(outcome ? { outcome } : {}) };
}

function withRule(rule: Predicate, extra: Partial<Criterion> = {}): CompiledScenario {
  const criterion = { id: 'c', label: 'C', competency: 'accueil', weight: 4, critical: false, note: 'n', rule, ...extra } as Criterion;
  return { ...mini, rubric: { criticalCap: 50, criteria: [criterion] } };
}

function judge(rule: Predicate, t: Trace): { status: string; evidence: number[] } {
  const c = scoreTrace(withRule(rule), t).criteria[0];
  if (!c) throw new Error('no criterion');
  return { status: c.status, evidence: c.evidence };
}

describe('rule predicates', () => {
  it('happened: met with the turns as evidence, missed otherwise', () => {
    const t = trace([{ acts: ['blame'] }, { acts: ['greet'] }, { acts: ['greet', 'close'] }]);
    expect(judge({ happened: 'greet' }, t)).toEqual({ status: 'met', evidence: [2, 3] });
    expect(judge({ happened: 'refer' }, t)).toEqual({ status: 'missed', evidence: [] });
    expect(judge({ happened: ['refer', 'close'] }, t).status).toBe('met');
  });

  it('happened in named states only', () => {
    const t = trace([{ acts: ['greet'], before: 'a' }, { acts: ['close'], before: 'b' }]);
    expect(judge({ happened: { act: 'greet', in: ['b'] } }, t).status).toBe('missed');
    expect(judge({ happened: { act: 'close', in: ['b'] } }, t)).toEqual({ status: 'met', evidence: [2] });
  });

  it('never: met when absent, missed with the offending turns', () => {
    const t = trace([{ acts: ['greet'] }, { acts: ['blame'] }, { acts: ['blame'] }]);
    expect(judge({ never: 'blame' }, t)).toEqual({ status: 'missed', evidence: [2, 3] });
    expect(judge({ never: 'false-promise' }, t)).toEqual({ status: 'met', evidence: [] });
  });

  it('before: first must come strictly before any « then »', () => {
    const ok = trace([{ acts: ['identify-tenant'] }, { acts: ['explain-procedure'] }]);
    const late = trace([{ acts: ['explain-procedure'] }, { acts: ['identify-tenant'] }]);
    const same = trace([{ acts: ['identify-tenant', 'explain-procedure'] }]);
    const alone = trace([{ acts: ['identify-tenant'] }]);
    const neither = trace([{ acts: ['greet'] }]);
    const p: Predicate = { before: { first: 'identify-tenant', then: 'explain-procedure' } };
    expect(judge(p, ok)).toEqual({ status: 'met', evidence: [1] });
    expect(judge(p, late).status).toBe('missed');
    expect(judge(p, same).status).toBe('missed');
    expect(judge(p, alone).status).toBe('met');
    expect(judge(p, neither).status).toBe('missed');
  });

  it('within N turns', () => {
    const t = trace([{ acts: ['blame'] }, { acts: ['greet'] }]);
    expect(judge({ within: { act: 'greet', turns: 2 } }, t)).toEqual({ status: 'met', evidence: [2] });
    expect(judge({ within: { act: 'greet', turns: 1 } }, t).status).toBe('missed');
  });

  it('countAtLeast counts turns carrying any of the acts', () => {
    const t = trace([{ acts: ['ask-open-question'] }, { acts: ['ask-detail-question', 'ask-open-question'] }, { acts: ['greet'] }]);
    expect(judge({ countAtLeast: { act: ['ask-open-question', 'ask-detail-question'], count: 2 } }, t).status).toBe('met');
    expect(judge({ countAtLeast: { act: 'ask-open-question', count: 3 } }, t).status).toBe('missed');
  });

  it('reached: a state the conversation passed through (the initial state counts)', () => {
    const t = trace([{ acts: ['greet'], before: 'a', after: 'b' }]);
    expect(judge({ reached: 'b' }, t)).toEqual({ status: 'met', evidence: [1] });
    expect(judge({ reached: 'a' }, t)).toEqual({ status: 'met', evidence: [0] });
    expect(judge({ reached: 'fin' }, t).status).toBe('missed');
  });

  it('released: a hidden fact came out', () => {
    const t = trace([{ acts: ['ask-detail-question'], released: ['secret'] }]);
    expect(judge({ released: 'secret' }, t)).toEqual({ status: 'met', evidence: [1] });
    expect(judge({ released: 'secret' }, trace([{ acts: ['greet'] }])).status).toBe('missed');
  });

  it('outcomeIn: only a finished attempt with that outcome', () => {
    expect(judge({ outcomeIn: ['success'] }, trace([{ acts: ['greet'] }], 'success')).status).toBe('met');
    expect(judge({ outcomeIn: ['success'] }, trace([{ acts: ['greet'] }], 'partial')).status).toBe('missed');
    expect(judge({ outcomeIn: ['success', 'partial'] }, trace([{ acts: ['greet'] }])).status).toBe('missed');
  });

  it('moodAtMost at any time (start included) or at the end', () => {
    const t = trace([{ acts: ['blame'], mood: 4 }, { acts: ['greet'], mood: 1 }]);
    expect(judge({ moodAtMost: { value: 3, at: 'any' } }, t)).toEqual({ status: 'missed', evidence: [1] });
    expect(judge({ moodAtMost: { value: 3, at: 'end' } }, t).status).toBe('met');
    expect(judge({ moodAtMost: { value: 1, at: 'any' } }, trace([{ acts: ['greet'], mood: 1 }])).status).toBe('missed');
  });

  it('hintsAtMost counts hints with the turn after which they were asked', () => {
    expect(judge({ hintsAtMost: 1 }, trace([{ acts: ['greet'] }], undefined, [0])).status).toBe('met');
    expect(judge({ hintsAtMost: 1 }, trace([{ acts: ['greet'] }, { acts: ['close'] }], undefined, [0, 1]))).toEqual({
      status: 'missed',
      evidence: [0, 1],
    });
  });

  it('all / any / not combine, with evidence from the parts that decide', () => {
    const t = trace([{ acts: ['greet'] }, { acts: ['blame'] }]);
    expect(judge({ all: [{ happened: 'greet' }, { never: 'blame' }] }, t).status).toBe('missed');
    expect(judge({ any: [{ happened: 'refer' }, { happened: 'greet' }] }, t)).toEqual({ status: 'met', evidence: [1] });
    expect(judge({ not: { happened: 'refer' } }, t).status).toBe('met');
    expect(judge({ not: { happened: 'greet' } }, t)).toEqual({ status: 'missed', evidence: [1] });
  });
});

describe('ScoreCard', () => {
  it('weights, totals and the critical cap', () => {
    const card = scoreTrace(mini, trace([{ acts: ['greet'] }, { acts: ['acknowledge-emotion'] }, { acts: ['blame'] }], 'success'));
    expect(card.criteria.map((c) => [c.id, c.status, c.points])).toEqual([
      ['salue', 'met', 2],
      ['ecoute', 'met', 2],
      ['calme', 'missed', 0],
    ]);
    expect(card.earned).toBe(4);
    expect(card.possible).toBe(5);
    // 80 % raw, capped at 50 % because the critical « calme » was missed.
    expect(card.percent).toBe(50);
    expect(card.capped).toBe(true);
    expect(card.criticalMissed).toEqual(['calme']);
    expect(card.rubricHash).toBe(mini.rubricHash);
  });

  it('no cap when the raw score is already under it', () => {
    const card = scoreTrace(mini, trace([{ acts: ['blame'] }]));
    expect(card.percent).toBe(0);
    expect(card.capped).toBe(false);
  });

  it('judged criteria stay pending and out of the decided total', () => {
    const judged = {
      ...mini,
      rubric: {
        criticalCap: 50,
        criteria: [
          ...mini.rubric.criteria,
          {
            id: 'ton',
            label: 'Ton',
            competency: 'empathie',
            weight: 5,
            critical: false,
            note: 'n',
            judged: { levels: [{ id: 'bas', label: 'Bas', descriptor: 'd', fraction: 0 }, { id: 'haut', label: 'Haut', descriptor: 'd', fraction: 1 }] },
          },
        ],
      },
    } satisfies CompiledScenario;
    const card = scoreTrace(judged, trace([{ acts: ['greet'] }, { acts: ['acknowledge-emotion'] }], 'success'));
    expect(card.criteria[3]?.status).toBe('pending');
    expect(card.pendingWeight).toBe(5);
    expect(card.possible).toBe(5);
    expect(card.percent).toBe(100);
  });

  it('same trace, same card', () => {
    const t = trace([{ acts: ['greet'] }, { acts: ['blame'] }], 'partial');
    expect(scoreTrace(mini, t)).toEqual(scoreTrace(mini, structuredClone(t)));
  });
});
