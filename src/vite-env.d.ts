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
  /** The YAML source of each bundled scenario, by id. */
  export const sources: Record<string, { file: string; text: string }>;
}
