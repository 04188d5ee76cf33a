import type { z } from 'zod';
import { DB_VERSION } from '../../db/db.ts';
import { sha256Checksum } from '../checksum.ts';
import { exportFileName, MAX_REPORTED_PROBLEMS } from '../data-transfer.ts';
import { entryPlace, formatPath, isMissing, isRecord, jsonErrorPlace } from '../data-transfer-problems.ts';
import { IMPORT_MAX_BYTES } from '../limits.ts';

export { isRecord };

/**
 * The checks every Revue file goes through before its content is looked at — size, JSON, format
 * and version, item count, checksum, structure against its zod schema — as located problems (the
 * style of `data-transfer.ts`'s import problems): a code, a place a person can find, parameters.
 * Shared by attempt bundles (`bundle.ts`) and retours formateur (`feedback.ts`). Writes nothing.
 */

export const FILE_PROBLEM_CODES = [
  'too-large',
  'empty-file',
  'not-json',
  'wrong-format',
  'unsupported-version',
  'newer-database',
  'too-many',
  'checksum-mismatch',
  'missing-field',
  'unknown-field',
  'wrong-type',
  'invalid-value',
] as const;
export type FileProblemCode = (typeof FILE_PROBLEM_CODES)[number];

/** Where a problem is, for a person: numbers are 1-based, as one counts. */
export interface FilePlace {
  /** The whole file (size, JSON syntax, format, checksum). */
  file?: true;
  /** Line and column in the file's text (JSON syntax errors). */
  line?: number;
  column?: number;
  /** Position of the attempt in the file. */
  attempt?: number;
  /** Position of the entry among its attempt's entries (or in the file when its attempt is unknown). */
  entry?: number;
  /** Position of the scenario source in the file. */
  scenario?: number;
  /** The field at fault (the last name in the path). */
  field?: string;
  /** Technical path in the file, e.g. `attempts[3].card.percent`. */
  path: string;
}

export interface FileProblem<C extends string = FileProblemCode> {
  code: C;
  at: FilePlace;
  params: Record<string, string | number>;
}

/** What identifies a kind of file: its `format` value and the key and value of its version. */
export interface FileKind {
  format: string;
  versionKey: string;
  version: number;
  /** The array of items counted against a cap before anything else is read. */
  items: { key: string; max: number };
}

export const fileProblem = (code: FileProblemCode, params: FileProblem['params'] = {}, place: Partial<FilePlace> = {}): FileProblem => ({
  code,
  at: { file: true, path: '', ...place },
  params,
});

/**
 * The file's text as a JSON object of the right kind, or the one problem that stops reading it:
 * too large (counted in bytes, as browsers and disks count), empty, not JSON (with its line and
 * column), another format, another version, written by a newer Palier, too many items.
 */
export function openFile(text: string, kind: FileKind): { raw: Record<string, unknown> } | { problems: FileProblem[] } {
  const size = text.length * 3 > IMPORT_MAX_BYTES ? new TextEncoder().encode(text).length : text.length;
  if (size > IMPORT_MAX_BYTES) return { problems: [fileProblem('too-large', { size, max: IMPORT_MAX_BYTES })] };
  if (text.trim() === '') return { problems: [fileProblem('empty-file')] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { problems: [fileProblem('not-json', {}, jsonErrorPlace(text, e))] };
  }
  if (!isRecord(raw) || raw.format !== kind.format) return { problems: [fileProblem('wrong-format', { expected: kind.format })] };
  const version = raw[kind.versionKey];
  if (version !== kind.version) {
    return { problems: [fileProblem('unsupported-version', { found: String(version), supported: kind.version }, { field: kind.versionKey, path: kind.versionKey })] };
  }
  if (typeof raw.dbVersion === 'number' && raw.dbVersion > DB_VERSION) {
    return { problems: [fileProblem('newer-database', { found: raw.dbVersion, supported: DB_VERSION }, { field: 'dbVersion', path: 'dbVersion' })] };
  }
  const items = raw[kind.items.key];
  if (Array.isArray(items) && items.length > kind.items.max) {
    return { problems: [fileProblem('too-many', { field: kind.items.key, found: items.length, max: kind.items.max }, { field: kind.items.key, path: kind.items.key })] };
  }
  return { raw };
}

/** `checksum-mismatch` when the file's checksum is not the one of its content (a missing or malformed checksum is the schema's to report). */
export async function checksumProblem(raw: Record<string, unknown>): Promise<FileProblem | undefined> {
  if (typeof raw.checksum !== 'string') return undefined;
  return raw.checksum === (await sha256Checksum(raw)) ? undefined : fileProblem('checksum-mismatch', {}, { field: 'checksum', path: 'checksum' });
}

/** The schema's issues as located problems. */
export function schemaProblems(issues: readonly z.core.$ZodIssue[], raw: unknown): FileProblem[] {
  return issues.flatMap((issue): FileProblem[] => {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ code: 'unknown-field' as const, at: place([...path, key], raw), params: { field: key } }));
    }
    const at = place(path, raw);
    const params: FileProblem['params'] = { field: at.field ?? '' };
    if (isMissing(path, raw)) return [{ code: 'missing-field', at, params }];
    if (issue.code === 'invalid_type') return [{ code: 'wrong-type', at, params: { ...params, expected: issue.expected } }];
    if (issue.code === 'invalid_value') params.allowed = issue.values.map(String).join(', ');
    if (issue.code === 'too_big') params.max = Number(issue.maximum);
    if (issue.code === 'too_small') params.min = Number(issue.minimum);
    return [{ code: 'invalid-value', at, params: { ...params, detail: issue.message } }];
  });
}

/** The first problems (a badly damaged file can hold thousands), and how many were left out. */
export function firstProblems<P>(problems: readonly P[]): { problems: P[]; more: number } {
  return { problems: problems.slice(0, MAX_REPORTED_PROBLEMS), more: Math.max(0, problems.length - MAX_REPORTED_PROBLEMS) };
}

/** Turns a path in the file into a place a person can find. */
export function place(path: readonly PropertyKey[], raw: unknown): FilePlace {
  const [head, index] = path;
  const names = path.filter((p): p is string => typeof p === 'string');
  const at: FilePlace = { path: formatPath(path) };
  if (names.length > 1 || (names.length === 1 && typeof index !== 'number')) at.field = names[names.length - 1];
  if (typeof index !== 'number') return at;
  if (head === 'attempts') at.attempt = index + 1;
  else if (head === 'scenarios') at.scenario = index + 1;
  else if (head === 'entries') Object.assign(at, entryPlace(raw, index));
  return at;
}

/**
 * A file name that says what, whose and when, slugged as profile exports are.
 *
 * @example
 * revueFileName('revue', 'Élodie Martin', new Date(2026, 10, 29)); // 'palier-revue-elodie-martin-2026-11-29.json'
 */
export function revueFileName(kind: 'revue' | 'retour', name: string, now: Date): string {
  return exportFileName({ name }, now.getTime()).replace(/^palier-/, `palier-${kind}-`);
}
