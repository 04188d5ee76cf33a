import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../../src/core/check.ts';
import { explore } from '../../../src/core/lint/explore.ts';
import { bundledScenarios, compileFile, library } from '../../helpers/scenarios.ts';

const mini = readFileSync('tests/fixtures/mini.yaml', 'utf8');

function lintCodes(text: string, today = '2026-11-29'): string[] {
  const r = checkScenario(text, 'x.yaml', library(), { today });
  return r.diagnostics.map((d) => d.code);
}

/** Adds YAML lines right after the `states:` line. */
function withState(text: string, yaml: string): string {
  return text.replace('states:\n', `states:\n${yaml}`);
}

describe('lint', () => {
  it('is clean on the mini fixture', () => {
    expect(lintCodes(mini)).toEqual([]);
  });

  it('finds a state no path reaches', () => {
    const text = withState(mini, '  orphelin:\n    beat: x\n    lines: [x]\n    choices: [{ text: x, act: greet }]\n    on: { greet: { target: fin } }\n    otherwise: { say: [x] }\n');
    expect(lintCodes(text)).toContain('unreachable_state');
  });

  it('takes guards into account: a transition whose guard can never hold does not reach', () => {
    const text = mini
      .replace("ask-detail-question: { mood: 0, say: [Hein ?] }", "ask-detail-question: { when: { turn: { atLeast: 99 } }, target: cache }")
      .replace('states:\n', 'states:\n  cache:\n    beat: x\n    lines: [x]\n    choices: [{ text: x, act: greet }]\n    on: { greet: { target: fin } }\n    otherwise: { say: [x] }\n');
    const r = checkScenario(text, 'x.yaml', library(), { today: '2026-11-29' });
    expect(r.diagnostics.find((d) => d.code === 'unreachable_state')?.params.state).toBe('cache');
  });

  it('finds a dead end: no way from a state to any final state', () => {
    const text = mini.replace("otherwise: { say: [Et alors ?], target: a }", "otherwise: { say: [Et alors ?], target: boucle }").concat(
      '',
    );
    const looped = withState(text, '  boucle:\n    beat: x\n    lines: [x]\n    choices: [{ text: x, act: greet }]\n    on: { greet: { say: [encore] } }\n    otherwise: { say: [x] }\n');
    expect(lintCodes(looped)).toContain('dead_end');
  });

  it('finds a criterion no path can meet', () => {
    const text = mini.replace('rule: { happened: acknowledge-emotion }', 'rule: { happened: { act: greet, in: [b] } }');
    const r = checkScenario(text, 'x.yaml', library(), { today: '2026-11-29' });
    const d = r.diagnostics.find((x) => x.code === 'unsatisfiable_criterion');
    expect(d?.params.criterion).toBe('ecoute');
    expect(d?.line).toBe(65);
  });

  it('warns when no single path meets every criterion', () => {
    const text = mini
      .replace('rule: { happened: greet }', 'rule: { outcomeIn: [success] }')
      .replace('rule: { happened: acknowledge-emotion }', 'rule: { outcomeIn: [partial] }');
    const r = checkScenario(text, 'x.yaml', library(), { today: '2026-11-29' });
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes).toContain('best_score_below_max');
    expect(r.lint?.exploration.bestPercent).toBe(60);
    expect(codes).not.toContain('unsatisfiable_criterion');
  });

  it('warns when guided choices alone cannot reach 100 %', () => {
    const text = mini.replace('      - { text: Je comprends, act: acknowledge-emotion }\n', '');
    const r = checkScenario(text, 'x.yaml', library(), { today: '2026-11-29' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['guided_best_below_max']);
    expect(r.lint?.exploration.bestGuidedPercent).toBe(60);
    expect(r.lint?.exploration.bestPercent).toBe(100);
  });

  it('checks that test replies score poor < average < senior', () => {
    const text = mini.replace('poor: [blame, blame]', 'poor: [greet, acknowledge-emotion, close]');
    expect(lintCodes(text)).toContain('tests_unordered');
  });

  it('flags free-text acts with too few examples', () => {
    const text = mini
      .replace('initial: a\n', 'acts:\n  - id: rare\n    label: Rare\n    description: Un acte rare.\n    polarity: good\n    examples: [un, deux, trois]\ninitial: a\n')
      .replace("ask-detail-question: { mood: 0, say: [Hein ?] }", "ask-detail-question: { mood: 0, say: [Hein ?] }\n      rare: { say: [Ah.] }");
    const r = checkScenario(text, 'x.yaml', library(), { today: '2026-11-29' });
    expect(r.diagnostics.find((d) => d.code === 'few_examples')?.params).toMatchObject({ act: 'rare', count: 3, min: 8 });
  });

  it('warns when a free-text test step is understood otherwise than expected', () => {
    const ok = mini.replace('average: [greet, close]', 'average: [{ text: "Bonjour madame, je suis Karim, le gardien", expect: greet }, close]');
    expect(lintCodes(ok)).toEqual([]);
    const wrong = mini.replace('average: [greet, close]', 'average: [{ text: "Bonjour madame, je suis Karim, le gardien", expect: refer }, greet, close]');
    const r = checkScenario(wrong, 'x.yaml', library(), { today: '2026-11-29' });
    expect(r.diagnostics.find((d) => d.code === 'test_step_misread')?.params).toMatchObject({ expected: 'refer', got: 'greet' });
  });

  it('warns when the review date has passed', () => {
    expect(lintCodes(mini, '2099-06-01')).toEqual(['review_overdue']);
  });

  it('warns about a turn where the tenant would say nothing', () => {
    const text = mini.replace("ask-detail-question: { mood: 0, say: [Hein ?] }", "refer: { mood: 0 }");
    expect(lintCodes(text)).toContain('silent_turn');
  });
});

describe.each(bundledScenarios())('exploration of $file', ({ file, compiled }) => {
  it('finds a 100 % path, in guided mode too, and reaches every state and outcome', () => {
    const e = explore(compiled);
    expect(e.truncated, file).toBe(false);
    expect(e.bestPercent, file).toBe(100);
    expect(e.bestGuidedPercent, file).toBe(100);
    expect(e.satisfiable.every((x) => x === true), file).toBe(true);
    expect(e.visited.size).toBe(Object.keys(compiled.states).length);
    const finals = Object.values(compiled.states).filter((s) => s.final);
    expect([...e.outcomes].sort(), file).toEqual([...new Set(finals.map((s) => s.outcome))].sort());
  });
});

describe('exploration', () => {
  it('returns a best path that really scores what it claims', async () => {
    const { runPlaythrough } = await import('../../../src/core/dialogue/playthrough.ts');
    const compiled = compileFile('tests/fixtures/mini.yaml');
    const e = explore(compiled);
    expect(runPlaythrough(compiled, e.bestPath, undefined).card.percent).toBe(e.bestPercent);
  });
});
