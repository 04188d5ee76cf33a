import { assertEvent, assign, setup, type AnyStateMachine } from 'xstate';
import type { Condition } from '../scenario/scenario.schema.ts';
import type { CompiledScenario, DialogueContext } from './compiled.ts';
import { applyOtherwise, applyTurn, replyHas, type ApplyTurnParams, type OtherwiseParams } from './effects.ts';

export { evalCondition } from './effects.ts';

/** Events are namespaced by sender. */
export type DialogueEvent =
  | { type: 'junior.act'; acts: string[]; text?: string }
  | { type: 'junior.hint' };

/**
 * The one registry of guard and action implementations that every compiled scenario machine
 * refers to by name. Mood bounds come from the scenario, hence a factory.
 */
export function dialogueSetup(moodMin: number, moodMax: number) {
  const bounds = { min: moodMin, max: moodMax };
  return setup({
    types: {
      context: {} as DialogueContext,
      events: {} as DialogueEvent,
    },
    guards: {
      replyHas: ({ context, event }, params: { act: string; when?: Condition }) => {
        assertEvent(event, 'junior.act');
        return replyHas(context, event.acts, params.act, params.when);
      },
      moodAtLeast: ({ context }, params: { value: number }) => context.mood >= params.value,
      turnsAtLeast: ({ context }, params: { value: number }) => context.turn >= params.value,
    },
    actions: {
      applyTurn: assign(({ context, event }, p: ApplyTurnParams) => {
        assertEvent(event, 'junior.act');
        return applyTurn(context, event.acts, p, bounds);
      }),
      applyOtherwise: assign(({ context, event }, p: OtherwiseParams) => {
        assertEvent(event, 'junior.act');
        return applyOtherwise(context, event.acts, p, bounds);
      }),
      countHint: assign(({ context }) => ({ hints: context.hints + 1 })),
    },
  });
}

/**
 * Builds the XState machine of a compiled scenario. The config is the artifact's plain JSON.
 *
 * @example
 * const actor = createActor(createDialogueMachine(compiled)).start();
 * actor.send({ type: 'junior.act', acts: ['greet'] });
 */
export function createDialogueMachine(compiled: CompiledScenario): AnyStateMachine {
  const s = dialogueSetup(compiled.mood.min, compiled.mood.max);
  // The config is data produced by the compiler; its names match the registry above.
  return s.createMachine(compiled.machine as unknown as Parameters<typeof s.createMachine>[0]);
}
