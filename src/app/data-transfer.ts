import { hashOf } from '../core/hash.ts';
import { DB_VERSION, type EntryRecord, type PalierDatabase, type ProfileRecord } from '../db/db.ts';
import { storedAttempt, withTexts } from './card-texts.ts';
import { forgetProgress } from './progress-store.ts';
import {
  compare,
  fileProblem,
  fromIssue,
  ImportConflict,
  isRecord,
  jsonErrorPlace,
  MAX_REPORTED_PROBLEMS,
  place,
  type ImportProblem,
} from './data-transfer-problems.ts';
import { compiledScenarios, exportWork, refreshAfterImport, sourceProblems, workProblems, workTables, writeWork, type WorkResult } from './data-transfer-work.ts';
import { IMPORT_MAX_BYTES } from './limits.ts';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, migrateV1, ProfileExport, ProfileExportV1 } from './profile-export.schema.ts';
import { freeProfileName, isSecretSetting, profileSettingPrefix } from './profiles.ts';

/**
 * One profile's data as a file: the profile, its attempts with their trace entries, its non-secret
 * settings, and the rest of that person's work on the device by role (`data-transfer-work.ts`:
 * retours, Atelier scenarios, the Revue), versioned and checksummed, so it can move to another
 * device and come back exactly. Import validates everything before writing anything, and writes
 * everything or nothing. The file's format itself (schemas, types, versions, migration) is
 * `profile-export.schema.ts`; where a problem is, `data-transfer-problems.ts`.
 */

export { EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from './profile-export.schema.ts';
export type { ProfileExport } from './profile-export.schema.ts';
export { MAX_REPORTED_PROBLEMS, type ImportProblem, type ImportProblemCode, type ProblemPlace } from './data-transfer-problems.ts';
export type { WorkResult } from './data-transfer-work.ts';
/** Files above this size (20 Mo, counted as browsers and disks do) are refused before being read. */
export { IMPORT_MAX_BYTES };

// ---------------------------------------------------------------------------------------------
// Export

/**
 * The profile's data as an export object (see {@link serializeExport} for the file's text).
 * Attempts are ordered by start, entries by attempt then index, every other list by its key, so
 * equal data gives an equal file. Secrets never leave the device (see `isSecretSetting`).
 */
export async function exportProfile(db: PalierDatabase, profileId: string, now = Date.now()): Promise<ProfileExport | undefined> {
  return db.transaction('r', [db.profiles, db.attempts, db.entries, db.settings, db.rubricTexts, ...workTables(db)], async () => {
    const profile = await db.profiles.get(profileId);
    if (!profile) return undefined;
    // Cards go out whole (with their rubric's texts), so the file stands on its own.
    const attempts = (await withTexts(db, await db.attempts.where('profileId').equals(profileId).toArray())).sort(
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
    const work = await exportWork(db, profile, attempts);
    const body = {
      format: EXPORT_FORMAT,
      formatVersion: EXPORT_FORMAT_VERSION,
      exportedAt: new Date(now).toISOString(),
      dbVersion: DB_VERSION,
      profile,
      attempts,
      entries,
      settings,
      ...work,
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
  const { scenarios, feedback, reviews, bundleScenarios, reviewEvents, outbox } = data;
  const root = { format, formatVersion, exportedAt, dbVersion, checksum, profile, attempts, entries, settings, scenarios, feedback, reviews, bundleScenarios, reviewEvents, outbox };
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

export type ImportCheck = { ok: true; data: ProfileExport } | { ok: false; problems: ImportProblem[]; more: number };

function refused(problems: ImportProblem[]): ImportCheck & { ok: false } {
  return { ok: false, problems: problems.slice(0, MAX_REPORTED_PROBLEMS), more: Math.max(0, problems.length - MAX_REPORTED_PROBLEMS) };
}

/** Reads a chosen file and checks it; a file over {@link IMPORT_MAX_BYTES} is refused unread. */
export async function readProfileFile(file: Blob): Promise<ImportCheck> {
  if (file.size > IMPORT_MAX_BYTES) return refused([fileProblem('too-large', { size: file.size, max: IMPORT_MAX_BYTES })]);
  return checkProfileExport(await file.text());
}

/**
 * Checks a file's text completely: size, JSON, format and versions (a version 1 file is read and
 * migrated to version 2), checksum, the structure of every record, the references between them,
 * and that each published scenario version compiles here to the hash it claims and each queued
 * xAPI statement is valid. Problems are data (code, place, parameters); the screen words them.
 * Nothing is written here.
 *
 * @example
 * const check = await checkProfileExport(await file.text());
 * if (check.ok) await importProfile(db, check.data);
 */
export async function checkProfileExport(text: string): Promise<ImportCheck> {
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
  const version = raw.formatVersion;
  if (version !== 1 && version !== EXPORT_FORMAT_VERSION) {
    return refused([fileProblem('unsupported-version', { found: String(version), supported: EXPORT_FORMAT_VERSION })]);
  }
  if (typeof raw.dbVersion === 'number' && raw.dbVersion > DB_VERSION) {
    return refused([fileProblem('newer-database', { found: raw.dbVersion, supported: DB_VERSION })]);
  }
  const problems: ImportProblem[] = [];
  const { checksum, ...body } = raw;
  if (typeof checksum === 'string' && checksum !== hashOf(body)) problems.push(fileProblem('checksum-mismatch'));
  const parsed = version === 1 ? ProfileExportV1.safeParse(raw) : ProfileExport.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...fromIssue(issue, raw));
    return refused(problems);
  }
  const data = parsed.data.formatVersion === 1 ? migrateV1(parsed.data) : parsed.data;
  problems.push(...referenceProblems(data, raw), ...workProblems(data, raw), ...(await sourceProblems(data, raw)));
  return problems.length > 0 ? refused(problems) : { ok: true, data };
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

// ---------------------------------------------------------------------------------------------
// Import: write

export interface ImportResult extends WorkResult {
  profile: ProfileRecord;
  profileStatus: 'added' | 'updated';
  /** The name in the file, when another profile on the device already used it. */
  renamedFrom?: string;
  attempts: { added: number; updated: number; kept: number };
  entries: number;
  settings: number;
}

/**
 * Writes a checked export in one transaction: the profile is added, or updated when it already
 * exists by id; attempts are merged by id (the device keeps its own copy when it is more recent);
 * an attempt's trace entries are replaced with the file's; the work rows are merged as
 * `data-transfer-work.ts` says (never overwriting newer with older, the audit trail only appended
 * to). Any conflict aborts the whole write. Scores of record the merge may have moved are
 * recomputed afterwards, as after a bundle import.
 *
 * @example
 * const written = await importProfile(db, check.data);
 * if (!written.ok) show(written.problems);
 */
export async function importProfile(
  db: PalierDatabase,
  data: ProfileExport,
): Promise<{ ok: true; result: ImportResult } | { ok: false; problems: ImportProblem[]; more: number }> {
  // Published scenario versions are compiled before the transaction (the check usually did it).
  const sources = await compiledScenarios(data);
  if (sources.problems.length > 0) return refused(sources.problems);
  try {
    const { result, refresh } = await db.transaction('rw', [db.profiles, db.attempts, db.entries, db.settings, db.progress, db.rubricTexts, ...workTables(db)], async () => {
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
        await storedAttempt(db, attempt);
        await db.entries.where('attemptId').equals(attempt.id).delete();
        const rows = rowsOf.get(attempt.id) ?? [];
        await db.entries.bulkPut(rows);
        entries += rows.length;
      }
      await db.settings.bulkPut(data.settings);
      const work = await writeWork(db, data, sources.compiled);
      // Attempts and « retours » may have changed under the stored progress: rebuilt on next read.
      await forgetProgress(db);
      return {
        result: {
          profile,
          profileStatus: existing ? ('updated' as const) : ('added' as const),
          ...(name !== data.profile.name ? { renamedFrom: data.profile.name } : {}),
          attempts,
          entries,
          settings: data.settings.length,
          ...work.result,
        },
        refresh: work.refresh,
      };
    });
    await refreshAfterImport(db, refresh);
    return { ok: true, result };
  } catch (e) {
    if (e instanceof ImportConflict) return refused([e.problem]);
    throw e;
  }
}
