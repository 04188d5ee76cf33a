import type { z } from 'zod';
import { checkScenario } from '../../core/check.ts';
import { hasErrors, type Diagnostic } from '../../core/diagnostics/diagnostic.ts';
import type { CompiledScenario } from '../../core/dialogue/compiled.ts';
import type { Library } from '../../core/scenario/library.ts';
import type { PalierDatabase, ScenarioRecord } from '../../db/db.ts';
import { sha256Checksum } from '../checksum.ts';
import { IMPORT_MAX_BYTES } from '../limits.ts';
import { bundledEntry } from '../scenarios.ts';
import { atelierData } from './library.ts';
import { Pack, PACK_FORMAT, PACK_VERSION, type PackScenario } from './pack.schema.ts';
import { AtelierError, freeId, scenarioFile } from './store.ts';
import { readSourceFields, setSourceFields } from './versions.ts';

/**
 * Scenario packs: a senior exports published scenarios as one JSON file (format in
 * `pack.schema.ts`, SHA-256 checksum); a junior's device reads it into a report — every problem
 * located, every scenario checked as if it were published here, id clashes found — and writes
 * nothing until the whole pack is valid and the person has chosen what to do with each clash.
 */

export { PACK_FORMAT, PACK_VERSION } from './pack.schema.ts';

/**
 * Why a pack cannot be imported. The screens word them through the i18n catalogue:
 * `pack.problem.<code>` with `params` (French and English).
 */
export const PACK_PROBLEM_CODES = [
  'too-large',
  'empty-file',
  'not-json',
  'wrong-format',
  'unsupported-version',
  'missing-field',
  'unknown-field',
  'invalid-field',
  'checksum-mismatch',
  'empty-pack',
  'duplicate-scenario',
  'id-mismatch',
  'version-mismatch',
  'invalid-scenario',
] as const;
export type PackProblemCode = (typeof PACK_PROBLEM_CODES)[number];

export interface PackProblem {
  code: PackProblemCode;
  params: Record<string, string | number>;
  /** Line and column in the file (JSON syntax errors), 1-based. */
  line?: number;
  column?: number;
  /** Position of the scenario in the pack, 1-based. */
  scenario?: number;
  /** Technical path in the file, e.g. `scenarios[1].version`. */
  path?: string;
}

export interface PackItem {
  id: string;
  version: number;
  title: string;
  /** The checker's diagnostics for this scenario, lint included (file `scenarios/<id>.yaml`). */
  diagnostics: Diagnostic[];
  /** No error: it could be published as it is. */
  valid: boolean;
  /** A scenario with this id already exists: shipped with the app, or on this device. */
  clash: 'none' | 'bundled' | 'local';
  /** The source as in the pack. */
  source: string;
  /** Hash of the compiled scenario, when valid. */
  hash?: string;
}

export interface PackReport {
  /** The pack can be imported as it is: no problem, and every scenario valid. */
  ok: boolean;
  problems: PackProblem[];
  items: PackItem[];
  author?: { name: string; role: string };
  createdAt?: string;
}

export type ClashChoice = 'keep-both' | 'replace';

// What applyPack needs from readPack beyond the report's data: the library the items were checked
// against and their compiled artifacts. A report that readPack did not make cannot be applied.
const checked = new WeakMap<PackReport, { library: Library; compiled: Map<PackItem, CompiledScenario> }>();

/** `sha256:<hex>` of the canonical JSON of a pack without its checksum (see `checksum.ts`). */
export function packChecksum(body: Readonly<Record<string, unknown>>): Promise<string> {
  return sha256Checksum(body);
}

/** `AAAA-MM-JJ` in local time. */
function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The latest published local row of an id that practice would play (newer than the bundled one). */
async function latestLocal(db: PalierDatabase, id: string): Promise<ScenarioRecord | undefined> {
  const rows = await db.scenarios.where('id').equals(id).toArray();
  const latest = rows.filter((r) => r.status === 'published').sort((a, b) => b.version - a.version)[0];
  const bundled = bundledEntry(id);
  return latest && (!bundled || latest.version > bundled.version) ? latest : undefined;
}

/**
 * A pack of the latest published version of each scenario (local or bundled), ready to download.
 * An id with no published version throws `AtelierError('not-published')`.
 *
 * @example
 * const { filename, text } = await exportPack(db, ['fuite-cave'], { name: 'Mireille Dubois', role: 'Gardienne principale' });
 */
export async function exportPack(
  db: PalierDatabase,
  ids: string[],
  author: { name: string; role: string },
  now: Date = new Date(),
): Promise<{ filename: string; text: string }> {
  const scenarios: PackScenario[] = [];
  for (const id of ids) {
    const local = await latestLocal(db, id);
    if (local) {
      scenarios.push({ id, version: local.version, source: local.source });
      continue;
    }
    const bundled = bundledEntry(id);
    const text = bundled ? (await (await atelierData()).bundledSource(id))?.text : undefined;
    if (!bundled || text === undefined) throw new AtelierError('not-published', id);
    scenarios.push({ id, version: bundled.version, source: text });
  }
  const body = { format: PACK_FORMAT, packVersion: PACK_VERSION, author: { name: author.name, role: author.role }, createdAt: now.toISOString(), scenarios };
  const pack = { ...body, checksum: await packChecksum(body) };
  const what = ids.length === 1 && ids[0] ? ids[0] : `${ids.length}-scenarios`;
  return { filename: `palier-pack-${what}-${localDate(now)}.json`, text: `${JSON.stringify(pack, null, 2)}\n` };
}

/**
 * Reads a pack's text into a report: size, JSON, format and version, structure, checksum, then each
 * scenario checked completely (lint included, as for publishing) and its id compared with what this
 * device has. Writes nothing.
 *
 * @example
 * const report = await readPack(db, await file.text(), library);
 * if (report.ok) await applyPack(db, report, { 'fuite-cave': 'keep-both' });
 */
export async function readPack(db: PalierDatabase, text: string, library: Library, today?: string): Promise<PackReport> {
  const refused = (problems: PackProblem[], extra: Partial<PackReport> = {}): PackReport => ({ ok: false, problems, items: [], ...extra });
  const size = text.length * 3 > IMPORT_MAX_BYTES ? new TextEncoder().encode(text).length : text.length;
  if (size > IMPORT_MAX_BYTES) return refused([{ code: 'too-large', params: { size, max: IMPORT_MAX_BYTES } }]);
  if (text.trim() === '') return refused([{ code: 'empty-file', params: {} }]);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return refused([{ code: 'not-json', params: {}, ...jsonErrorPlace(text, e) }]);
  }
  if (!isRecord(raw) || raw.format !== PACK_FORMAT) return refused([{ code: 'wrong-format', params: {} }]);
  if (raw.packVersion !== PACK_VERSION) {
    return refused([{ code: 'unsupported-version', params: { found: String(raw.packVersion), supported: PACK_VERSION } }]);
  }
  const parsed = Pack.safeParse(raw);
  if (!parsed.success) return refused(parsed.error.issues.flatMap((issue) => fromIssue(issue, raw)));
  const pack = parsed.data;
  const header = { author: pack.author, createdAt: pack.createdAt };
  const problems: PackProblem[] = [];
  if ((await packChecksum(raw)) !== pack.checksum) problems.push({ code: 'checksum-mismatch', params: {} });
  if (pack.scenarios.length === 0) problems.push({ code: 'empty-pack', params: {} });

  const items: PackItem[] = [];
  const compiled = new Map<PackItem, CompiledScenario>();
  const seen = new Set<string>();
  for (const [i, s] of pack.scenarios.entries()) {
    const at = { scenario: i + 1, path: `scenarios[${i}]` };
    if (seen.has(s.id)) problems.push({ code: 'duplicate-scenario', params: { id: s.id }, ...at });
    seen.add(s.id);
    const check = checkScenario(s.source, scenarioFile(s.id), library, { lint: true, ...(today ? { today } : {}) });
    let valid = !hasErrors(check.diagnostics) && check.compiled !== undefined;
    if (check.compiled && check.compiled.id !== s.id) {
      valid = false;
      problems.push({ code: 'id-mismatch', params: { id: s.id, found: check.compiled.id }, ...at });
    }
    if (check.compiled && check.compiled.version !== s.version) {
      valid = false;
      problems.push({ code: 'version-mismatch', params: { id: s.id, version: s.version, found: check.compiled.version }, ...at });
    }
    const errors = check.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      const first = errors[0];
      problems.push({
        code: 'invalid-scenario',
        params: { id: s.id, errors: errors.length, line: first?.line ?? 0, column: first?.column ?? 0, message: first?.message ?? '', messageEn: first?.messageEn ?? '' },
        ...at,
      });
    }
    const local = await db.scenarios.where('id').equals(s.id).count();
    const item: PackItem = {
      id: s.id,
      version: s.version,
      title: check.compiled?.meta.title ?? readSourceFields(s.source)?.title ?? s.id,
      diagnostics: check.diagnostics,
      valid,
      clash: local > 0 ? 'local' : bundledEntry(s.id) ? 'bundled' : 'none',
      source: s.source,
      ...(check.compiled ? { hash: check.compiled.hash } : {}),
    };
    if (valid && check.compiled) compiled.set(item, check.compiled);
    items.push(item);
  }
  const report: PackReport = { ok: problems.length === 0 && items.every((it) => it.valid), problems, items, ...header };
  checked.set(report, { library, compiled });
  return report;
}

/**
 * Writes a fully valid pack in one transaction, as published scenarios of origin 'pack'. For each
 * clash, `choices[id]` says what to do: 'keep-both' imports it under a new free id (`<id>-2`…);
 * 'replace' adds it as the next published version of that id (for a bundled id, a local scenario
 * that takes precedence in practice; a draft in progress is renumbered after it). Throws
 * `AtelierError('pack-not-valid')` for a report that is not ok (or not made by `readPack`), and
 * `AtelierError('choice-missing')` for a clash without a choice, before writing anything.
 * Returns the ids written.
 *
 * @example
 * const ids = await applyPack(db, report, { 'degat-des-eaux-nuit': 'replace' });
 */
export async function applyPack(db: PalierDatabase, report: PackReport, choices: Record<string, ClashChoice>, now = Date.now()): Promise<string[]> {
  const context = checked.get(report);
  if (!context || !report.ok || report.items.length === 0 || report.items.some((it) => !it.valid || !context.compiled.has(it))) {
    throw new AtelierError('pack-not-valid');
  }
  for (const item of report.items) {
    if (item.clash !== 'none' && !choices[item.id]) throw new AtelierError('choice-missing', item.id);
  }
  return db.transaction('rw', db.scenarios, async () => {
    const written: string[] = [];
    for (const item of report.items) {
      let id = item.id;
      let version = item.version;
      const rows = await db.scenarios.where('id').equals(id).toArray();
      const clash = rows.length > 0 || bundledEntry(id) !== undefined;
      if (clash && choices[id] !== 'replace') {
        id = await freeId(db, item.id);
      } else if (clash) {
        const latest = Math.max(0, bundledEntry(id)?.version ?? 0, ...rows.filter((r) => r.status === 'published').map((r) => r.version));
        if (version <= latest) version = latest + 1;
        const draft = rows.find((r) => r.status === 'draft');
        if (draft && draft.version <= version) {
          await db.scenarios.delete([draft.id, draft.version]);
          await db.scenarios.put({ ...draft, version: version + 1 });
        }
      }
      let compiled = context.compiled.get(item);
      let source = item.source;
      if (id !== item.id || version !== item.version) {
        // Kept beside a scenario of the same id: the title says which one is the imported copy.
        const fields: Record<string, string | number> = id !== item.id ? { id, version, title: `${context.compiled.get(item)?.meta.title ?? item.title} (importé)` } : { id, version };
        source = setSourceFields(item.source, fields) ?? item.source;
        compiled = checkScenario(source, scenarioFile(id), context.library, { lint: false }).compiled;
      }
      if (!compiled) throw new AtelierError('pack-not-valid', item.id);
      await db.scenarios.put({
        id,
        version,
        status: 'published',
        source,
        hash: compiled.hash,
        compiled,
        title: compiled.meta.title,
        author: compiled.meta.author.name,
        reviewBy: compiled.meta.reviewBy,
        origin: 'pack',
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
      });
      written.push(id);
    }
    return written;
  });
}

/**
 * One scenario as a YAML file to commit into `scenarios/` (the command line checks it there).
 *
 * @example
 * const { filename, text } = scenarioYamlFile(source, 'fuite-cave'); // 'fuite-cave.yaml'
 */
export function scenarioYamlFile(source: string, id: string): { filename: string; text: string } {
  return { filename: `${id}.yaml`, text: source.endsWith('\n') ? source : `${source}\n` };
}

function fromIssue(issue: z.core.$ZodIssue, raw: unknown): PackProblem[] {
  const at = place(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ code: 'unknown-field' as const, params: { field: key }, ...place([...issue.path, key]) }));
  }
  const field = String(issue.path[issue.path.length - 1] ?? '');
  if (valueAt(raw, issue.path) === undefined) return [{ code: 'missing-field', params: { field }, ...at }];
  return [{ code: 'invalid-field', params: { field, detail: issue.message }, ...at }];
}

function place(path: readonly PropertyKey[]): { path: string; scenario?: number } {
  const text = path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? String(seg) : `.${String(seg)}`)).join('');
  const scenario = path[0] === 'scenarios' && typeof path[1] === 'number' ? path[1] + 1 : undefined;
  return { path: text, ...(scenario !== undefined ? { scenario } : {}) };
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

function jsonErrorPlace(text: string, e: unknown): { line?: number; column?: number } {
  const message = e instanceof Error ? e.message : '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  if (!position) return {};
  const before = text.slice(0, Number(position[1])).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
