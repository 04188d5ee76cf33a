import { createLibrary, type Library } from '../../core/scenario/library.ts';

let cached: Promise<AtelierData> | undefined;

export interface AtelierData {
  /** The shared acts and the competencies, as the command line reads them from `scenarios/`. */
  library: Library;
  /** The YAML source of a bundled scenario (loaded on demand), or undefined for an unknown id. */
  bundledSource(id: string): Promise<{ file: string; text: string } | undefined>;
}

/**
 * What the Atelier needs to check scenarios in the browser: the act library and the competencies
 * (one chunk, loaded on the Atelier's first use only), and the bundled scenarios' sources (one
 * chunk each, loaded when a senior opens or duplicates one).
 *
 * @example
 * const { library, bundledSource } = await atelierData();
 * const source = await bundledSource('degat-des-eaux-nuit');
 */
export function atelierData(): Promise<AtelierData> {
  cached ??= import('virtual:palier-atelier').then(({ acts, competencies, sources }) => ({
    library: createLibrary(acts, competencies),
    bundledSource: async (id: string) => {
      const load = Object.hasOwn(sources, id) ? sources[id] : undefined;
      return load ? load() : undefined;
    },
  }));
  return cached;
}
