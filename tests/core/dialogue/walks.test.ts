import fc from 'fast-check';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { CompiledScenario, DialogueContext } from '../../../src/core/dialogue/compiled.ts';
import { createDialogueMachine } from '../../../src/core/dialogue/registry.ts';
import { createSession } from '../../../src/core/dialogue/session.ts';
import { MachineStepper } from '../../../src/core/dialogue/step.ts';
import { scoreTrace } from '../../../src/core/scoring/score.ts';
import { bundledScenarios, compileFile } from '../../helpers/scenarios.ts';

const scenarios = [...bundledScenarios(), { file: 'mini.yaml', compiled: compileFile('tests/fixtures/mini.yaml') }];

/** Random replies: sets of 0–3 acts drawn from every act the scenario knows, plus hints. */
function moves(c: CompiledScenario) {
  const acts = Object.keys(c.acts);
  return fc.array(
    fc.oneof(
      { weight: 9, arbitrary: fc.uniqueArray(fc.constantFrom(...acts), { maxLength: 3 }).map((a) => ({ acts: a })) },
      { weight: 1, arbitrary: fc.constant({ hint: true as const }) },
    ),
    { maxLength: c.rules.turnLimit + 5 },
  );
}

describe.each(scenarios)('random walks on $file', ({ compiled }) => {
  it('never throw, and always end in a final state within the turn limit', () => {
    fc.assert(
      fc.property(moves(compiled), fc.integer(), (steps, seed) => {
        const session = createSession(compiled, { seed, now: () => 0 });
        for (const step of steps) {
          if ('hint' in step) session.hint();
          else session.reply({ acts: step.acts });
        }
        // Keep playing neutral replies: the turn limit must end every conversation.
        for (let i = 0; i <= compiled.rules.turnLimit; i++) session.reply({ acts: [] });
        const s = session.snapshot();
        expect(s.done).toBe(true);
        expect(s.turn).toBeLessThanOrEqual(compiled.rules.turnLimit);
        expect(compiled.states[s.state]?.final).toBe(true);
        const card = scoreTrace(compiled, session.trace);
        expect(card.percent).toBeGreaterThanOrEqual(0);
        expect(card.percent).toBeLessThanOrEqual(100);
      }),
      { numRuns: 150 },
    );
  });

  it('the lint stepper agrees with the XState actor, turn by turn', () => {
    const stepper = new MachineStepper(compiled);
    fc.assert(
      fc.property(moves(compiled), (steps) => {
        const actor = createActor(createDialogueMachine(compiled)).start();
        let s = stepper.initial();
        for (const step of steps) {
          if ('hint' in step) continue;
          actor.send({ type: 'junior.act', acts: step.acts });
          s = stepper.act(s, step.acts);
          const snap = actor.getSnapshot();
          const ctx = snap.context as DialogueContext;
          expect(s.state).toBe(String(snap.value));
          expect(s.done).toBe(snap.status === 'done');
          expect(s.ctx).toEqual(ctx);
        }
      }),
      { numRuns: 150 },
    );
  });
});
