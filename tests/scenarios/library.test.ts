import { describe, expect, it } from 'vitest';
import { runPlaythrough } from '../../src/core/dialogue/playthrough.ts';
import { checkTraps } from '../../src/core/lint/traps.ts';
import { EmbeddedUnderstanding } from '../../src/core/understanding/embedded.ts';
import { scenarioExamples } from '../../src/core/understanding/scenario-examples.ts';
import { bundledScenarios, library } from '../helpers/scenarios.ts';

/**
 * The scenario library (scenarios/*.yaml): what every scenario must hold for seniors to sign it.
 * The checker (npm run scenarios:check) covers graph and rubric; this covers the library's own
 * requirements and plays each scenario's senior replies through the runtime.
 */
const scenarios = bundledScenarios();

describe('the scenario library', () => {
  it('has the fourteen situations of the domain brief, on every channel and level', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(14);
    expect(new Set(scenarios.map((s) => s.compiled.meta.channel))).toEqual(new Set(['telephone', 'loge', 'visite-a-domicile', 'accueil-agence']));
    expect(new Set(scenarios.map((s) => s.compiled.meta.level))).toEqual(new Set([1, 2, 3]));
  });

  describe.each(scenarios)('$file', ({ compiled }) => {
    it('is rich enough: states, outcomes, hidden facts, criteria, hints, metadata', () => {
      const states = Object.values(compiled.states);
      const finals = states.filter((s) => s.final);
      expect(states.length).toBeGreaterThanOrEqual(8);
      const outcomes = new Set(finals.map((s) => s.outcome));
      expect(outcomes.size).toBeGreaterThanOrEqual(3);
      expect(outcomes).toContain('escalation');
      expect(compiled.persona.hiddenFacts.length).toBeGreaterThanOrEqual(2);
      expect(compiled.rubric.criteria.length).toBeGreaterThanOrEqual(10);
      for (const c of compiled.rubric.criteria) expect(c.note.length, c.id).toBeGreaterThan(20);
      for (const s of states.filter((x) => !x.final)) expect(s.choices.length, s.id).toBeGreaterThanOrEqual(2);
      expect(states.filter((s) => !s.final && s.hint).length).toBeGreaterThanOrEqual(Math.ceil((states.length - finals.length) / 2));
      expect(compiled.meta.validatedBy).toBeDefined();
      expect(compiled.meta.validatedOn).toBeDefined();
      expect(compiled.meta.reviewBy > '2026-11-29').toBe(true);
    });

    it('offers the junior mistakes as guided choices', () => {
      const bad = Object.values(compiled.states).flatMap((s) => s.choices.filter((c) => c.acts.some((a) => compiled.acts[a]?.polarity === 'bad')));
      expect(bad.length).toBeGreaterThanOrEqual(4);
    });

    it('makes every trap (a guided choice with a bad act) cost points or mood on every path where it is offered', () => {
      const report = checkTraps(compiled);
      expect(report.truncated).toBe(false);
      expect(report.uncosted.map((t) => `${t.state}#${t.choice} (${t.acts.join('+')}) via ${JSON.stringify(t.path)}`)).toEqual([]);
    });

    it('the senior’s replies, played through the runtime, end in success and score above the others', () => {
      const engine = new EmbeddedUnderstanding(scenarioExamples(compiled, library().acts.values()));
      const senior = runPlaythrough(compiled, compiled.tests.senior, engine);
      expect(senior.trace.outcome).toBe('success');
      expect(senior.card.percent).toBe(100);
      const average = runPlaythrough(compiled, compiled.tests.average, engine);
      const poor = runPlaythrough(compiled, compiled.tests.poor, engine);
      expect(poor.card.percent).toBeLessThan(average.card.percent);
      expect(average.card.percent).toBeLessThan(senior.card.percent);
    });
  });
});
