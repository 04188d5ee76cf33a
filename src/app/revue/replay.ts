import { transcriptOf } from '../../core/dialogue/session.ts';
import type { CompiledScenario } from '../../core/dialogue/compiled.ts';
import type { Trace } from '../../core/dialogue/trace.ts';
import type { PalierDatabase, ReviewRecord } from '../../db/db.ts';

/**
 * What the trainer needs to read an imported attempt as it was played: its trace, its transcript
 * (readable even when the scenario version is unknown here) and the compiled scenario version it
 * was played against, found by hash.
 */

/**
 * The trace of an imported attempt, rebuilt from the attempt's opening, its entries (in index
 * order) and its outcome.
 *
 * @example
 * const trace = traceOf(review);
 * trace.entries.length === review.attempt.entryCount; // true for a complete bundle
 */
export function traceOf(review: Pick<ReviewRecord, 'attempt' | 'entries'>): Trace {
  const { attempt } = review;
  const entries = [...review.entries].sort((a, b) => a.index - b.index).map((e) => e.entry);
  let finalState: string | undefined;
  if (attempt.outcome !== undefined) {
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i];
      if (e?.kind === 'turn') {
        finalState = e.stateAfter;
        break;
      }
    }
  }
  return {
    scenarioId: attempt.scenarioId,
    scenarioVersion: attempt.scenarioVersion,
    scenarioHash: attempt.scenarioHash,
    seed: attempt.seed,
    opening: attempt.opening,
    entries,
    ...(attempt.outcome !== undefined ? { outcome: attempt.outcome } : {}),
    ...(finalState !== undefined ? { finalState } : {}),
  };
}

/** The turns a trainer can annotate: 0 (the opening) and every turn of the transcript. */
export function annotatableTurns(trace: Trace): Set<number> {
  return new Set([0, ...transcriptOf(trace).map((l) => l.turn)]);
}

/** Compiled scenario versions by hash (a hash names one content, whatever the database; compiling YAML takes tens of ms). */
const compiledByHash = new Map<string, Promise<CompiledScenario | undefined>>();

/**
 * The compiled scenario version an attempt was played against, by its hash: the bundled or local
 * version with that hash (no compiling), else the YAML source a bundle carried
 * (`bundleScenarios`), compiled with the act library. `undefined` when this device knows no
 * version with that hash (the transcript stays readable with {@link transcriptOf}). Found versions
 * are cached by hash; misses are not, so a later import is seen.
 *
 * @example
 * const compiled = await compiledFor(db, review.scenarioId, review.scenarioHash);
 */
export async function compiledFor(db: PalierDatabase, scenarioId: string, hash: string): Promise<CompiledScenario | undefined> {
  const cached = compiledByHash.get(hash);
  if (cached) {
    const c = await cached;
    if (c) return c;
  }
  const job = findCompiled(db, scenarioId, hash);
  compiledByHash.set(hash, job);
  const found = await job;
  if (!found) compiledByHash.delete(hash);
  return found;
}

/**
 * The app's scenario catalogue, loaded on first use rather than imported: it is a virtual module
 * of the build, and the pure functions of the Revue stay importable without it (the bench).
 */
// Wrapped in Promise.resolve: these run inside live queries, where Dexie asks that other async APIs
// be awaited through it (https://dexie.org/docs/dexie-react-hooks/useLiveQuery()).
const catalogueModule = () => Promise.resolve(import('../scenarios.ts'));

async function findCompiled(db: PalierDatabase, scenarioId: string, hash: string): Promise<CompiledScenario | undefined> {
  const { loadScenario } = await catalogueModule();
  const known = await loadScenario(scenarioId, { db, hash });
  if (known?.hash === hash) return known;
  const row = await db.bundleScenarios.get([scenarioId, hash]);
  if (!row) return undefined;
  const [{ checkScenario }, { atelierData }] = await Promise.resolve(Promise.all([import('../../core/check.ts'), import('../atelier/library.ts')]));
  const { library } = await Promise.resolve(atelierData());
  const { compiled } = checkScenario(row.source, `${scenarioId}.yaml`, library, { lint: false });
  // Another hash means the source does not compile here to what the junior played (another
  // schema version): better no scenario than a wrong one.
  return compiled?.hash === hash ? compiled : undefined;
}

/** What the Revue shows of a scenario without playing it. */
export interface ScenarioMeta {
  id: string;
  version: number;
  title: string;
  competencies: string[];
  author: { name: string; role: string };
}

/**
 * Title, competencies and author of every scenario id the trainer's reviews mention, for the
 * inbox, the dashboards and the exports, from the newest version this device knows: the bundled
 * catalogue (no compiling), a local published version, or a bundle's source (compiled once,
 * cached by hash) when it is newer than both.
 */
export async function scenarioMetas(db: PalierDatabase, ids: Iterable<string>): Promise<Map<string, ScenarioMeta>> {
  const out = new Map<string, ScenarioMeta>();
  const { bundledEntry } = await catalogueModule();
  await Promise.all(
    [...new Set(ids)].map(async (id) => {
      let best: ScenarioMeta | undefined;
      const consider = (version: number, meta: CompiledScenario['meta']): void => {
        if (best && best.version >= version) return;
        best = { id, version, title: meta.title, competencies: [...meta.competencies], author: { name: meta.author.name, role: meta.author.role } };
      };
      const bundled = bundledEntry(id);
      if (bundled) consider(bundled.version, bundled);
      for (const row of await db.scenarios.where('id').equals(id).toArray()) {
        if (row.status === 'published' && row.compiled) consider(row.version, row.compiled.meta);
      }
      const rows = (await db.bundleScenarios.where('id').equals(id).toArray()).sort((a, b) => b.version - a.version);
      for (const row of rows) {
        if (best && best.version >= row.version) break;
        const c = await compiledFor(db, id, row.hash);
        if (c) {
          consider(c.version, c.meta);
          break;
        }
      }
      if (best) out.set(id, best);
    }),
  );
  return out;
}
