import type { ActDefinition } from './act.schema.ts';
import type { Competency } from './competency.schema.ts';

/** What scenarios share: the act library and the competency list. */
export interface Library {
  acts: ReadonlyMap<string, ActDefinition>;
  competencies: ReadonlyMap<string, Competency>;
}

export function createLibrary(acts: readonly ActDefinition[], competencies: readonly Competency[]): Library {
  return {
    acts: new Map(acts.map((a) => [a.id, a])),
    competencies: new Map(competencies.map((c) => [c.id, c])),
  };
}

export const EMPTY_LIBRARY: Library = createLibrary([], []);
