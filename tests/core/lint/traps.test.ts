import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../../src/core/check.ts';
import { checkTraps } from '../../../src/core/lint/traps.ts';
import { bundledScenarios, library } from '../../helpers/scenarios.ts';

const mini = readFileSync('tests/fixtures/mini.yaml', 'utf8');

function compile(text: string) {
  const r = checkScenario(text, 'x.yaml', library(), { lint: false });
  if (!r.compiled) throw new Error(r.diagnostics.map((d) => d.code).join(', '));
  return r.compiled;
}

// The mini fixture's trap: « C'est votre faute » (blame) in state a, +2 mood, and a critical
// « never blame » criterion. The variants below take those costs away one by one.
const noMood = mini.replace('blame: { mood: 2, say: [Pardon ?] }', 'blame: { mood: 0, say: [Pardon ?] }');
const noNever = (t: string) => t.replace('rule: { never: blame }', 'rule: { hintsAtMost: 3 }');

describe('no trap goes unnoticed', () => {
  it('a trap that raises the mood, or that a « never » criterion flags, costs something', () => {
    expect(checkTraps(compile(mini)).uncosted).toEqual([]);
    expect(checkTraps(compile(noMood)).uncosted).toEqual([]);
    expect(checkTraps(compile(noNever(mini))).uncosted).toEqual([]);
  });

  it('a trap with neither is found, with a path that reaches it', () => {
    const r = checkTraps(compile(noNever(noMood)));
    expect(r.uncosted).toEqual([{ state: 'a', choice: 1, acts: ['blame'], path: [] }]);
  });

  it('an indirect cost counts: the trap makes a criterion unreachable', () => {
    // Blaming now ends the call in a partial outcome, which loses « outcome is success ».
    const text = noNever(noMood)
      .replace('blame: { mood: 0, say: [Pardon ?] }', 'blame: { target: bof }')
      .replace('rule: { hintsAtMost: 3 }', 'rule: { outcomeIn: [success] }');
    expect(checkTraps(compile(text)).uncosted).toEqual([]);
  });

  it('the lint reports an uncosted trap as a located warning', () => {
    const r = checkScenario(noNever(noMood), 'x.yaml', library(), { today: '2026-11-29' });
    const d = r.diagnostics.find((x) => x.code === 'trap_without_cost');
    expect(d?.severity).toBe('warning');
    expect(d?.path).toEqual(['states', 'a', 'choices', 1]);
    expect(d?.line).toBe(37);
  });

  it('every bundled scenario: each guided choice carrying a bad act costs mood or points wherever it is offered', () => {
    for (const { file, compiled } of bundledScenarios()) {
      const r = checkTraps(compiled);
      expect(r.truncated, file).toBe(false);
      expect(r.uncosted, file).toEqual([]);
    }
  });
});
