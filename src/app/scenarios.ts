import { catalogue, competencies, loaders } from 'virtual:palier-scenarios';
import type { CompiledScenario } from '../core/dialogue/compiled.ts';
import type { EmbeddedUnderstanding } from '../core/understanding/embedded.ts';
import type { PalierDatabase, ScenarioRecord } from '../db/db.ts';

/** What the catalogue knows of a scenario without loading it. */
export type CatalogueEntry = { id: string; version: number; hash: string } & CompiledScenario['meta'];

export { catalogue, competencies };

/** Which scenario to load: from this device's database too, and pinned to a version or a hash. */
export interface LoadOptions {
  /** Also look among the scenarios written or imported on this device (the Atelier's). */
  db?: PalierDatabase | undefined;
  version?: number | undefined;
  hash?: string | undefined;
}

/** The catalogue entry of a compiled scenario. */
export function catalogueEntry(compiled: CompiledScenario): CatalogueEntry {
  return { id: compiled.id, version: compiled.version, hash: compiled.hash, ...compiled.meta };
}

/** The bundled catalogue entry of an id, if the app ships it. */
export function bundledEntry(id: string): CatalogueEntry | undefined {
  return catalogue.find((e) => e.id === id);
}

/** The latest published local row of each id (rows without a compiled artifact are skipped). */
async function latestPublished(db: PalierDatabase): Promise<Map<string, ScenarioRecord>> {
  const rows = await db.scenarios.where('status').equals('published').toArray();
  const latest = new Map<string, ScenarioRecord>();
  for (const r of rows) {
    if (!r.compiled) continue;
    const seen = latest.get(r.id);
    if (!seen || r.version > seen.version) latest.set(r.id, r);
  }
  return latest;
}

/**
 * What a junior can play on this device: the bundled catalogue, plus the latest published version
 * of each local scenario (written in the Atelier or imported from a pack). A local scenario with a
 * bundled id replaces the bundled one when its version is higher. Bundled order first, then the
 * local ones by title. Reads Dexie only, so it can run in a live query.
 *
 * @example
 * const scenarios = live(() => playableCatalogue(database()), catalogue);
 */
export async function playableCatalogue(db: PalierDatabase): Promise<CatalogueEntry[]> {
  const local = await latestPublished(db);
  const list = catalogue.map((entry) => {
    const mine = local.get(entry.id);
    return mine?.compiled && mine.version > entry.version ? catalogueEntry(mine.compiled) : entry;
  });
  const bundledIds = new Set(catalogue.map((e) => e.id));
  const added = [...local.values()]
    .filter((r) => !bundledIds.has(r.id))
    .flatMap((r) => (r.compiled ? [catalogueEntry(r.compiled)] : []))
    .sort((a, b) => a.title.localeCompare(b.title, 'fr'));
  return [...list, ...added];
}

/**
 * Loads a scenario's compiled artifact, bundled (its own chunk) or local (with `db`).
 *
 * - With `hash` and/or `version` (an attempt's debrief or resumption): the version it was played
 *   against, when still available; otherwise the current one — callers compare `hash` to tell
 *   that the scenario changed.
 * - Without: the one practice plays now (see {@link playableCatalogue}).
 *
 * @example
 * const compiled = await loadScenario(attempt.scenarioId, { db, version: attempt.scenarioVersion, hash: attempt.scenarioHash });
 */
export async function loadScenario(id: string, opts: LoadOptions = {}): Promise<CompiledScenario | undefined> {
  const { db, version, hash } = opts;
  const bundled = bundledEntry(id);
  const matches = (v: number, h: string): boolean => (version === undefined || v === version) && (hash === undefined || h === hash);
  if (version !== undefined || hash !== undefined) {
    if (db) {
      const exact = version !== undefined ? await db.scenarios.get([id, version]) : undefined;
      if (exact?.status === 'published' && exact.compiled && matches(exact.version, exact.compiled.hash)) return exact.compiled;
      if (hash !== undefined) {
        const rows = await db.scenarios.where('id').equals(id).toArray();
        const same = rows.find((r) => r.status === 'published' && r.compiled?.hash === hash);
        if (same?.compiled) return same.compiled;
      }
    }
    if (bundled && matches(bundled.version, bundled.hash)) return loadBundled(id);
  }
  if (db) {
    const rows = await db.scenarios.where('id').equals(id).toArray();
    const latest = rows
      .filter((r) => r.status === 'published' && r.compiled)
      .sort((a, b) => b.version - a.version)[0];
    if (latest?.compiled && (!bundled || latest.version > bundled.version)) return latest.compiled;
  }
  return bundled ? loadBundled(id) : undefined;
}

/** A bundled scenario's compiled artifact (its own chunk). */
async function loadBundled(id: string): Promise<CompiledScenario | undefined> {
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
  // The engine (MiniSearch, the stemmer) loads with free text only, not with the catalogue.
  const [{ EmbeddedUnderstanding }, { scenarioExamples }] = await Promise.all([
    import('../core/understanding/embedded.ts'),
    import('../core/understanding/scenario-examples.ts'),
  ]);
  const engine = new EmbeddedUnderstanding(scenarioExamples(compiled, shared));
  if (engines.size > 8) engines = new Map();
  engines.set(compiled.hash, engine);
  return engine;
}
