import type { CompiledScenario } from '../core/dialogue/compiled.ts';
import { canonicalJson } from '../core/hash.ts';
import type { AttemptRecord, PalierDatabase, ProfileRecord, ReviewEventRecord, ScenarioRecord } from '../db/db.ts';
import { compare, ImportConflict, problemAt, type ImportProblem } from './data-transfer-problems.ts';
import type { ExportedReviewEvent, ExportedScenario, ProfileExport } from './profile-export.schema.ts';

/**
 * The part of a profile export beyond the profile, its attempts and its settings (format version
 * 2): what else a person's work is on a device, chosen by role, so that moving to a new device
 * loses nothing of it.
 *
 * **What each role carries, and why.**
 * - Everyone: the « retours formateur » (`feedback`) of their own attempts — the trainer's word on
 *   them, shown in the debrief. A junior also carries the Atelier versions (`scenarios`) their
 *   attempts were played on, when those are local (a senior's pack): without them the new device
 *   could not show the debrief or replay those attempts.
 * - A senior or a trainer (both work in the Atelier): every local scenario version of the device,
 *   drafts included. A scenario row names no profile (`author` is the name written in the YAML,
 *   which may be a colleague's, or the original author of a duplicated bundled scenario), so any
 *   choice by author would be a guess; the Atelier is one workspace per device, and losing a draft
 *   costs more than carrying a colleague's version, which the import merges without overwriting.
 * - A trainer: the whole Revue of the device — imported attempts (`reviews`), the scenario
 *   sources that came with them (`bundleScenarios`), the whole audit trail (`reviewEvents`, every
 *   actor's events, each keeping its `by`) and the xAPI statements not yet delivered (`outbox`,
 *   queued or failed). The inbox is shared by the device's trainers and a score of record is
 *   computed from every decision on its scenario (the agreement gate pools them): a trail cut to
 *   one trainer would no longer explain the scores it travels with, and an audit trail with holes
 *   is not one. Statements the LRS already acknowledged (`sent`) stay behind: the LRS is their
 *   record, and were one queued again on the new device, its deterministic id makes the LRS
 *   recognise it (it counts as delivered, stored once).
 * - Never: secrets (settings, see `data-transfer.ts`), device settings (language, AI provider,
 *   LRS, the agreement gate's thresholds), compiled artifacts (rebuilt from their source).
 *
 * **How an import merges them** (in the one transaction of `importProfile`: all or nothing).
 * - Scenario versions by [id+version]: a version of the same work (same `createdAt`, or both
 *   published with one hash) is merged as attempts are — the copy updated last wins — except that a
 *   draft never replaces a published version (attempts are scored against it). Two different works
 *   under one [id+version] (two devices each made a « nouveau-scenario » v1), or a merge that would
 *   leave an id two drafts, is a clash: nothing is written (`scenario-clash`).
 * - Retours by attempt: the one sent last wins (as `applyFeedback`).
 * - Imported attempts by id: added when new; the device's copy is kept otherwise (an imported
 *   attempt never changes; what changes is derived from the trail).
 * - Audit trail: append only. An event is the same event when every field but `seq` is the same;
 *   the file's events are added in order unless the device already holds as many identical ones
 *   (so importing a file twice adds nothing). Where the import adds attempts or events to a
 *   scenario, its scores of record (and the dashboards' digest) are recomputed afterwards, as a
 *   bundle import does.
 * - Sources of bundles by [id+hash], statements by id: added when absent, the device's kept.
 */

export type Work = Pick<ProfileExport, 'scenarios' | 'feedback' | 'reviews' | 'bundleScenarios' | 'reviewEvents' | 'outbox'>;

/** The tables this module reads and writes (for the transactions of `data-transfer.ts`). */
export function workTables(db: PalierDatabase) {
  return [db.scenarios, db.feedback, db.reviews, db.bundleScenarios, db.reviewEvents, db.outbox];
}

const versionKey = (id: string, v: string | number): string => `${id}\u0000${v}`;

// ---------------------------------------------------------------------------------------------
// Export

/**
 * The work rows of a profile, in a fixed order so equal data gives an equal file. Runs inside the
 * export's read transaction (every table of {@link workTables}).
 */
export async function exportWork(db: PalierDatabase, profile: ProfileRecord, attempts: readonly AttemptRecord[]): Promise<Work> {
  const played = new Set(attempts.map((a) => versionKey(a.scenarioId, a.scenarioHash)));
  const local = await db.scenarios.toArray();
  const scenarios = (profile.role === 'junior' ? local.filter((r) => r.status === 'published' && r.hash !== undefined && played.has(versionKey(r.id, r.hash))) : local)
    .map(withoutCompiled)
    .sort((a, b) => compare(a.id, b.id) || a.version - b.version);
  const feedback = (await db.feedback.bulkGet(attempts.map((a) => a.id))).filter((f) => f !== undefined);
  if (profile.role !== 'formateur') return { scenarios, feedback, reviews: [], bundleScenarios: [], reviewEvents: [], outbox: [] };
  const reviews = (await db.reviews.toArray()).sort((a, b) => a.startedAt - b.startedAt || compare(a.id, b.id));
  const bundleScenarios = (await db.bundleScenarios.toArray()).sort((a, b) => compare(a.id, b.id) || compare(a.hash, b.hash));
  const reviewEvents = (await db.reviewEvents.orderBy('seq').toArray()).map(withoutSeq);
  const outbox = (await db.outbox.toArray()).filter((r) => r.state !== 'sent').sort((a, b) => a.queuedAt - b.queuedAt || compare(a.id, b.id));
  return { scenarios, feedback, reviews, bundleScenarios, reviewEvents, outbox };
}

function withoutCompiled(row: ScenarioRecord): ExportedScenario {
  const { compiled: _derived, ...rest } = row;
  return rest;
}

function withoutSeq(event: ReviewEventRecord): ExportedReviewEvent {
  const { seq: _local, ...rest } = event;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// Import: check

/** The fields each kind of audit trail event must have (the record type leaves them optional). */
const EVENT_FIELDS: Readonly<Record<ExportedReviewEvent['kind'], ReadonlyArray<keyof ExportedReviewEvent>>> = {
  decision: ['criterionId', 'before', 'after'],
  annotation: ['turn'],
  'proposal-verdict': ['criterionId', 'agree'],
};

/** The references between work rows, and to the file's attempts. Synchronous, writes nothing. */
export function workProblems(data: ProfileExport, raw: unknown): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const at = (code: ImportProblem['code'], path: readonly PropertyKey[], params: ImportProblem['params'] = {}) => problems.push(problemAt(code, path, raw, params));

  const scenarioKeys = new Set<string>();
  data.scenarios.forEach((s, i) => {
    const key = versionKey(s.id, s.version);
    if (scenarioKeys.has(key)) at('duplicate-scenario', ['scenarios', i, 'version'], { id: s.id, version: s.version });
    scenarioKeys.add(key);
    if (s.status === 'published' && s.hash === undefined) at('missing-field', ['scenarios', i, 'hash'], { field: 'hash' });
  });

  const attempts = new Set(data.attempts.map((a) => a.id));
  const retours = new Set<string>();
  data.feedback.forEach((f, i) => {
    if (!attempts.has(f.attemptId)) at('orphan-feedback', ['feedback', i, 'attemptId'], { id: f.attemptId });
    else if (retours.has(f.attemptId)) at('duplicate-feedback', ['feedback', i, 'attemptId'], { id: f.attemptId });
    retours.add(f.attemptId);
  });

  const reviews = new Set<string>();
  data.reviews.forEach((r, i) => {
    if (reviews.has(r.id)) at('duplicate-review', ['reviews', i, 'id'], { id: r.id });
    reviews.add(r.id);
    const a = r.attempt;
    const pairs: Array<[string, unknown, unknown]> = [
      ['id', r.id, a.id],
      ['profileId', r.junior.id, a.profileId],
      ['scenarioId', r.scenarioId, a.scenarioId],
      ['scenarioVersion', r.scenarioVersion, a.scenarioVersion],
      ['scenarioHash', r.scenarioHash, a.scenarioHash],
      ['startedAt', r.startedAt, a.startedAt],
    ];
    for (const [field, row, attempt] of pairs) if (row !== attempt) at('review-mismatch', ['reviews', i, 'attempt', field], { field });
    const indexes = new Set<number>();
    r.entries.forEach((e, j) => {
      if (e.attemptId !== r.id) at('review-mismatch', ['reviews', i, 'entries', j, 'attemptId'], { field: 'attemptId' });
      if (indexes.has(e.index)) at('duplicate-entry', ['reviews', i, 'entries', j, 'index'], { index: e.index });
      indexes.add(e.index);
    });
    if (r.entries.length !== a.entryCount) at('entry-count-mismatch', ['reviews', i, 'attempt', 'entryCount'], { expected: a.entryCount, found: r.entries.length });
  });

  const sources = new Set<string>();
  data.bundleScenarios.forEach((s, i) => {
    const key = versionKey(s.id, s.hash);
    if (sources.has(key)) at('duplicate-scenario', ['bundleScenarios', i, 'hash'], { id: s.id, version: s.version });
    sources.add(key);
  });

  data.reviewEvents.forEach((e, i) => {
    if (!reviews.has(e.attemptId)) at('orphan-event', ['reviewEvents', i, 'attemptId'], { id: e.attemptId });
    for (const field of EVENT_FIELDS[e.kind]) if (e[field] === undefined) at('missing-field', ['reviewEvents', i, field], { field });
  });

  const statements = new Set<string>();
  data.outbox.forEach((r, i) => {
    if (statements.has(r.id)) at('duplicate-statement', ['outbox', i, 'id'], { id: r.id });
    statements.add(r.id);
  });
  return problems;
}

/** Published versions compiled from their source, by row (cached: the check and the write share them). */
const compiledOf = new WeakMap<ProfileExport, Promise<{ problems: ImportProblem[]; compiled: Map<ExportedScenario, CompiledScenario> }>>();

/**
 * The checks that need more than the file: each published scenario version's source compiled here
 * (no lint: it was checked when published) and found to be the id, version and hash its row says;
 * each xAPI statement valid (as the outbox queues them) and under its own id. The modules they need
 * load only when the file has such rows.
 */
export async function sourceProblems(data: ProfileExport, raw: unknown): Promise<ImportProblem[]> {
  const [scenarios, statements] = await Promise.all([compiledScenarios(data, raw), statementProblems(data, raw)]);
  return [...scenarios.problems, ...statements];
}

/** The compiled artifact of every published version of the file, or the problems that prevent it. */
export function compiledScenarios(data: ProfileExport, raw: unknown = data): Promise<{ problems: ImportProblem[]; compiled: Map<ExportedScenario, CompiledScenario> }> {
  let job = compiledOf.get(data);
  if (!job) compiledOf.set(data, (job = compile(data, raw)));
  return job;
}

async function compile(data: ProfileExport, raw: unknown): Promise<{ problems: ImportProblem[]; compiled: Map<ExportedScenario, CompiledScenario> }> {
  const problems: ImportProblem[] = [];
  const compiled = new Map<ExportedScenario, CompiledScenario>();
  const published = data.scenarios.flatMap((s, i) => (s.status === 'published' && s.hash !== undefined ? [{ s, i, hash: s.hash }] : []));
  if (published.length === 0) return { problems, compiled };
  const [{ checkScenario }, { hasErrors }, { atelierData }] = await Promise.all([import('../core/check.ts'), import('../core/diagnostics/diagnostic.ts'), import('./atelier/library.ts')]);
  const { library } = await atelierData();
  for (const { s, i, hash } of published) {
    const check = checkScenario(s.source, `scenarios/${s.id}.yaml`, library, { lint: false });
    const first = check.diagnostics.find((d) => d.severity === 'error');
    const params = { id: s.id, version: s.version };
    if (!check.compiled || hasErrors(check.diagnostics)) {
      problems.push(problemAt('invalid-scenario', ['scenarios', i, 'source'], raw, { ...params, line: first?.line ?? 0, message: first?.message ?? '' }));
    } else if (check.compiled.id !== s.id || check.compiled.version !== s.version || check.compiled.hash !== hash) {
      const field = check.compiled.id !== s.id ? 'id' : check.compiled.version !== s.version ? 'version' : 'hash';
      problems.push(problemAt('scenario-mismatch', ['scenarios', i, field], raw, { ...params, field }));
    } else {
      compiled.set(s, check.compiled);
    }
  }
  return { problems, compiled };
}

async function statementProblems(data: ProfileExport, raw: unknown): Promise<ImportProblem[]> {
  if (data.outbox.length === 0) return [];
  const { validateStatement } = await import('./revue/xapi.ts');
  return data.outbox.flatMap((r, i) => {
    if (r.statement.id !== r.id) return [problemAt('invalid-statement', ['outbox', i, 'statement', 'id'], raw, { id: r.id, problem: 'id' })];
    const [first] = validateStatement(r.statement);
    return first === undefined ? [] : [problemAt('invalid-statement', ['outbox', i, 'statement'], raw, { id: r.id, problem: first })];
  });
}

// ---------------------------------------------------------------------------------------------
// Import: write

export interface WorkResult {
  scenarios: { added: number; updated: number; kept: number };
  feedback: { added: number; updated: number; kept: number };
  reviews: { added: number; kept: number };
  bundleScenarios: number;
  reviewEvents: number;
  outbox: number;
}

/**
 * Writes the work rows of a checked file, inside the import's transaction (every table of
 * {@link workTables}); throws {@link ImportConflict} on a scenario clash, which undoes the whole
 * import. Returns the counts and the scenarios whose scores of record must be recomputed once the
 * transaction is over.
 */
export async function writeWork(db: PalierDatabase, data: ProfileExport, compiled: ReadonlyMap<ExportedScenario, CompiledScenario>): Promise<{ result: WorkResult; refresh: string[] }> {
  const scenarios = await writeScenarios(db, data.scenarios, compiled);

  const feedback = { added: 0, updated: 0, kept: 0 };
  for (const f of data.feedback) {
    const current = await db.feedback.get(f.attemptId);
    if (current && current.sentAt > f.sentAt) {
      feedback.kept++;
      continue;
    }
    feedback[current ? 'updated' : 'added']++;
    await db.feedback.put(f);
  }

  // The Revue.
  const stored = await db.reviews.bulkGet(data.reviews.map((r) => r.id));
  const fresh = data.reviews.filter((_, i) => stored[i] === undefined);
  await db.reviews.bulkAdd(fresh);
  const reviews = { added: fresh.length, kept: data.reviews.length - fresh.length };
  const refresh = new Set<string>();
  // Every scenario that gained attempts: its scores of record may move (where the device already
  // had attempts of it), and its dashboards digest must be written either way.
  for (const r of fresh) refresh.add(r.scenarioId);

  let bundleScenarios = 0;
  for (const s of data.bundleScenarios) {
    if (await db.bundleScenarios.get([s.id, s.hash])) continue;
    await db.bundleScenarios.add(s);
    bundleScenarios++;
  }

  const added = await appendEvents(db, data.reviewEvents);
  const lastAt = new Map<string, number>();
  for (const e of added) lastAt.set(e.attemptId, Math.max(lastAt.get(e.attemptId) ?? 0, e.at));
  for (const current of stored) {
    const at = current ? lastAt.get(current.id) : undefined;
    if (!current || at === undefined) continue;
    // Events added to an attempt this device had: it was reviewed then, and its score may move.
    if (at > (current.reviewedAt ?? 0)) await db.reviews.update(current.id, { reviewedAt: at });
    refresh.add(current.scenarioId);
  }

  const known = await db.outbox.bulkGet(data.outbox.map((r) => r.id));
  const statements = data.outbox.filter((_, i) => known[i] === undefined);
  await db.outbox.bulkAdd(statements);

  return {
    result: { scenarios, feedback, reviews, bundleScenarios, reviewEvents: added.length, outbox: statements.length },
    refresh: [...refresh].sort(compare),
  };
}

async function writeScenarios(db: PalierDatabase, rows: readonly ExportedScenario[], compiled: ReadonlyMap<ExportedScenario, CompiledScenario>): Promise<WorkResult['scenarios']> {
  const counts = { added: 0, updated: 0, kept: 0 };
  const clash = (i: number, row: ExportedScenario): never => {
    throw new ImportConflict({ code: 'scenario-clash', at: { scenario: i + 1, field: 'version', path: `scenarios[${i}].version` }, params: { id: row.id, version: row.version } });
  };
  for (const [i, row] of rows.entries()) {
    const artifact = compiled.get(row);
    if (row.status === 'published' && !artifact) throw new Error(`scenario ${row.id} v${row.version} was not compiled before the import`);
    const next: ScenarioRecord = artifact ? { ...row, compiled: artifact } : row;
    const current = await db.scenarios.get([row.id, row.version]);
    if (!current) {
      await db.scenarios.add(next);
      counts.added++;
      continue;
    }
    const bothPublished = current.status === 'published' && row.status === 'published';
    const sameWork = bothPublished ? current.hash === row.hash : current.createdAt === row.createdAt;
    if (!sameWork) clash(i, row);
    const keep = (current.status === 'published' && row.status === 'draft') || (current.status === row.status && current.updatedAt > row.updatedAt);
    if (keep) {
      counts.kept++;
      continue;
    }
    await db.scenarios.put(next);
    counts.updated++;
  }
  // An id has at most one draft, numbered after its published versions (the Atelier relies on it).
  const checked = new Set<string>();
  for (const [i, row] of rows.entries()) {
    if (checked.has(row.id)) continue;
    checked.add(row.id);
    const all = await db.scenarios.where('id').equals(row.id).toArray();
    const drafts = all.filter((r) => r.status === 'draft');
    const latest = Math.max(0, ...all.filter((r) => r.status === 'published').map((r) => r.version));
    if (drafts.length > 1 || drafts.some((d) => d.version <= latest)) clash(i, row);
  }
  return counts;
}

/** An event's identity: everything but `seq` (an event of the trail never changes). */
const identity = (e: ExportedReviewEvent | ReviewEventRecord): string => canonicalJson({ ...e, seq: undefined });

/**
 * Appends the file's events the device does not hold, in the file's order. Counted as a multiset:
 * two identical events in the file are two events, and a device holding one of them gets one more.
 */
async function appendEvents(db: PalierDatabase, events: readonly ExportedReviewEvent[]): Promise<ExportedReviewEvent[]> {
  if (events.length === 0) return [];
  const held = new Map<string, number>();
  for (const e of await db.reviewEvents.where('attemptId').anyOf([...new Set(events.map((e) => e.attemptId))]).toArray()) {
    const key = identity(e);
    held.set(key, (held.get(key) ?? 0) + 1);
  }
  const added: ExportedReviewEvent[] = [];
  for (const e of events) {
    const key = identity(e);
    const n = held.get(key) ?? 0;
    if (n > 0) held.set(key, n - 1);
    else added.push(e);
  }
  // One by one, so `seq` numbers them in the file's order.
  for (const e of added) await db.reviewEvents.add({ ...e });
  return added;
}

/**
 * Recomputes the scores of record the import may have moved (see the module's notes), after its
 * transaction: the review module needs the compiled scenarios, which are not read in one.
 */
export async function refreshAfterImport(db: PalierDatabase, scenarioIds: readonly string[]): Promise<void> {
  if (scenarioIds.length === 0) return;
  const { refreshRecords } = await import('./revue/review.ts');
  await refreshRecords(db, scenarioIds);
}
