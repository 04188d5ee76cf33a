import type { CompiledScenario } from './compiled.ts';
import { createSession, type TranscriptLine } from './session.ts';

/**
 * The senior's reference path as a conversation: their recorded replies played through the
 * scenario (scripted tenant, a fixed seed), so juniors read it beside their own attempt.
 * Undefined when the scenario has no reference.
 *
 * @example
 * const lines = referenceTranscript(compiled); // [{ speaker: 'tenant', … }, { speaker: 'junior', … }, …]
 */
export function referenceTranscript(compiled: CompiledScenario): TranscriptLine[] | undefined {
  if (!compiled.reference) return undefined;
  const session = createSession(compiled, { seed: 1, now: () => 0 });
  for (const t of compiled.reference.turns) {
    if (session.snapshot().done) break;
    session.reply({ acts: t.acts, text: t.text, engine: 'reference' });
  }
  return session.snapshot().transcript;
}
