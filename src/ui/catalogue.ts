import type { CompiledScenario } from '../core/dialogue/compiled.ts';

/** What the catalogue shows of a bundled scenario (compiled at build time). */
export type CatalogueEntry = { id: string; version: number } & CompiledScenario['meta'];
