import type { TestStep } from '../scenario/scenario.schema.ts';
import { scoreTrace, type ScoreCard } from '../scoring/score.ts';
import type { EmbeddedUnderstanding } from '../understanding/embedded.ts';
import type { CompiledScenario } from './compiled.ts';
import { createSession } from './session.ts';
import type { Trace } from './trace.ts';

export interface PlaythroughResult {
  trace: Trace;
  card: ScoreCard;
  /** Steps given after the conversation had ended (0-based indices). */
  afterEnd: number[];
  /** Free-text steps the understanding could not place (0-based indices). */
  notUnderstood: number[];
  /** Free-text steps understood otherwise than their `expect` says. */
  misread: Array<{ step: number; expected: string[]; got: string[] }>;
}

/**
 * Plays a scripted sequence of steps (act ids, act lists, free text, hints) and scores it.
 * Used for the scenario's own test replies, by the lint, the Atelier and the tests.
 *
 * @example
 * const { card } = runPlaythrough(compiled, compiled.tests.senior, engine);
 */
export function runPlaythrough(
  compiled: CompiledScenario,
  steps: readonly TestStep[],
  understanding: EmbeddedUnderstanding | undefined,
  seed = 1,
): PlaythroughResult {
  let clock = 0;
  const session = createSession(compiled, { seed, now: () => (clock += 1000) });
  const afterEnd: number[] = [];
  const notUnderstood: number[] = [];
  const misread: PlaythroughResult['misread'] = [];
  steps.forEach((step, i) => {
    if (session.snapshot().done) {
      afterEnd.push(i);
      return;
    }
    if (typeof step === 'string') session.reply({ acts: [step], engine: 'script' });
    else if (Array.isArray(step)) session.reply({ acts: step, engine: 'script' });
    else if ('hint' in step) session.hint();
    else {
      const r = understanding?.understand(step.text);
      if (!r || r.abstained) {
        notUnderstood.push(i);
        session.unclear(step.text, 'embedded');
      } else {
        const expected = step.expect === undefined ? [] : typeof step.expect === 'string' ? [step.expect] : step.expect;
        if (expected.some((a) => !r.acts.includes(a))) misread.push({ step: i, expected, got: r.acts });
        session.reply({ acts: r.acts, text: step.text, engine: r.engine });
      }
    }
  });
  return { trace: session.trace, card: scoreTrace(compiled, session.trace), afterEnd, notUnderstood, misread };
}
