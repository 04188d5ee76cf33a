import { catalogue, competencies, loaders } from 'virtual:palier-scenarios';
import type { CompiledScenario } from '../core/dialogue/compiled.ts';
import { EmbeddedUnderstanding } from '../core/understanding/embedded.ts';
import { scenarioExamples } from '../core/understanding/scenario-examples.ts';

/** What the catalogue knows of a bundled scenario without loading it. */
export type CatalogueEntry = { id: string; version: number; hash: string } & CompiledScenario['meta'];

export { catalogue, competencies };

/** Loads a bundled scenario's compiled artifact (its own chunk). */
export async function loadScenario(id: string): Promise<CompiledScenario | undefined> {
  const load = loaders[id];
  return load ? load() : undefined;
}

let engines = new Map<string, EmbeddedUnderstanding>();

/** The embedded understanding for one scenario (shared act examples load on first use). */
export async function understandingFor(compiled: CompiledScenario): Promise<EmbeddedUnderstanding> {
  const cached = engines.get(compiled.hash);
  if (cached) return cached;
  const { default: examples } = await import('virtual:palier-acts');
  const shared = Object.entries(examples).map(([id, list]) => ({ id, examples: list }));
  const engine = new EmbeddedUnderstanding(scenarioExamples(compiled, shared));
  if (engines.size > 8) engines = new Map();
  engines.set(compiled.hash, engine);
  return engine;
}
