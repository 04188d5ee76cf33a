import type { ActExtension, ScenarioAct } from './act.schema.ts';
import type { Criterion, RuleCriterion } from './rubric.schema.ts';

/**
 * Runtime helpers over the scenario types that do not need zod: the runtime (dialogue, scoring,
 * progress) imports these, so the practice screens never load the schema validator.
 */

/** Normalises « one id or a list of ids » to an array. */
export function ids(value: string | readonly string[]): string[] {
  return typeof value === 'string' ? [value] : [...value];
}

export function isRuleCriterion(c: Criterion): c is RuleCriterion {
  return 'rule' in c;
}

export function isActExtension(act: ScenarioAct): act is ActExtension {
  return 'extends' in act;
}
