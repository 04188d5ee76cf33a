import { checkScenario } from '../../core/check.ts';
import { hasErrors } from '../../core/diagnostics/diagnostic.ts';
import type { CompiledScenario } from '../../core/dialogue/compiled.ts';
import { DB_VERSION, type AttemptRecord, type EntryRecord, type PalierDatabase, type ReviewRecord } from '../../db/db.ts';
import { atelierData } from '../atelier/library.ts';
import { scenarioFile } from '../atelier/store.ts';
import { sha256Checksum } from '../checksum.ts';
import { bundledEntry, loadScenario } from '../scenarios.ts';
import { Bundle, BUNDLE_FORMAT, BUNDLE_MAX_ATTEMPTS, BUNDLE_VERSION, type BundleScenario } from './bundle.schema.ts';
import { checksumProblem, FILE_PROBLEM_CODES, firstProblems, openFile, place, revueFileName, schemaProblems, type FileProblem } from './file-check.ts';
import { pendingCount, recordCard } from './record.ts';
import { refreshRecords } from './review.ts';
import { withTexts } from '../card-texts.ts';

/**
 * Attempt bundles (junior → trainer): a junior exports finished attempts as one JSON file (format
 * in `bundle.schema.ts`, SHA-256 checksum) with their traces and the YAML source of each scenario
 * version they were played on; the trainer's device reads it into a report — every problem located,
 * every source compiled and its hash compared with what the attempts claim, duplicates found — and
 * writes nothing until the whole bundle is valid.
 */

export { BUNDLE_FORMAT, BUNDLE_MAX_ATTEMPTS, BUNDLE_VERSION } from './bundle.schema.ts';

/**
 * Why a bundle cannot be imported: the file-level codes of `file-check.ts`, then the bundle's own.
 * The screens word them through the i18n catalogue with `params`.
 */
export const BUNDLE_PROBLEM_CODES = [
  ...FILE_PROBLEM_CODES,
  /** No attempt in the file. */
  'empty-bundle',
  /** Two attempts with one id. */
  'duplicate-attempt',
  /** An attempt of another profile than the bundle's junior. */
  'foreign-attempt',
  /** An attempt that is not finished, or has no ScoreCard. */
  'unfinished-attempt',
  'missing-card',
  /** The card does not say the scenario (id or hash) its attempt says. */
  'card-mismatch',
  /** Entries: of an attempt not in the file, twice the same index, not as many as the attempt says. */
  'unknown-attempt',
  'duplicate-entry',
  'entry-count-mismatch',
  /** Scenario sources: twice the same version, not compiling, not the id / version / hash claimed. */
  'duplicate-scenario',
  'invalid-scenario',
  'scenario-id-mismatch',
  'scenario-version-mismatch',
  'scenario-hash-mismatch',
  /** A source no attempt of the file was played on. */
  'unused-scenario',
] as const;
export type BundleProblemCode = (typeof BUNDLE_PROBLEM_CODES)[number];
export type BundleProblem = FileProblem<BundleProblemCode>;

export interface BundleItem {
  attemptId: string;
  scenarioId: string;
  scenarioTitle: string;
  startedAt: number;
  /** The played card's percent (provisional while judged criteria wait for a trainer). */
  percent: number;
  /** Already imported on this device (recognised by attempt id): skipped, not an error. */
  duplicate: boolean;
  /** The version played is available (in the bundle or on this device): the trainer can replay it. */
  replayable?: boolean;
}

export interface BundleReport {
  /** The bundle can be imported: no problem at all. */
  ok: boolean;
  problems: BundleProblem[];
  /** Problems left out of `problems` (a damaged file can hold thousands). */
  more?: number;
  junior?: { id: string; name: string };
  createdAt?: string;
  items: BundleItem[];
}

export type BundleErrorCode = 'profile-not-found' | 'no-attempts' | 'attempt-not-found' | 'attempt-not-finished' | 'bundle-not-valid';

/** A misuse the screens prevent (exporting an attempt in progress, importing a refused bundle…). */
export class BundleError extends Error {
  readonly code: BundleErrorCode;
  readonly id: string | undefined;
  constructor(code: BundleErrorCode, id?: string) {
    super(id ? `${code}: ${id}` : code);
    this.name = 'BundleError';
    this.code = code;
    this.id = id;
  }
}

const KIND = { format: BUNDLE_FORMAT, versionKey: 'bundleVersion', version: BUNDLE_VERSION, items: { key: 'attempts', max: BUNDLE_MAX_ATTEMPTS } };

/** One scenario version: its id and compiled hash. */
const versionKey = (id: string, hash: string): string => `${id}\u0000${hash}`;

// What applyBundle needs from readBundle beyond the report: the parsed bundle and the compiled
// versions its attempts were played on. A report that readBundle did not make cannot be applied.
const checked = new WeakMap<BundleReport, { bundle: Bundle; compiled: Map<string, CompiledScenario> }>();

// ---------------------------------------------------------------------------------------------
// Export

/**
 * A bundle of finished attempts of one profile, ready to download: the attempts (with their cards),
 * their trace entries, and the YAML source of exactly the version each was played on — a local
 * version of that hash, else the bundled one if the app still ships that hash. A version no longer
 * available is named in `missingSources` (scenario ids) and the bundle is made all the same: the
 * trainer can read the transcript, not replay it. Throws `BundleError` with `no-attempts`,
 * `profile-not-found`, `attempt-not-found` (not this profile's) or `attempt-not-finished` (no card).
 *
 * @example
 * const { filename, text, missingSources } = await exportBundle(db, profile.id, selectedIds);
 */
export async function exportBundle(
  db: PalierDatabase,
  profileId: string,
  attemptIds: string[],
  now: Date = new Date(),
): Promise<{ filename: string; text: string; missingSources: string[] }> {
  const ids = [...new Set(attemptIds)];
  if (ids.length === 0) throw new BundleError('no-attempts');
  const { profile, attempts, entries } = await db.transaction('r', [db.profiles, db.attempts, db.entries, db.rubricTexts], async () => {
    const profile = await db.profiles.get(profileId);
    if (!profile) throw new BundleError('profile-not-found', profileId);
    const attempts: AttemptRecord[] = [];
    for (const id of ids) {
      const attempt = await db.attempts.get(id);
      if (!attempt || attempt.profileId !== profileId) throw new BundleError('attempt-not-found', id);
      if (attempt.status !== 'finished' || !attempt.card) throw new BundleError('attempt-not-finished', id);
      attempts.push(attempt);
    }
    attempts.sort((a, b) => a.startedAt - b.startedAt || compare(a.id, b.id));
    // Cards go out whole, with their rubric's texts (the device keeps those apart: card-texts.ts).
    attempts.splice(0, attempts.length, ...(await withTexts(db, attempts)));
    const entries: EntryRecord[] = [];
    for (const [i, attempt] of attempts.entries()) {
      const rows = await db.entries.where('attemptId').equals(attempt.id).sortBy('index');
      entries.push(...rows);
      attempts[i] = { ...attempt, entryCount: rows.length };
    }
    return { profile, attempts, entries };
  });

  const scenarios: BundleScenario[] = [];
  const missing = new Set<string>();
  const seen = new Set<string>();
  for (const a of attempts) {
    if (seen.has(versionKey(a.scenarioId, a.scenarioHash))) continue;
    seen.add(versionKey(a.scenarioId, a.scenarioHash));
    const found = await sourceOf(db, a.scenarioId, a.scenarioHash);
    if (found) scenarios.push(found);
    else missing.add(a.scenarioId);
  }
  scenarios.sort((a, b) => compare(a.id, b.id) || a.version - b.version);
  const body = {
    format: BUNDLE_FORMAT,
    bundleVersion: BUNDLE_VERSION,
    createdAt: now.toISOString(),
    dbVersion: DB_VERSION,
    junior: { id: profile.id, name: profile.name },
    attempts,
    entries,
    scenarios,
  };
  const bundle = { ...body, checksum: await sha256Checksum(body) };
  return { filename: revueFileName('revue', profile.name, now), text: `${JSON.stringify(bundle, null, 2)}\n`, missingSources: [...missing].sort(compare) };
}

/**
 * The source of the version of `id` whose compiled hash is `hash`: a local row (published first),
 * else the bundled scenario. Each candidate is compiled here, so a bundle never carries a source the
 * trainer's device would refuse (a draft row's hash may be stale).
 */
async function sourceOf(db: PalierDatabase, id: string, hash: string): Promise<BundleScenario | undefined> {
  const { library, bundledSource } = await atelierData();
  const rows = (await db.scenarios.where('id').equals(id).toArray())
    .filter((r) => r.hash === hash || r.compiled?.hash === hash)
    .sort((a, b) => (a.status === b.status ? b.version - a.version : a.status === 'published' ? -1 : 1));
  const candidates = rows.map((r) => r.source);
  if (bundledEntry(id)?.hash === hash) {
    const text = (await bundledSource(id))?.text;
    if (text !== undefined) candidates.push(text);
  }
  for (const source of candidates) {
    const compiled = checkScenario(source, scenarioFile(id), library, { lint: false }).compiled;
    if (compiled?.id === id && compiled.hash === hash) return { id, version: compiled.version, hash, source };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Import: read

/**
 * Reads a bundle's text into a report: size, JSON, format and version, attempt count, checksum,
 * structure (located paths such as `attempts[3].card.percent`), the references between attempts,
 * cards and entries, then each scenario source compiled and its hash compared with what its
 * attempts claim (a source swapped for another version is refused). Attempts already imported here
 * are marked `duplicate`. Writes nothing.
 *
 * @example
 * const report = await readBundle(db, await file.text());
 * if (report.ok) await applyBundle(db, report);
 */
export async function readBundle(db: PalierDatabase, text: string): Promise<BundleReport> {
  const opened = openFile(text, KIND);
  if ('problems' in opened) return refused(opened.problems);
  const raw = opened.raw;
  const problems: BundleProblem[] = [];
  const sum = await checksumProblem(raw);
  if (sum) problems.push(sum);
  const parsed = Bundle.safeParse(raw);
  if (!parsed.success) return refused([...problems, ...schemaProblems(parsed.error.issues, raw)]);
  const bundle = parsed.data;
  problems.push(...referenceProblems(bundle, raw));

  const compiled = await compileSources(bundle, raw, problems);
  // A version the bundle does not carry may be on this device (shipped with the app, or local).
  const looked = new Set(bundle.scenarios.map((s) => versionKey(s.id, s.hash)));
  for (const a of bundle.attempts) {
    const key = versionKey(a.scenarioId, a.scenarioHash);
    if (looked.has(key)) continue;
    looked.add(key);
    const here = await loadScenario(a.scenarioId, { db, hash: a.scenarioHash });
    if (here?.hash === a.scenarioHash) compiled.set(key, here);
  }
  bundle.attempts.forEach((a, i) => {
    const scenario = compiled.get(versionKey(a.scenarioId, a.scenarioHash));
    if (scenario && scenario.version !== a.scenarioVersion) {
      problems.push({ code: 'scenario-version-mismatch', at: place(['attempts', i, 'scenarioVersion'], raw), params: { id: a.scenarioId, version: a.scenarioVersion, found: scenario.version } });
    }
  });

  const known = await db.reviews.bulkGet(bundle.attempts.map((a) => a.id));
  const items: BundleItem[] = [];
  for (const [i, a] of bundle.attempts.entries()) {
    const scenario = compiled.get(versionKey(a.scenarioId, a.scenarioHash));
    items.push({
      attemptId: a.id,
      scenarioId: a.scenarioId,
      scenarioTitle: scenario?.meta.title ?? (await titleOf(db, a.scenarioId)),
      startedAt: a.startedAt,
      percent: a.card?.percent ?? 0,
      duplicate: known[i] !== undefined,
      replayable: scenario !== undefined,
    });
  }
  const { problems: shown, more } = firstProblems(problems);
  const report: BundleReport = { ok: problems.length === 0, problems: shown, more, junior: bundle.junior, createdAt: bundle.createdAt, items };
  checked.set(report, { bundle, compiled });
  return report;
}

function refused(problems: BundleProblem[]): BundleReport {
  const first = firstProblems(problems);
  return { ok: false, problems: first.problems, more: first.more, items: [] };
}

/** A scenario's title on this device when the bundle does not carry its source. */
async function titleOf(db: PalierDatabase, id: string): Promise<string> {
  const local = (await db.scenarios.where('id').equals(id).toArray()).sort((a, b) => b.version - a.version)[0];
  return local?.title ?? bundledEntry(id)?.title ?? id;
}

function referenceProblems(bundle: Bundle, raw: unknown): BundleProblem[] {
  const problems: BundleProblem[] = [];
  const at = (...path: PropertyKey[]) => place(path, raw);
  if (bundle.attempts.length === 0) problems.push({ code: 'empty-bundle', at: at('attempts'), params: {} });
  const attemptAt = new Map<string, number>();
  bundle.attempts.forEach((a, i) => {
    if (attemptAt.has(a.id)) problems.push({ code: 'duplicate-attempt', at: at('attempts', i, 'id'), params: { id: a.id } });
    else attemptAt.set(a.id, i);
    if (a.profileId !== bundle.junior.id) problems.push({ code: 'foreign-attempt', at: at('attempts', i, 'profileId'), params: { id: a.profileId } });
    if (a.status !== 'finished') problems.push({ code: 'unfinished-attempt', at: at('attempts', i, 'status'), params: { status: a.status } });
    if (!a.card) problems.push({ code: 'missing-card', at: at('attempts', i, 'card'), params: {} });
    else if (a.card.scenarioId !== a.scenarioId) problems.push({ code: 'card-mismatch', at: at('attempts', i, 'card', 'scenarioId'), params: { field: 'scenarioId' } });
    else if (a.card.scenarioHash !== a.scenarioHash) problems.push({ code: 'card-mismatch', at: at('attempts', i, 'card', 'scenarioHash'), params: { field: 'scenarioHash' } });
  });
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  bundle.entries.forEach((e, i) => {
    if (!attemptAt.has(e.attemptId)) {
      problems.push({ code: 'unknown-attempt', at: at('entries', i, 'attemptId'), params: { id: e.attemptId } });
      return;
    }
    const key = `${e.attemptId}\u0000${e.index}`;
    if (seen.has(key)) problems.push({ code: 'duplicate-entry', at: at('entries', i, 'index'), params: { index: e.index } });
    seen.add(key);
    counts.set(e.attemptId, (counts.get(e.attemptId) ?? 0) + 1);
  });
  bundle.attempts.forEach((a, i) => {
    const found = counts.get(a.id) ?? 0;
    if (attemptAt.get(a.id) === i && found !== a.entryCount) {
      problems.push({ code: 'entry-count-mismatch', at: at('attempts', i, 'entryCount'), params: { expected: a.entryCount, found } });
    }
  });
  return problems;
}

/**
 * Compiles every source of the bundle (no lint: it is what was played, not a publication) and keeps
 * those that are exactly the version they say, by id and hash. A source whose compiled hash is not
 * the one declared was changed after export, or swapped for another version: refused.
 */
async function compileSources(bundle: Bundle, raw: unknown, problems: BundleProblem[]): Promise<Map<string, CompiledScenario>> {
  const compiled = new Map<string, CompiledScenario>();
  if (bundle.scenarios.length === 0) return compiled;
  const { library } = await atelierData();
  const claimed = new Set(bundle.attempts.map((a) => versionKey(a.scenarioId, a.scenarioHash)));
  const seen = new Set<string>();
  bundle.scenarios.forEach((s, i) => {
    const at = (...path: PropertyKey[]) => place(['scenarios', i, ...path], raw);
    const key = versionKey(s.id, s.hash);
    if (seen.has(key)) {
      problems.push({ code: 'duplicate-scenario', at: at('hash'), params: { id: s.id, version: s.version } });
      return;
    }
    seen.add(key);
    if (!claimed.has(key)) problems.push({ code: 'unused-scenario', at: at('hash'), params: { id: s.id, version: s.version } });
    const check = checkScenario(s.source, scenarioFile(s.id), library, { lint: false });
    const errors = check.diagnostics.filter((d) => d.severity === 'error');
    if (!check.compiled || hasErrors(check.diagnostics)) {
      const first = errors[0];
      problems.push({
        code: 'invalid-scenario',
        at: at('source'),
        params: { id: s.id, version: s.version, errors: errors.length, line: first?.line ?? 0, column: first?.column ?? 0, message: first?.message ?? '', messageEn: first?.messageEn ?? '' },
      });
    } else if (check.compiled.id !== s.id) {
      problems.push({ code: 'scenario-id-mismatch', at: at('id'), params: { id: s.id, found: check.compiled.id } });
    } else if (check.compiled.version !== s.version) {
      problems.push({ code: 'scenario-version-mismatch', at: at('version'), params: { id: s.id, version: s.version, found: check.compiled.version } });
    } else if (check.compiled.hash !== s.hash) {
      problems.push({ code: 'scenario-hash-mismatch', at: at('source'), params: { id: s.id, version: s.version } });
    } else {
      compiled.set(key, check.compiled);
    }
  });
  return compiled;
}

// ---------------------------------------------------------------------------------------------
// Import: write

/**
 * Writes a valid bundle in one transaction: a `reviews` row per attempt not already imported
 * (duplicates are checked again inside the transaction, so two imports at once add each attempt
 * once), with its score of record — the played card with no decision yet, totals recomputed with
 * the scenario's critical cap (the card as it is when the version is not available) — and a
 * `bundleScenarios` row per source not already stored. Throws `BundleError('bundle-not-valid')`
 * for a report that is not ok or not made by {@link readBundle}, before writing anything.
 *
 * @example
 * const { added, duplicates } = await applyBundle(db, report);
 */
export async function applyBundle(db: PalierDatabase, report: BundleReport, now = Date.now()): Promise<{ added: number; duplicates: number }> {
  const context = checked.get(report);
  if (!context || !report.ok) throw new BundleError('bundle-not-valid');
  const { bundle, compiled } = context;
  const entriesOf = new Map<string, EntryRecord[]>();
  for (const e of bundle.entries) entriesOf.set(e.attemptId, [...(entriesOf.get(e.attemptId) ?? []), e]);
  const result = await db.transaction('rw', [db.reviews, db.bundleScenarios], async () => {
    let added = 0;
    let duplicates = 0;
    for (const attempt of bundle.attempts) {
      if (await db.reviews.get(attempt.id)) {
        duplicates++;
        continue;
      }
      if (!attempt.card) throw new BundleError('bundle-not-valid', attempt.id);
      const scenario = compiled.get(versionKey(attempt.scenarioId, attempt.scenarioHash));
      const record = scenario ? recordCard(attempt.card, new Map(), scenario.rubric.criticalCap) : attempt.card;
      const pending = pendingCount(record);
      const row: ReviewRecord = {
        id: attempt.id,
        junior: { id: bundle.junior.id, name: bundle.junior.name },
        scenarioId: attempt.scenarioId,
        scenarioVersion: attempt.scenarioVersion,
        scenarioHash: attempt.scenarioHash,
        startedAt: attempt.startedAt,
        attempt,
        entries: (entriesOf.get(attempt.id) ?? []).sort((a, b) => a.index - b.index),
        bundleChecksum: bundle.checksum,
        importedAt: now,
        pending,
        status: pending > 0 ? 'pending' : 'reviewed',
        record,
      };
      await db.reviews.add(row);
      added++;
    }
    for (const s of bundle.scenarios) {
      if (!(await db.bundleScenarios.get([s.id, s.hash]))) await db.bundleScenarios.add({ id: s.id, hash: s.hash, version: s.version, source: s.source });
    }
    return { added, duplicates };
  });
  // Where the agreement gate is already open, the new attempts' AI proposals count at once.
  if (result.added > 0) await refreshRecords(db, [...new Set(bundle.attempts.map((a) => a.scenarioId))]);
  return result;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
