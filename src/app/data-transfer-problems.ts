import type { z } from 'zod';

/**
 * Why a profile export cannot be imported, and where: problems are data (a stable code, a place a
 * person can find, parameters), worded once by the screen (`settings.import.code.<code>`,
 * `settings.import.at.<place>`). Shared by the checks of `data-transfer.ts` (envelope, attempts,
 * settings) and `data-transfer-work.ts` (scenarios, retours, the Revue).
 */

/** A badly damaged file can hold thousands of problems: the first ones are enough to act on. */
export const MAX_REPORTED_PROBLEMS = 50;

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
  | 'attempt-of-other-profile'
  // Version 2: the Atelier's scenarios, retours formateur, the Revue.
  /** Two scenario rows with one key ([id+version], or [id+hash] for a bundle's sources). */
  | 'duplicate-scenario'
  /** A published version whose source does not compile on this device. */
  | 'invalid-scenario'
  /** A published version whose source compiles to another id, version or hash than the row says. */
  | 'scenario-mismatch'
  /** A version of the file and one of this device share [id+version] but are not the same work. */
  | 'scenario-clash'
  | 'duplicate-feedback'
  /** A retour on an attempt that is not in the file. */
  | 'orphan-feedback'
  | 'duplicate-review'
  /** An imported attempt whose row and attempt (or its entries) disagree. */
  | 'review-mismatch'
  /** An audit trail event on an imported attempt that is not in the file. */
  | 'orphan-event'
  | 'duplicate-statement'
  /** An xAPI statement that is not valid, or not under its own id. */
  | 'invalid-statement';

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
  /** Position of the Atelier scenario version in the file. */
  scenario?: number;
  /** Position of the retour formateur. */
  feedback?: number;
  /** Position of the imported attempt (the Revue); `entry` is then the rank among its entries. */
  review?: number;
  /** Position of the scenario source that came with a bundle. */
  bundleScenario?: number;
  /** Position of the audit trail event. */
  event?: number;
  /** Position of the xAPI statement. */
  statement?: number;
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

export const fileProblem = (code: ImportProblemCode, params: ImportProblem['params'] = {}, place: Partial<ProblemPlace> = {}): ImportProblem => ({
  code,
  at: { file: true, path: '', ...place },
  params,
});

/** A problem at a path of the file. */
export const problemAt = (code: ImportProblemCode, path: readonly PropertyKey[], raw: unknown, params: ImportProblem['params'] = {}): ImportProblem => ({
  code,
  at: place(path, raw),
  params,
});

/** A problem found while writing (a record of the file meets one of this device): the write is undone. */
export class ImportConflict extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.code);
  }
}

/** A zod issue as located problems (one per unknown key). */
export function fromIssue(issue: z.core.$ZodIssue, raw: unknown): ImportProblem[] {
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

/** The place key of each array of the file, other than attempts and entries. */
const LISTS: Readonly<Record<string, keyof ProblemPlace>> = {
  settings: 'setting',
  scenarios: 'scenario',
  feedback: 'feedback',
  reviews: 'review',
  bundleScenarios: 'bundleScenario',
  reviewEvents: 'event',
  outbox: 'statement',
};

/** Turns a path in the file into a place a person can find. */
export function place(path: readonly PropertyKey[], raw: unknown): ProblemPlace {
  const [head, index, inner, rank] = path;
  const names = path.filter((p): p is string => typeof p === 'string');
  const at: ProblemPlace = { path: formatPath(path) };
  if (names.length > 1 || (names.length === 1 && typeof index !== 'number')) at.field = names[names.length - 1];
  const list = typeof head === 'string' && Object.hasOwn(LISTS, head) ? LISTS[head] : undefined;
  if (head === 'profile') at.profile = true;
  else if (head === 'attempts' && typeof index === 'number') at.attempt = index + 1;
  else if (head === 'entries' && typeof index === 'number') Object.assign(at, entryPlace(raw, index));
  else if (list && typeof index === 'number') Object.assign(at, { [list]: index + 1 });
  // An imported attempt carries its own entries: « tentative importée 2, entrée 5 ».
  if (head === 'reviews' && inner === 'entries' && typeof rank === 'number') at.entry = rank + 1;
  return at;
}

export type EntryPlace = { attempt?: number; entry: number };
/** Places of every entry of a file, computed once (a damaged file may have thousands of problems). */
const entryPlaces = new WeakMap<object, EntryPlace[]>();

/** « tentative 3, entrée 12 »: the entry's attempt by its position in the file, and its rank in it. */
export function entryPlace(raw: unknown, index: number): EntryPlace {
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

export function isMissing(path: readonly PropertyKey[], raw: unknown): boolean {
  const key = path[path.length - 1];
  if (typeof key !== 'string') return false;
  let parent: unknown = raw;
  for (const step of path.slice(0, -1)) {
    if (!isRecord(parent) && !Array.isArray(parent)) return false;
    parent = (parent as Record<PropertyKey, unknown>)[step];
  }
  return isRecord(parent) && !Object.hasOwn(parent, key);
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Line and column of a JSON syntax error, when the engine says where it is. */
export function jsonErrorPlace(text: string, e: unknown): Partial<ProblemPlace> {
  const message = e instanceof Error ? e.message : '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  if (!position) return {};
  const before = text.slice(0, Number(position[1])).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
