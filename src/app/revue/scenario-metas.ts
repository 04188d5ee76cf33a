import type { PalierDatabase } from '../../db/db.ts';
import { scenarioMetas, type ScenarioMeta } from './replay.ts';

/**
 * `scenarioMetas` for screens that read them on every visit (the dashboards, the inbox), kept
 * while the scenario versions this device knows stay the same. `scenarioMetas` reads each
 * scenario's bundled versions whole, YAML sources included (hundreds of KB, tens of ms in a
 * browser), to find the newest; here only the keys of the published local versions and of the
 * bundles' versions are read (a version is a row of its own, never rewritten once published or
 * imported), and the titles are read again when they change. Reads Dexie only: it can run in a
 * live query, which then runs again when a version is published or imported.
 *
 * @example
 * const metas = await knownScenarioMetas(db, ['degat-des-eaux-nuit']);
 */
export async function knownScenarioMetas(db: PalierDatabase, ids: Iterable<string>): Promise<Map<string, ScenarioMeta>> {
  const wanted = [...new Set(ids)].sort();
  const [published, bundled] = await Promise.all([db.scenarios.where('status').equals('published').primaryKeys(), db.bundleScenarios.toCollection().primaryKeys()]);
  const key = JSON.stringify([wanted, published, bundled]);
  const last = kept.get(db);
  if (last?.key === key) return new Map(last.metas);
  const metas = await scenarioMetas(db, wanted);
  kept.set(db, { key, metas });
  return new Map(metas);
}

const kept = new WeakMap<PalierDatabase, { key: string; metas: ReadonlyMap<string, ScenarioMeta> }>();
