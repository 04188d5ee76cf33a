import { sources as loaders } from 'virtual:palier-atelier';

/** Every bundled scenario's YAML source, by id (the Atelier loads them one at a time). */
export async function bundledSources(): Promise<Record<string, { file: string; text: string }>> {
  return Object.fromEntries(await Promise.all(Object.entries(loaders).map(async ([id, load]) => [id, await load()] as const)));
}
