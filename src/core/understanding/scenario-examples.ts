import type { CompiledScenario } from '../dialogue/compiled.ts';
import type { ActDefinition } from '../scenario/act.schema.ts';
import type { ActExamples } from './understanding.ts';

/**
 * Training data for one scenario: every shared act's examples, plus the scenario's own acts and
 * extra phrasings. Training on all shared acts (not only those the scenario reacts to) lets the
 * engine recognise a misplaced move as what it is, rather than force it into a handled act.
 */
export function scenarioExamples(compiled: CompiledScenario, shared: Iterable<Pick<ActDefinition, 'id' | 'examples'>>): ActExamples {
  const out: Record<string, string[]> = {};
  for (const a of shared) out[a.id] = [...a.examples];
  for (const [act, extra] of Object.entries(compiled.extraExamples)) (out[act] ??= []).push(...extra);
  for (const [id, list] of Object.entries(out)) if (list.length === 0) delete out[id];
  return out;
}

/** Acts a junior's free text can trigger something with in this scenario. */
export function freeTextActs(compiled: CompiledScenario): Set<string> {
  const acts = new Set<string>();
  for (const st of Object.values(compiled.states)) {
    for (const a of Object.keys(st.on)) acts.add(a);
    for (const a of Object.keys(st.releases)) acts.add(a);
    for (const c of st.choices) for (const a of c.acts) acts.add(a);
  }
  return acts;
}
