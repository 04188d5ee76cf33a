import type { PalierDatabase } from '../../db/db.ts';
import { scenarioMetas, type ScenarioMeta } from './replay.ts';

/**
 * `scenarioMetas` for screens that read them on every visit (the dashboards, the inbox), kept
 * while the scenario versions this device knows stay the same. `scenarioMetas` reads each
 * scenario's bundled versions whole, YAML sources included (hundreds of KB, tens of ms in a
 * browser), to find the newest; here only the keys of the published local versions and of the
 * bundles' versions are read (a version is a row of its own, never rewritten once published or
 * imported), and the titles are read again when they change; an id asked for the first time is
 * read then. Reads Dexie only: it can run in a live query, which then runs again when a version is
 * published or imported.
 *
 * @example
 * const metas = await knownScenarioMetas(db, ['degat-des-eaux-nuit']);
 */
export async function knownScenarioMetas(db: PalierDatabase, ids: Iterable<string>): Promise<Map<string, ScenarioMeta>> {
  const wanted = [...new Set(ids)];
  const [published, bundled] = await Promise.all([db.scenarios.where('status').equals('published').primaryKeys(), db.bundleScenarios.toCollection().primaryKeys()]);
  const versions = JSON.stringify([published, bundled]);
  let known = kept.get(db);
  if (known?.versions !== versions) kept.set(db, (known = { versions, metas: new Map() }));
  const missing = wanted.filter((id) => !known.metas.has(id));
  if (missing.length > 0) {
    const found = await scenarioMetas(db, missing);
    for (const id of missing) known.metas.set(id, found.get(id));
  }
  const out = new Map<string, ScenarioMeta>();
  for (const id of wanted) {
    const meta = known.metas.get(id);
    if (meta) out.set(id, meta);
  }
  return out;
}

/** Per database: the versions known when the titles were read, and each id's meta (undefined: none found). */
const kept = new WeakMap<PalierDatabase, { versions: string; metas: Map<string, ScenarioMeta | undefined> }>();
