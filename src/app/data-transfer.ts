import type { z } from 'zod';
import { hashOf } from '../core/hash.ts';
import { DB_VERSION, type EntryRecord, type PalierDatabase, type ProfileRecord } from '../db/db.ts';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, ProfileExport } from './profile-export.schema.ts';
import { freeProfileName, isSecretSetting, profileSettingPrefix } from './profiles.ts';

/**
 * One profile's data as a file: the profile, its attempts with their trace entries and its
 * non-secret settings, versioned and checksummed, so it can move to another device (or to a
 * trainer) and come back exactly. Import validates everything before writing anything. The file's
 * format itself (schema, type, version) is `profile-export.schema.ts`.
 */

export { EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from './profile-export.schema.ts';
export type { ProfileExport } from './profile-export.schema.ts';

/** Files above this size (20 Mo, counted as browsers and disks do) are refused before being read. */
import { IMPORT_MAX_BYTES } from './limits.ts';

export { IMPORT_MAX_BYTES };
/** A badly damaged file can hold thousands of problems: the first ones are enough to act on. */
export const MAX_REPORTED_PROBLEMS = 50;

// ---------------------------------------------------------------------------------------------
// Export

/**
 * The profile's data as an export object (see {@link serializeExport} for the file's text).
 * Attempts are ordered by start, entries by attempt then index, so equal data gives an equal file.
 */
export async function exportProfile(db: PalierDatabase, profileId: string, now = Date.now()): Promise<ProfileExport | undefined> {
  return db.transaction('r', [db.profiles, db.attempts, db.entries, db.settings], async () => {
    const profile = await db.profiles.get(profileId);
    if (!profile) return undefined;
    const attempts = (await db.attempts.where('profileId').equals(profileId).toArray()).sort(
      (a, b) => a.startedAt - b.startedAt || compare(a.id, b.id),
    );
    const entries: EntryRecord[] = [];
    for (const [i, attempt] of attempts.entries()) {
      const rows = await db.entries.where('attemptId').equals(attempt.id).sortBy('index');
      entries.push(...rows);
      // An attempt in progress writes only its entries turn by turn: its count is what is stored.
      attempts[i] = { ...attempt, entryCount: rows.length };
    }
    const settings = (await db.settings.where('key').startsWith(profileSettingPrefix(profileId)).toArray())
      .filter((s) => !isSecretSetting(s.key))
      .sort((a, b) => compare(a.key, b.key));
    const body = {
      format: EXPORT_FORMAT,
      formatVersion: EXPORT_FORMAT_VERSION,
      exportedAt: new Date(now).toISOString(),
      dbVersion: DB_VERSION,
      profile,
      attempts,
      entries,
      settings,
    } as const;
    return { ...body, checksum: hashOf(body) };
  });
}

/**
 * The file's text: the envelope's fields first, in a fixed order, and every record's keys sorted,
 * so equal data always gives the same bytes (a round trip is byte-identical). Indented, so a line
 * number in an import problem means something.
 */
export function serializeExport(data: ProfileExport): string {
  const { format, formatVersion, exportedAt, dbVersion, checksum, profile, attempts, entries, settings } = data;
  const root = { format, formatVersion, exportedAt, dbVersion, checksum, profile, attempts, entries, settings };
  const sorted = (_key: string, v: unknown): unknown =>
    isRecord(v) && v !== root ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => compare(a, b))) : v;
  return JSON.stringify(root, sorted, 2) + '\n';
}

/**
 * A file name that says whose data and when: `palier-<name>-<YYYY-MM-DD>.json`.
 *
 * @example
 * exportFileName({ name: 'Élodie Martin' }, Date.UTC(2026, 10, 29)); // 'palier-elodie-martin-2026-11-29.json'
 */
export function exportFileName(profile: Pick<ProfileRecord, 'name'>, now = Date.now()): string {
  const slug =
    profile.name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'profil';
  const d = new Date(now);
  const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return `palier-${slug}-${date}.json`;
}

// ---------------------------------------------------------------------------------------------
// Import: check

export type ImportProblemCode =
  | 'too-large'
  | 'empty-file'
  | 'not-json'
  | 'wrong-format'
  | 'unsupported-version'
  | 'newer-database'
  | 'checksum-mismatch'
  | 'missing-field'
  | 'unknown-field'
  | 'wrong-type'
  | 'invalid-value'
  | 'duplicate-attempt'
  | 'foreign-attempt'
  | 'duplicate-entry'
  | 'unknown-attempt'
  | 'entry-count-mismatch'
  | 'foreign-setting'
  | 'secret-setting'
  | 'attempt-of-other-profile';

/** Where a problem is, for a person: numbers are 1-based, as one counts. */
export interface ProblemPlace {
  /** The whole file (size, JSON syntax, format). */
  file?: true;
  /** Line and column in the file's text (JSON syntax errors). */
  line?: number;
  column?: number;
  profile?: true;
  /** Position of the attempt in the file. */
  attempt?: number;
  /** Position of the entry among its attempt's entries (or in the file when its attempt is unknown). */
  entry?: number;
  setting?: number;
  /** The field at fault (the last name in the path). */
  field?: string;
  /** Technical path in the file, e.g. `entries[57].entry.acts`. */
  path: string;
}

export interface ImportProblem {
  code: ImportProblemCode;
  at: ProblemPlace;
  params: Record<string, string | number>;
}

export type ImportCheck = { ok: true; data: ProfileExport } | { ok: false; problems: ImportProblem[]; more: number };

function refused(problems: ImportProblem[]): ImportCheck {
  return { ok: false, problems: problems.slice(0, MAX_REPORTED_PROBLEMS), more: Math.max(0, problems.length - MAX_REPORTED_PROBLEMS) };
}

const fileProblem = (code: ImportProblemCode, params: ImportProblem['params'] = {}, place: Partial<ProblemPlace> = {}): ImportProblem => ({
  code,
  at: { file: true, path: '', ...place },
  params,
});

/** Reads a chosen file and checks it; a file over {@link IMPORT_MAX_BYTES} is refused unread. */
export async function readProfileFile(file: Blob): Promise<ImportCheck> {
  if (file.size > IMPORT_MAX_BYTES) return refused([fileProblem('too-large', { size: file.size, max: IMPORT_MAX_BYTES })]);
  return checkProfileExport(await file.text());
}

/**
 * Checks a file's text completely: size, JSON, format and versions, checksum, the structure of every
 * record, and the references between them. Problems are data (code, place, parameters); the screen
 * words them. Nothing is written here.
 */
export function checkProfileExport(text: string): ImportCheck {
  const size = text.length * 3 > IMPORT_MAX_BYTES ? new TextEncoder().encode(text).length : text.length;
  if (size > IMPORT_MAX_BYTES) return refused([fileProblem('too-large', { size, max: IMPORT_MAX_BYTES })]);
  if (text.trim() === '') return refused([fileProblem('empty-file')]);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return refused([fileProblem('not-json', {}, jsonErrorPlace(text, e))]);
  }
  if (!isRecord(raw) || raw.format !== EXPORT_FORMAT) return refused([fileProblem('wrong-format')]);
  if (raw.formatVersion !== EXPORT_FORMAT_VERSION) {
    return refused([fileProblem('unsupported-version', { found: String(raw.formatVersion), supported: EXPORT_FORMAT_VERSION })]);
  }
  if (typeof raw.dbVersion === 'number' && raw.dbVersion > DB_VERSION) {
    return refused([fileProblem('newer-database', { found: raw.dbVersion, supported: DB_VERSION })]);
  }
  const problems: ImportProblem[] = [];
  const { checksum, ...body } = raw;
  if (typeof checksum === 'string' && checksum !== hashOf(body)) problems.push(fileProblem('checksum-mismatch'));
  const parsed = ProfileExport.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...fromIssue(issue, raw));
    return refused(problems);
  }
  problems.push(...referenceProblems(parsed.data, raw));
  return problems.length > 0 ? refused(problems) : { ok: true, data: parsed.data };
}

function fromIssue(issue: z.core.$ZodIssue, raw: unknown): ImportProblem[] {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ code: 'unknown-field' as const, at: place([...path, key], raw), params: { field: key } }));
  }
  const at = place(path, raw);
  const params: ImportProblem['params'] = { field: at.field ?? '' };
  if (isMissing(path, raw)) return [{ code: 'missing-field', at, params }];
  if (issue.code === 'invalid_type') return [{ code: 'wrong-type', at, params: { ...params, expected: issue.expected } }];
  if (issue.code === 'invalid_value') params.allowed = issue.values.map(String).join(', ');
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) params.allowed = issue.options.map(String).join(', ');
  return [{ code: 'invalid-value', at, params }];
}

function referenceProblems(data: ProfileExport, raw: unknown): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const attemptAt = new Map<string, number>();
  data.attempts.forEach((a, i) => {
    if (attemptAt.has(a.id)) problems.push({ code: 'duplicate-attempt', at: place(['attempts', i, 'id'], raw), params: { id: a.id } });
    else attemptAt.set(a.id, i);
    if (a.profileId !== data.profile.id) problems.push({ code: 'foreign-attempt', at: place(['attempts', i, 'profileId'], raw), params: { id: a.profileId } });
  });
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  data.entries.forEach((e, i) => {
    if (!attemptAt.has(e.attemptId)) {
      problems.push({ code: 'unknown-attempt', at: place(['entries', i, 'attemptId'], raw), params: { id: e.attemptId } });
      return;
    }
    const key = `${e.attemptId}\u0000${e.index}`;
    if (seen.has(key)) problems.push({ code: 'duplicate-entry', at: place(['entries', i, 'index'], raw), params: { index: e.index } });
    seen.add(key);
    counts.set(e.attemptId, (counts.get(e.attemptId) ?? 0) + 1);
  });
  data.attempts.forEach((a, i) => {
    const found = counts.get(a.id) ?? 0;
    if (attemptAt.get(a.id) === i && found !== a.entryCount) {
      problems.push({ code: 'entry-count-mismatch', at: place(['attempts', i, 'entryCount'], raw), params: { expected: a.entryCount, found } });
    }
  });
  const prefix = profileSettingPrefix(data.profile.id);
  data.settings.forEach((s, i) => {
    if (isSecretSetting(s.key)) problems.push({ code: 'secret-setting', at: place(['settings', i, 'key'], raw), params: { key: s.key } });
    else if (!s.key.startsWith(prefix)) problems.push({ code: 'foreign-setting', at: place(['settings', i, 'key'], raw), params: { key: s.key } });
  });
  return problems;
}

/** Turns a path in the file into a place a person can find. */
function place(path: readonly PropertyKey[], raw: unknown): ProblemPlace {
  const [head, index] = path;
  const names = path.filter((p): p is string => typeof p === 'string');
  const at: ProblemPlace = { path: formatPath(path) };
  if (names.length > 1 || (names.length === 1 && typeof index !== 'number')) at.field = names[names.length - 1];
  if (head === 'profile') at.profile = true;
  else if (head === 'attempts' && typeof index === 'number') at.attempt = index + 1;
  else if (head === 'settings' && typeof index === 'number') at.setting = index + 1;
  else if (head === 'entries' && typeof index === 'number') Object.assign(at, entryPlace(raw, index));
  return at;
}

type EntryPlace = { attempt?: number; entry: number };
/** Places of every entry of a file, computed once (a damaged file may have thousands of problems). */
const entryPlaces = new WeakMap<object, EntryPlace[]>();

/** « tentative 3, entrée 12 »: the entry's attempt by its position in the file, and its rank in it. */
function entryPlace(raw: unknown, index: number): EntryPlace {
  if (!isRecord(raw)) return { entry: index + 1 };
  let places = entryPlaces.get(raw);
  if (!places) {
    const entries: unknown[] = Array.isArray(raw.entries) ? raw.entries : [];
    const attempts: unknown[] = Array.isArray(raw.attempts) ? raw.attempts : [];
    const position = new Map<string, number>();
    attempts.forEach((a, i) => {
      if (isRecord(a) && typeof a.id === 'string' && !position.has(a.id)) position.set(a.id, i + 1);
    });
    const ranks = new Map<string, number>();
    places = entries.map((e, i) => {
      const id = isRecord(e) && typeof e.attemptId === 'string' ? e.attemptId : undefined;
      const attempt = id === undefined ? undefined : position.get(id);
      if (id === undefined || attempt === undefined) return { entry: i + 1 };
      const rank = (ranks.get(id) ?? 0) + 1;
      ranks.set(id, rank);
      return { attempt, entry: rank };
    });
    entryPlaces.set(raw, places);
  }
  return places[index] ?? { entry: index + 1 };
}

function isMissing(path: readonly PropertyKey[], raw: unknown): boolean {
  const key = path[path.length - 1];
  if (typeof key !== 'string') return false;
  let parent: unknown = raw;
  for (const step of path.slice(0, -1)) {
    if (!isRecord(parent) && !Array.isArray(parent)) return false;
    parent = (parent as Record<PropertyKey, unknown>)[step];
  }
  return isRecord(parent) && !Object.hasOwn(parent, key);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Line and column of a JSON syntax error, when the engine says where it is. */
function jsonErrorPlace(text: string, e: unknown): Partial<ProblemPlace> {
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Import: write

export interface ImportResult {
  profile: ProfileRecord;
  profileStatus: 'added' | 'updated';
  /** The name in the file, when another profile on the device already used it. */
  renamedFrom?: string;
  attempts: { added: number; updated: number; kept: number };
  entries: number;
  settings: number;
}

class ImportConflict extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.code);
  }
}

/**
 * Writes a checked export in one transaction: the profile is added, or updated when it already
 * exists by id; attempts are merged by id (the device keeps its own copy when it is more recent);
 * an attempt's trace entries are replaced with the file's. Any conflict aborts the whole write.
 */
export async function importProfile(
  db: PalierDatabase,
  data: ProfileExport,
): Promise<{ ok: true; result: ImportResult } | { ok: false; problems: ImportProblem[]; more: number }> {
  try {
    const result = await db.transaction('rw', [db.profiles, db.attempts, db.entries, db.settings], async () => {
      const existing = await db.profiles.get(data.profile.id);
      const name = await freeProfileName(db, data.profile.name, data.profile.id);
      const profile: ProfileRecord = { ...data.profile, name };
      await db.profiles.put(profile);
      const attempts = { added: 0, updated: 0, kept: 0 };
      let entries = 0;
      const rowsOf = new Map<string, EntryRecord[]>();
      for (const e of data.entries) {
        const rows = rowsOf.get(e.attemptId);
        if (rows) rows.push(e);
        else rowsOf.set(e.attemptId, [e]);
      }
      for (const [i, attempt] of data.attempts.entries()) {
        const current = await db.attempts.get(attempt.id);
        if (current && current.profileId !== profile.id) {
          throw new ImportConflict({ code: 'attempt-of-other-profile', at: { attempt: i + 1, field: 'id', path: `attempts[${i}].id` }, params: { id: attempt.id } });
        }
        if (current && current.updatedAt > attempt.updatedAt) {
          attempts.kept++;
          continue;
        }
        attempts[current ? 'updated' : 'added']++;
        await db.attempts.put(attempt);
        await db.entries.where('attemptId').equals(attempt.id).delete();
        const rows = rowsOf.get(attempt.id) ?? [];
        await db.entries.bulkPut(rows);
        entries += rows.length;
      }
      await db.settings.bulkPut(data.settings);
      return {
        profile,
        profileStatus: existing ? ('updated' as const) : ('added' as const),
        ...(name !== data.profile.name ? { renamedFrom: data.profile.name } : {}),
        attempts,
        entries,
        settings: data.settings.length,
      };
    });
    return { ok: true, result };
  } catch (e) {
    if (e instanceof ImportConflict) return { ok: false, problems: [e.problem], more: 0 };
    throw e;
  }
}
