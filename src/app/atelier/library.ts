import { createLibrary, type Library } from '../../core/scenario/library.ts';

let cached: Promise<AtelierData> | undefined;

export interface AtelierData {
  /** The shared acts and the competencies, as the command line reads them from `scenarios/`. */
  library: Library;
  /** The YAML source of each bundled scenario, by id. */
  sources: Readonly<Record<string, { file: string; text: string }>>;
}

/**
 * What the Atelier needs to check scenarios in the browser: the act library, the competencies and
 * the bundled scenarios' sources. One chunk, loaded on the Atelier's first use only.
 */
export function atelierData(): Promise<AtelierData> {
  cached ??= import('virtual:palier-atelier').then(({ acts, competencies, sources }) => ({
    library: createLibrary(acts, competencies),
    sources,
  }));
  return cached;
}
