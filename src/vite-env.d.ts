/// <reference types="svelte" />
/// <reference types="vite/client" />

declare module 'virtual:palier-scenarios' {
  import type { CatalogueEntry } from './app/scenarios.ts';
  import type { CompiledScenario } from './core/dialogue/compiled.ts';
  import type { Competency } from './core/scenario/competency.schema.ts';
  export const catalogue: CatalogueEntry[];
  export const competencies: Competency[];
  export const loaders: Record<string, () => Promise<CompiledScenario>>;
}

declare module 'virtual:palier-acts' {
  const examples: Record<string, string[]>;
  export default examples;
}

declare module 'virtual:palier-atelier' {
  import type { ActDefinition } from './core/scenario/act.schema.ts';
  import type { Competency } from './core/scenario/competency.schema.ts';
  export const acts: ActDefinition[];
  export const competencies: Competency[];
  /** A loader of each bundled scenario's YAML source (its own chunk), by id. */
  export const sources: Record<string, () => Promise<{ file: string; text: string }>>;
}
