import { checkScenario } from '../../core/check.ts';
import { hasErrors, type Diagnostic } from '../../core/diagnostics/diagnostic.ts';
import type { CompiledScenario } from '../../core/dialogue/compiled.ts';
import type { Library } from '../../core/scenario/library.ts';
import type { PalierDatabase, ScenarioRecord } from '../../db/db.ts';
import { bundledEntry, catalogue, loadScenario } from '../scenarios.ts';
import { atelierData } from './library.ts';
import { TEMPLATE_ID, templateSource } from './template.ts';
import { readSourceFields, setSourceFields } from './versions.ts';

/**
 * The Atelier's storage: drafts, publishing, versions. Every scenario version is a row of
 * `db.scenarios` keyed `[id+version]`; an id has at most one draft, numbered after its latest
 * published version, and publishing turns that draft row into the published row of the same number.
 * Bundled scenarios live in the app and are read-only here: a senior duplicates one to change it.
 * Every function takes the database first, so tests pass a fake-indexeddb one.
 */

export interface AtelierEntry {
  id: string;
  title: string;
  author: string;
  /** Shipped with the app, or written/imported on this device. */
  kind: 'bundled' | 'local';
  /** Bundled ones are 'published'. */
  status: 'draft' | 'published';
  /** Latest version (the draft's number when a draft exists). */
  version: number;
  /** Latest published version, if any. */
  publishedVersion?: number;
  reviewBy?: string;
  /** The review-by date is before `today`. */
  overdue: boolean;
  origin: 'bundled' | 'local' | 'bundled-copy' | 'pack';
  updatedAt?: number;
}

export type AtelierErrorCode = 'read-only' | 'not-found' | 'version-taken' | 'not-published' | 'pack-not-valid' | 'choice-missing';

/** A misuse the screens prevent (editing a bundled scenario, importing a refused pack…). */
export class AtelierError extends Error {
  readonly code: AtelierErrorCode;
  readonly id: string | undefined;
  constructor(code: AtelierErrorCode, id?: string) {
    super(id ? `${code}: ${id}` : code);
    this.name = 'AtelierError';
    this.code = code;
    this.id = id;
  }
}

/** The file name a scenario id has in `scenarios/` (what diagnostics name). */
export const scenarioFile = (id: string): string => `scenarios/${id}.yaml`;

/** All rows of one id. */
function rowsOf(db: PalierDatabase, id: string): Promise<ScenarioRecord[]> {
  return db.scenarios.where('id').equals(id).toArray();
}

/** Published rows newest first, and the draft if any. */
function split(rows: readonly ScenarioRecord[]): { draft: ScenarioRecord | undefined; published: ScenarioRecord[] } {
  return {
    draft: rows.find((r) => r.status === 'draft'),
    published: rows.filter((r) => r.status === 'published').sort((a, b) => b.version - a.version),
  };
}

/**
 * The number the next version of an id gets: after its latest published local version and after
 * the bundled one (so that a local version of a bundled id takes precedence in practice).
 */
export async function nextVersion(db: PalierDatabase, id: string): Promise<number> {
  const { published } = split(await rowsOf(db, id));
  return Math.max(published[0]?.version ?? 0, bundledEntry(id)?.version ?? 0) + 1;
}

/**
 * `base` when no bundled or local scenario uses it, else `base-2`, `base-3`…
 *
 * @example
 * await freeId(db, 'nouveau-scenario'); // 'nouveau-scenario-2' when the first is taken
 */
export async function freeId(db: PalierDatabase, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!bundledEntry(id) && (await db.scenarios.where('id').equals(id).count()) === 0) return id;
  }
}

/** `AAAA-MM-JJ` one year later (29 February gives 28 February). */
export function oneYearAfter(day: string): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y + 1, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/**
 * Every scenario the Atelier shows: the bundled ones and the local ones (one entry per id: a local
 * scenario with a bundled id — a pack's replacement — stands for it), sorted by title.
 *
 * @example
 * const entries = await listAtelier(db, '2026-11-29');
 * entries.filter((e) => e.overdue); // to have reviewed
 */
export async function listAtelier(db: PalierDatabase, today: string): Promise<AtelierEntry[]> {
  const rows = await db.scenarios.toArray();
  const byId = new Map<string, ScenarioRecord[]>();
  for (const r of rows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  const entries: AtelierEntry[] = [];
  for (const b of catalogue) {
    if (byId.has(b.id)) continue;
    entries.push({
      id: b.id,
      title: b.title,
      author: b.author.name,
      kind: 'bundled',
      status: 'published',
      version: b.version,
      publishedVersion: b.version,
      reviewBy: b.reviewBy,
      overdue: b.reviewBy < today,
      origin: 'bundled',
    });
  }
  for (const [id, list] of byId) {
    const { draft, published } = split(list);
    const head = draft ?? published[0];
    if (!head) continue;
    entries.push({
      id,
      title: head.title,
      author: head.author,
      kind: 'local',
      status: draft ? 'draft' : 'published',
      version: head.version,
      ...(published[0] ? { publishedVersion: published[0].version } : {}),
      ...(head.reviewBy ? { reviewBy: head.reviewBy } : {}),
      overdue: head.reviewBy !== undefined && head.reviewBy < today,
      origin: head.origin,
      updatedAt: Math.max(...list.map((r) => r.updatedAt)),
    });
  }
  return entries.sort((a, b) => a.title.localeCompare(b.title, 'fr') || a.id.localeCompare(b.id));
}

/**
 * A new draft (version 1) from the template, under a free id (`nouveau-scenario`, `-2`…), to be
 * reviewed a year from `today`. Returns the id.
 *
 * @example
 * const id = await createFromTemplate(db, { name: 'Mireille Dubois', role: 'Gardienne principale' }, '2026-11-29');
 */
export async function createFromTemplate(db: PalierDatabase, author: { name: string; role: string }, today: string, now = Date.now()): Promise<string> {
  return db.transaction('rw', db.scenarios, async () => {
    const id = await freeId(db, TEMPLATE_ID);
    const reviewBy = oneYearAfter(today);
    const source = templateSource({ id, author, reviewBy });
    const fields = readSourceFields(source) ?? {};
    await db.scenarios.add({
      id,
      version: 1,
      status: 'draft',
      source,
      title: fields.title ?? id,
      author: fields.author ?? author.name,
      reviewBy,
      origin: 'local',
      createdAt: now,
      updatedAt: now,
    });
    return id;
  });
}

/**
 * A local draft copy of a bundled scenario, under a free id (`<id>-copie`, `-copie-2`…), titled
 * « … (copie) », version 1; comments and layout are kept. Returns the new id.
 *
 * @example
 * const id = await duplicateBundled(db, 'degat-des-eaux-nuit'); // 'degat-des-eaux-nuit-copie'
 */
export async function duplicateBundled(db: PalierDatabase, bundledId: string, now = Date.now()): Promise<string> {
  const original = await (await atelierData()).bundledSource(bundledId);
  if (!original) throw new AtelierError('not-found', bundledId);
  const fields = readSourceFields(original.text) ?? {};
  const title = `${fields.title ?? bundledEntry(bundledId)?.title ?? bundledId} (copie)`;
  return db.transaction('rw', db.scenarios, async () => {
    const id = await freeId(db, `${bundledId}-copie`);
    const source = setSourceFields(original.text, { id, version: 1, title });
    if (source === undefined) throw new AtelierError('not-found', bundledId);
    await db.scenarios.add({
      id,
      version: 1,
      status: 'draft',
      source,
      title,
      author: fields.author ?? '',
      ...(fields.reviewBy ? { reviewBy: fields.reviewBy } : {}),
      origin: 'bundled-copy',
      createdAt: now,
      updatedAt: now,
    });
    return id;
  });
}

export interface WorkingCopy {
  source: string;
  version: number;
  status: 'draft' | 'published';
  /** 'bundled': read-only here (duplicate it to change it). */
  kind: 'bundled' | 'local';
}

/**
 * What the editor opens: the draft if any, else the latest published version; for a bundled id
 * without a local version, its bundled source (read-only).
 *
 * @example
 * const working = await loadWorking(db, id);
 * if (working?.kind === 'bundled') offerDuplicate();
 */
export async function loadWorking(db: PalierDatabase, id: string): Promise<WorkingCopy | undefined> {
  const { draft, published } = split(await rowsOf(db, id));
  const head = draft ?? published[0];
  if (head) return { source: head.source, version: head.version, status: head.status, kind: 'local' };
  const bundled = bundledEntry(id);
  const text = bundled ? (await (await atelierData()).bundledSource(id))?.text : undefined;
  return bundled && text !== undefined ? { source: text, version: bundled.version, status: 'published', kind: 'bundled' } : undefined;
}

/**
 * Writes the draft of a local scenario (creating it, numbered after the latest published version).
 * Title, author and review date are read from the source when its YAML reads, and kept otherwise:
 * a draft with errors is still saved, nothing typed is ever lost. A bundled id with no local
 * version is read-only (`AtelierError('read-only')`).
 *
 * @example
 * await saveDraft(db, id, editorText); // on each pause in typing
 */
export async function saveDraft(db: PalierDatabase, id: string, source: string, now = Date.now()): Promise<void> {
  await db.transaction('rw', db.scenarios, async () => {
    const rows = await rowsOf(db, id);
    if (rows.length === 0 && bundledEntry(id)) throw new AtelierError('read-only', id);
    const { draft, published } = split(rows);
    const fields = readSourceFields(source) ?? {};
    const base = draft ?? published[0];
    const version = draft?.version ?? Math.max(published[0]?.version ?? 0, bundledEntry(id)?.version ?? 0) + 1;
    const reviewBy = fields.reviewBy ?? base?.reviewBy;
    await db.scenarios.put({
      id,
      version,
      status: 'draft',
      source,
      title: fields.title ?? base?.title ?? id,
      author: fields.author ?? base?.author ?? '',
      ...(reviewBy ? { reviewBy } : {}),
      origin: base?.origin ?? 'local',
      createdAt: draft?.createdAt ?? now,
      updatedAt: now,
    });
  });
}

export type PublishResult = { ok: true; version: number; hash: string } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Publishes a local scenario: the source gets the next version number in its `version:` field (and
 * its own id in `id:`), comments kept; the whole check runs (lint included: graph, rubric, the test
 * replies ordered poor < average < senior). Any error refuses it (`ok: false` with every
 * diagnostic, nothing written). Otherwise the draft row becomes the published row, with the
 * compiled artifact and its hash.
 *
 * @example
 * const result = await publish(db, id, editorText, library, '2026-11-29');
 * if (!result.ok) showDiagnostics(result.diagnostics);
 */
export async function publish(
  db: PalierDatabase,
  id: string,
  source: string,
  library: Library,
  today: string,
  now = Date.now(),
): Promise<PublishResult> {
  const rows = await rowsOf(db, id);
  if (rows.length === 0 && bundledEntry(id)) throw new AtelierError('read-only', id);
  const { draft, published } = split(rows);
  const version = draft?.version ?? (await nextVersion(db, id));
  const text = setSourceFields(source, { id, version }) ?? source;
  const check = checkScenario(text, scenarioFile(id), library, { lint: true, today });
  if (hasErrors(check.diagnostics) || !check.compiled) return { ok: false, diagnostics: check.diagnostics };
  const compiled = check.compiled;
  const base = draft ?? published[0];
  await db.transaction('rw', db.scenarios, async () => {
    const taken = await db.scenarios.get([id, version]);
    if (taken && taken.status !== 'draft') throw new AtelierError('version-taken', id);
    await db.scenarios.put({
      id,
      version,
      status: 'published',
      source: text,
      hash: compiled.hash,
      compiled,
      title: compiled.meta.title,
      author: compiled.meta.author.name,
      reviewBy: compiled.meta.reviewBy,
      origin: base?.origin ?? 'local',
      createdAt: draft?.createdAt ?? now,
      updatedAt: now,
      publishedAt: now,
    });
  });
  return { ok: true, version, hash: compiled.hash };
}

/**
 * The local versions of a scenario: the draft first if any, then the published ones, newest first.
 *
 * @example
 * const [latest, previous] = (await versions(db, id)).filter((r) => r.status === 'published');
 * diffSources(previous.source, latest.source);
 */
export async function versions(db: PalierDatabase, id: string): Promise<ScenarioRecord[]> {
  const { draft, published } = split(await rowsOf(db, id));
  return draft ? [draft, ...published] : published;
}

/**
 * A published scenario's compiled artifact: the latest (what practice plays) or a given version,
 * local or bundled.
 *
 * @example
 * const v1 = await publishedScenario(db, id, 1);
 */
export async function publishedScenario(db: PalierDatabase, id: string, version?: number): Promise<CompiledScenario | undefined> {
  if (version === undefined) return loadScenario(id, { db });
  const row = await db.scenarios.get([id, version]);
  if (row?.status === 'published' && row.compiled) return row.compiled;
  return bundledEntry(id)?.version === version ? loadScenario(id, { version }) : undefined;
}

/**
 * Discards a scenario's unpublished changes; a scenario never published disappears.
 *
 * @example
 * await deleteDraft(db, id);
 */
export async function deleteDraft(db: PalierDatabase, id: string): Promise<void> {
  await db.scenarios.where('id').equals(id).filter((r) => r.status === 'draft').delete();
}
