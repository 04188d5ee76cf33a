import { describe, expect, it } from 'vitest';
import {
  checkProfileExport,
  EXPORT_FORMAT,
  exportFileName,
  exportProfile,
  IMPORT_MAX_BYTES,
  importProfile,
  MAX_REPORTED_PROBLEMS,
  readProfileFile,
  serializeExport,
  type ImportCheck,
  type ProfileExport,
} from '../../src/app/data-transfer.ts';
import { hashOf } from '../../src/core/hash.ts';
import { DB_VERSION, type PalierDatabase } from '../../src/db/db.ts';
import { freshDatabase, seedProfile, snapshot } from './profile-fixture.ts';

const NOW = Date.UTC(2026, 10, 29, 14, 30);

type Json = Record<string, unknown> & { attempts: Record<string, unknown>[]; entries: Record<string, unknown>[] };

async function exported(db: PalierDatabase, profileId: string, now = NOW): Promise<ProfileExport> {
  const data = await exportProfile(db, profileId, now);
  if (!data) throw new Error('no export');
  return data;
}

/** A damaged copy of an export, signed again so only the damage is at fault. */
function tampered(data: ProfileExport, damage: (json: Json) => void, resign = true): string {
  const json = JSON.parse(serializeExport(data)) as Json;
  damage(json);
  if (resign) {
    const { checksum: _old, ...body } = json;
    json.checksum = hashOf(body);
  }
  return JSON.stringify(json);
}

/** What the settings screen does: read and check the file, write only if the whole file is valid. */
async function importFile(db: PalierDatabase, text: string | Blob): Promise<ImportCheck | Awaited<ReturnType<typeof importProfile>>> {
  const check = await readProfileFile(typeof text === 'string' ? new Blob([text]) : text);
  return check.ok ? importProfile(db, check.data) : check;
}

function problemsOf(result: { ok: boolean } & ({ ok: true } | { ok: false; problems: unknown[] })): unknown[] {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems;
}

describe('export', () => {
  it('holds the profile, its attempts and entries, its non-secret settings, versioned and checksummed', async () => {
    const db = freshDatabase();
    const { profile, attempts, entries } = await seedProfile(db);
    const other = await seedProfile(db, 'Sami', [3]);
    const data = await exported(db, profile.id);

    expect(data).toMatchObject({ format: EXPORT_FORMAT, formatVersion: 1, exportedAt: '2026-11-29T14:30:00.000Z', dbVersion: DB_VERSION });
    expect(data.profile).toEqual(profile);
    expect(data.attempts.map((a) => a.id)).toEqual(attempts.map((a) => a.id));
    expect(data.entries).toHaveLength(entries.length);
    expect(data.entries.every((e) => e.attemptId !== other.attempts[0]?.id)).toBe(true);
    expect(data.settings.map((s) => s.key)).toEqual([`profile:${profile.id}:mode`]);
    expect(serializeExport(data)).not.toContain('sk-secret');
    const { checksum, ...body } = data;
    expect(checksum).toBe(hashOf(body));
  });

  it('names the file after the person and the day', () => {
    expect(exportFileName({ name: 'Élodie  Martin-Saïd' }, new Date(2026, 10, 29, 23, 50).getTime())).toBe('palier-elodie-martin-said-2026-11-29.json');
    expect(exportFileName({ name: '😀' }, new Date(2026, 0, 5).getTime())).toBe('palier-profil-2026-01-05.json');
  });
});

describe('round trip', () => {
  it('export → import into an empty database → export gives the same file', async () => {
    const source = freshDatabase();
    const { profile } = await seedProfile(source);
    const first = serializeExport(await exported(source, profile.id));

    const target = freshDatabase();
    const result = await importFile(target, first);
    expect(result).toMatchObject({ ok: true, result: { profileStatus: 'added', attempts: { added: 3, updated: 0, kept: 0 }, entries: 20, settings: 1 } });

    const again = serializeExport(await exported(target, profile.id));
    expect(again).toBe(first);

    // At another time only exportedAt (and so the checksum) differ.
    const later = await exported(target, profile.id, NOW + 86_400_000);
    const { exportedAt: _a, checksum: _b, ...rest } = later;
    const { exportedAt: _c, checksum: _d, ...original } = JSON.parse(first) as ProfileExport;
    expect(rest).toEqual(original);
  });

  it('updates a profile that exists by id and merges its attempts by id, keeping newer copies on the device', async () => {
    const db = freshDatabase();
    const { profile, attempts } = await seedProfile(db);
    const file = await exported(db, profile.id);
    const [first, second] = attempts;
    if (!first || !second) throw new Error('fixture');
    await db.profiles.update(profile.id, { role: 'senior' });
    await db.attempts.update(first.id, { updatedAt: first.updatedAt + 1, status: 'abandoned' });
    await db.attempts.delete(second.id);
    await db.entries.where('attemptId').equals(second.id).delete();
    const local = await db.attempts.add({ ...second, id: 'local-only', entryCount: 0 });

    const result = await importProfile(db, file);
    expect(result).toMatchObject({ ok: true, result: { profileStatus: 'updated', attempts: { added: 1, updated: 1, kept: 1 } } });
    expect((await db.profiles.get(profile.id))?.role).toBe('junior');
    expect((await db.attempts.get(first.id))?.status).toBe('abandoned');
    expect(await db.attempts.get(local)).toBeDefined();
    expect(await db.entries.where('attemptId').equals(second.id).count()).toBe(second.entryCount);
  });

  it('renames an imported profile whose name another profile on the device uses', async () => {
    const source = freshDatabase();
    const { profile } = await seedProfile(source, 'Camille');
    const target = freshDatabase();
    await seedProfile(target, 'camille', [1]);
    const result = await importProfile(target, await exported(source, profile.id));
    expect(result).toMatchObject({ ok: true, result: { renamedFrom: 'Camille', profile: { name: 'Camille (2)' } } });
  });

  it('writes nothing when an attempt id belongs to another profile of the device (one transaction)', async () => {
    const source = freshDatabase();
    const { profile, attempts } = await seedProfile(source);
    const target = freshDatabase();
    const { profile: someoneElse } = await seedProfile(target, 'Sami', [1]);
    const clash = attempts[2];
    if (!clash) throw new Error('fixture');
    await target.attempts.add({ ...clash, profileId: someoneElse.id, entryCount: 0 });
    const before = await snapshot(target);

    const result = await importProfile(target, await exported(source, profile.id));
    expect(problemsOf(result)).toEqual([{ code: 'attempt-of-other-profile', at: { attempt: 3, field: 'id', path: 'attempts[2].id' }, params: { id: clash.id } }]);
    expect(await snapshot(target)).toEqual(before);
  });
});

describe('import refuses a bad file, says where, and changes nothing', () => {
  async function refused(text: string | Blob) {
    const db = freshDatabase();
    await seedProfile(db, 'Déjà là', [2]);
    const before = await snapshot(db);
    const result = await importFile(db, text);
    expect(await snapshot(db)).toEqual(before);
    return problemsOf(result);
  }

  async function goodExport(): Promise<ProfileExport> {
    const db = freshDatabase();
    const { profile } = await seedProfile(db);
    return exported(db, profile.id);
  }

  it('not JSON, with the line and column', async () => {
    expect(await refused('{\n  "format": "palier-profile",\n  oops\n}')).toEqual([
      { code: 'not-json', at: { file: true, path: '', line: 3, column: 3 }, params: {} },
    ]);
  });

  it('an empty file', async () => {
    expect(await refused('  \n')).toMatchObject([{ code: 'empty-file' }]);
  });

  it('JSON that is not a Palier profile export', async () => {
    expect(await refused('{"format":"palier-pack","scenarios":[]}')).toMatchObject([{ code: 'wrong-format', at: { file: true } }]);
    expect(await refused('[1, 2, 3]')).toMatchObject([{ code: 'wrong-format' }]);
  });

  it('an unknown formatVersion', async () => {
    const text = tampered(await goodExport(), (j) => (j.formatVersion = 2));
    expect(await refused(text)).toEqual([{ code: 'unsupported-version', at: { file: true, path: '' }, params: { found: '2', supported: 1 } }]);
  });

  it('data from a newer database version', async () => {
    const text = tampered(await goodExport(), (j) => (j.dbVersion = DB_VERSION + 1));
    expect(await refused(text)).toMatchObject([{ code: 'newer-database', params: { found: DB_VERSION + 1 } }]);
  });

  it('a checksum that does not match (the file was edited)', async () => {
    const text = tampered(await goodExport(), (j) => ((j.entries[0]!.entry as { text: string }).text = 'Autre chose'), false);
    expect(await refused(text)).toEqual([{ code: 'checksum-mismatch', at: { file: true, path: '' }, params: {} }]);
  });

  it('an invalid attempt', async () => {
    const text = tampered(await goodExport(), (j) => (j.attempts[2]!.mode = 'voice'));
    expect(await refused(text)).toEqual([
      { code: 'invalid-value', at: { attempt: 3, field: 'mode', path: 'attempts[2].mode' }, params: { field: 'mode', allowed: 'guided, free' } },
    ]);
  });

  it('a trace entry with a missing field: tentative 3, entrée 12, « acts »', async () => {
    // Attempt 3 comes after 4 + 2 entries: its 12th entry is the file's 18th.
    const text = tampered(await goodExport(), (j) => delete (j.entries[17]!.entry as Record<string, unknown>).acts);
    expect(await refused(text)).toEqual([
      { code: 'missing-field', at: { attempt: 3, entry: 12, field: 'acts', path: 'entries[17].entry.acts' }, params: { field: 'acts' } },
    ]);
  });

  it('trace entries of the wrong shape or kind', async () => {
    const text = tampered(await goodExport(), (j) => {
      (j.entries[0]!.entry as Record<string, unknown>).moodAfter = 'calme';
      (j.entries[1]!.entry as Record<string, unknown>).kind = 'shout';
      (j.entries[4]!.entry as Record<string, unknown>).volume = 11;
    });
    expect(await refused(text)).toEqual([
      { code: 'wrong-type', at: { attempt: 1, entry: 1, field: 'moodAfter', path: 'entries[0].entry.moodAfter' }, params: { field: 'moodAfter', expected: 'number' } },
      { code: 'invalid-value', at: { attempt: 1, entry: 2, field: 'kind', path: 'entries[1].entry.kind' }, params: { field: 'kind', allowed: 'turn, unclear, hint' } },
      { code: 'unknown-field', at: { attempt: 2, entry: 1, field: 'volume', path: 'entries[4].entry.volume' }, params: { field: 'volume' } },
    ]);
  });

  it('an entry referring to an attempt that is not in the file', async () => {
    const text = tampered(await goodExport(), (j) => j.entries.push({ attemptId: 'nowhere', index: 0, entry: j.entries[0]!.entry }));
    expect(await refused(text)).toEqual([
      { code: 'unknown-attempt', at: { entry: 21, field: 'attemptId', path: 'entries[20].attemptId' }, params: { id: 'nowhere' } },
    ]);
  });

  it('references that do not hold together', async () => {
    const text = tampered(await goodExport(), (j) => {
      j.attempts[1]!.profileId = 'someone-else';
      j.attempts[0]!.entryCount = 9;
      j.entries[1]!.index = 0;
      (j.settings as { key: string; value: unknown }[]).push({ key: 'locale', value: 'en' });
    });
    expect((await refused(text)).map((p) => (p as { code: string }).code)).toEqual([
      'foreign-attempt',
      'duplicate-entry',
      'entry-count-mismatch',
      'foreign-setting',
    ]);
  });

  it('a file over the size limit, refused before it is read', async () => {
    const big = new Blob([new Uint8Array(IMPORT_MAX_BYTES + 1)]);
    expect(await refused(big)).toEqual([
      { code: 'too-large', at: { file: true, path: '' }, params: { size: IMPORT_MAX_BYTES + 1, max: IMPORT_MAX_BYTES } },
    ]);
    const text = ' '.repeat(IMPORT_MAX_BYTES + 1);
    expect(checkProfileExport(text)).toMatchObject({ ok: false, problems: [{ code: 'too-large' }] });
  });

  it('reports the first problems of a badly damaged file and counts the rest', async () => {
    const text = tampered(await goodExport(), (j) => {
      for (const e of j.entries) delete (e.entry as Record<string, unknown>).at;
      for (const e of j.entries) (e.entry as Record<string, unknown>).x = 1;
      for (const e of j.entries) e.index = -1;
    });
    const result = checkProfileExport(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(MAX_REPORTED_PROBLEMS);
      expect(result.more).toBe(60 - MAX_REPORTED_PROBLEMS);
    }
  });
});
