import { describe, expect, it } from 'vitest';
import {
  checkProfileExport,
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
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
import { DB_VERSION, type PalierDatabase, type Role, type ScenarioRecord } from '../../src/db/db.ts';
import { seedReviews } from '../helpers/revue.ts';
import { draftScenario, freshDatabase, seedProfile, seedWork, snapshot, type SeededWork } from './profile-fixture.ts';

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

    expect(data).toMatchObject({ format: EXPORT_FORMAT, formatVersion: EXPORT_FORMAT_VERSION, exportedAt: '2026-11-29T14:30:00.000Z', dbVersion: DB_VERSION });
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
    const text = tampered(await goodExport(), (j) => (j.formatVersion = 3));
    expect(await refused(text)).toEqual([{ code: 'unsupported-version', at: { file: true, path: '' }, params: { found: '3', supported: 2 } }]);
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
    expect(await checkProfileExport(text)).toMatchObject({ ok: false, problems: [{ code: 'too-large' }] });
  });

  it('reports the first problems of a badly damaged file and counts the rest', async () => {
    const text = tampered(await goodExport(), (j) => {
      for (const e of j.entries) delete (e.entry as Record<string, unknown>).at;
      for (const e of j.entries) (e.entry as Record<string, unknown>).x = 1;
      for (const e of j.entries) e.index = -1;
    });
    const result = await checkProfileExport(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(MAX_REPORTED_PROBLEMS);
      expect(result.more).toBe(60 - MAX_REPORTED_PROBLEMS);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Version 2: the rest of a person's work (data-transfer-work.ts)

const WORK_KEYS = ['scenarios', 'feedback', 'reviews', 'bundleScenarios', 'reviewEvents', 'outbox'] as const;

/** A device with a profile of that role, its attempts and every kind of work row (see seedWork). */
async function workDevice(role: Role) {
  const db = freshDatabase();
  const seeded = await seedProfile(db);
  await db.profiles.update(seeded.profile.id, { role });
  const work = await seedWork(db, seeded.attempts);
  return { db, ...seeded, work };
}

const withoutCompiled = ({ compiled: _derived, ...row }: ScenarioRecord) => row;
const byVersion = (a: ScenarioRecord, b: ScenarioRecord) => a.id.localeCompare(b.id) || a.version - b.version;

describe('version 2: what each role carries', () => {
  it('a junior: the retours on their attempts and the local versions they played, nothing of the Revue', async () => {
    const { db, profile, attempts, work } = await workDevice('junior');
    const played = attempts[1]!;
    await db.attempts.update(played.id, { scenarioId: work.published.id, scenarioVersion: 1, scenarioHash: work.published.hash! });
    const data = await exported(db, profile.id);
    expect(data.formatVersion).toBe(2);
    expect(data.scenarios).toEqual([withoutCompiled(work.published)]);
    expect(data.feedback).toEqual([work.feedback]);
    expect(data).toMatchObject({ reviews: [], bundleScenarios: [], reviewEvents: [], outbox: [] });
    expect(serializeExport(data)).not.toContain('"compiled"');
  });

  it('a senior: every local scenario version, drafts included, without compiled artifacts', async () => {
    const { db, profile } = await workDevice('senior');
    const data = await exported(db, profile.id);
    expect(data.scenarios).toEqual((await db.scenarios.toArray()).sort(byVersion).map(withoutCompiled));
    expect(data.scenarios.map((s) => [s.id, s.version, s.status])).toEqual([
      ['fuite-locale', 1, 'published'],
      ['fuite-locale', 2, 'draft'],
      ['nouveau-scenario', 1, 'draft'],
    ]);
    expect(data).toMatchObject({ reviews: [], reviewEvents: [], outbox: [] });
  });

  it('a trainer: the whole Revue — imported attempts, their sources, every event in order without seq, statements not yet sent', async () => {
    const { db, profile, work } = await workDevice('formateur');
    const data = await exported(db, profile.id);
    expect(data.scenarios).toHaveLength(3);
    expect(data.reviews).toEqual([work.review]);
    expect(data.bundleScenarios).toEqual(await db.bundleScenarios.toArray());
    expect(data.reviewEvents).toEqual(work.events.map(({ seq: _seq, ...e }) => e));
    expect(data.reviewEvents.map((e) => e.by.id)).toEqual(['p-formatrice', 'p-formatrice', 'p-formateur']);
    const outbox = await db.outbox.toArray();
    expect(data.outbox).toEqual(outbox.filter((r) => r.state !== 'sent').sort((a, b) => a.id.localeCompare(b.id)));
    expect(data.outbox).toHaveLength(2);
    expect(serializeExport(data)).not.toContain('sk-secret');

    const target = freshDatabase();
    const result = await importFile(target, serializeExport(data));
    expect(result).toMatchObject({
      ok: true,
      result: { scenarios: { added: 3 }, feedback: { added: 1 }, reviews: { added: 1, kept: 0 }, bundleScenarios: 1, reviewEvents: 3, outbox: 2 },
    });
    expect((await target.scenarios.toArray()).sort(byVersion)).toEqual((await db.scenarios.toArray()).sort(byVersion));
    expect(await target.reviews.toArray()).toEqual(await db.reviews.toArray());
    expect((await target.reviewEvents.orderBy('seq').toArray()).map(({ seq: _seq, ...e }) => e)).toEqual(data.reviewEvents);
  });

  it('a version 1 file (no work arrays) still imports, as version 2 with nothing more', async () => {
    const db = freshDatabase();
    const { profile } = await seedProfile(db);
    const current = await exported(db, profile.id);
    const v1 = tampered(current, (j) => {
      j.formatVersion = 1;
      for (const key of WORK_KEYS) delete j[key];
    });
    const check = await checkProfileExport(v1);
    expect(check).toMatchObject({ ok: true, data: { formatVersion: 2, scenarios: [], feedback: [], reviews: [], bundleScenarios: [], reviewEvents: [], outbox: [] } });
    const target = freshDatabase();
    expect(await importFile(target, v1)).toMatchObject({ ok: true, result: { attempts: { added: 3 }, entries: 20, settings: 1 } });
    expect(serializeExport(await exported(target, profile.id))).toBe(serializeExport(current));

    // Version 1 stays version 1: the arrays version 2 added are unknown there.
    const mixed = tampered(current, (j) => {
      j.formatVersion = 1;
      for (const key of WORK_KEYS) if (key !== 'outbox') delete j[key];
    });
    expect(problemsOf(await checkProfileExport(mixed))).toEqual([
      { code: 'unknown-field', at: { field: 'outbox', path: 'outbox' }, params: { field: 'outbox' } },
    ]);
  });
});

describe('version 2: located problems in the work rows', () => {
  type WorkJson = Json & Record<(typeof WORK_KEYS)[number], Record<string, unknown>[]>;
  const damaged = (data: ProfileExport, damage: (j: WorkJson) => void) => tampered(data, (j) => damage(j as WorkJson));

  it('scenarios, retours, imported attempts and their entries, events, statements: each problem where it is', async () => {
    const { db, profile } = await workDevice('formateur');
    const data = await exported(db, profile.id);
    const before = await snapshot(db);
    const text = damaged(data, (j) => {
      const [published, , other] = j.scenarios;
      published!.source = String(published!.source).replace(/estimatedMinutes: \d+/, 'estimatedMinutes: 99');
      Object.assign(other!, { id: 'fuite-locale', version: 2 });
      j.feedback[0]!.attemptId = 'nowhere';
      const review = j.reviews[0] as { scenarioVersion: number; entries: Record<string, unknown>[] };
      review.scenarioVersion = 9;
      review.entries[2]!.attemptId = 'someone-else';
      delete j.reviewEvents[0]!.turn;
      j.reviewEvents[1]!.attemptId = 'gone';
      (j.outbox[0]!.statement as Record<string, unknown>).id = crypto.randomUUID();
      (j.outbox[1]!.statement as Record<string, unknown>).verb = { id: 'not a verb' };
      j.outbox.push({ ...j.outbox[1]! });
    });
    const problems = problemsOf(await importFile(db, text)) as Array<{ code: string; at: Record<string, unknown> }>;
    expect(problems.map((p) => [p.code, p.at])).toEqual([
      ['duplicate-scenario', { scenario: 3, field: 'version', path: 'scenarios[2].version' }],
      ['orphan-feedback', { feedback: 1, field: 'attemptId', path: 'feedback[0].attemptId' }],
      ['review-mismatch', { review: 1, field: 'scenarioVersion', path: 'reviews[0].attempt.scenarioVersion' }],
      ['review-mismatch', { review: 1, entry: 3, field: 'attemptId', path: 'reviews[0].entries[2].attemptId' }],
      ['missing-field', { event: 1, field: 'turn', path: 'reviewEvents[0].turn' }],
      ['orphan-event', { event: 2, field: 'attemptId', path: 'reviewEvents[1].attemptId' }],
      ['duplicate-statement', { statement: 3, field: 'id', path: 'outbox[2].id' }],
      ['scenario-mismatch', { scenario: 1, field: 'hash', path: 'scenarios[0].hash' }],
      ['invalid-statement', { statement: 1, field: 'id', path: 'outbox[0].statement.id' }],
      ['invalid-statement', { statement: 2, field: 'statement', path: 'outbox[1].statement' }],
      ['invalid-statement', { statement: 3, field: 'statement', path: 'outbox[2].statement' }],
    ]);
    expect(problems[7]).toMatchObject({ params: { id: 'fuite-locale', version: 1, field: 'hash' } });
    expect(problems[9]).toMatchObject({ params: { id: data.outbox[1]!.id, problem: expect.stringMatching(/^verb/) } });
    expect(await snapshot(db)).toEqual(before);
  });

  it('a published version whose source does not compile here, and one without its hash', async () => {
    const { db, profile } = await workDevice('senior');
    const text = damaged(await exported(db, profile.id), (j) => {
      j.scenarios[0]!.source = 'id: fuite-locale\nversion: 1\n';
      j.scenarios.push({ ...j.scenarios[0]!, id: 'sans-empreinte', hash: undefined });
    });
    const problems = problemsOf(await checkProfileExport(text));
    expect(problems).toEqual([
      { code: 'missing-field', at: { scenario: 4, field: 'hash', path: 'scenarios[3].hash' }, params: { field: 'hash' } },
      { code: 'invalid-scenario', at: { scenario: 1, field: 'source', path: 'scenarios[0].source' }, params: expect.objectContaining({ id: 'fuite-locale', version: 1 }) },
    ]);
  });

  it('a schema problem in an imported attempt’s entry: « séance importée 1, entrée 2 »', async () => {
    const { db, profile } = await workDevice('formateur');
    const text = damaged(await exported(db, profile.id), (j) => {
      const entry = (j.reviews[0] as { entries: Array<{ entry: Record<string, unknown> }> }).entries[1]!.entry;
      delete entry.acts;
    });
    expect(problemsOf(await checkProfileExport(text))).toEqual([
      { code: 'missing-field', at: { review: 1, entry: 2, field: 'acts', path: 'reviews[0].entries[1].entry.acts' }, params: { field: 'acts' } },
    ]);
  });
});

describe('version 2: merging into a device that has work already', () => {
  async function trainerFile(): Promise<{ data: ProfileExport; work: SeededWork; attempts: Awaited<ReturnType<typeof seedProfile>>['attempts'] }> {
    const { db, profile, work, attempts } = await workDevice('formateur');
    return { data: await exported(db, profile.id), work, attempts };
  }

  it('scenario versions: the copy updated last wins, a draft never replaces a published version', async () => {
    const { data, work } = await trainerFile();
    const target = freshDatabase();
    const [, draft, other] = data.scenarios as ScenarioRecord[];
    // The same draft, changed here after the export; the other one, changed here before it; the
    // published version, still a draft here.
    await target.scenarios.bulkAdd([
      { ...draft!, source: 'plus récent', updatedAt: draft!.updatedAt + 1 },
      { ...other!, source: 'plus ancien', updatedAt: other!.updatedAt - 1 },
      { ...withoutCompiled(work.published), status: 'draft', hash: undefined, publishedAt: undefined, updatedAt: work.published.updatedAt + 5 },
    ]);
    expect(await importProfile(target, data)).toMatchObject({ ok: true, result: { scenarios: { added: 0, updated: 2, kept: 1 } } });
    const rows = (await target.scenarios.toArray()).sort(byVersion);
    expect(rows.map((r) => [r.version, r.status, r.source === 'plus récent', r.source === 'plus ancien'])).toEqual([
      [1, 'published', false, false],
      [2, 'draft', true, false],
      [1, 'draft', false, false],
    ]);
    expect(rows[0]).toEqual(work.published);
  });

  it('another work under the same [id+version] is a clash: nothing at all is written', async () => {
    const { data } = await trainerFile();
    const target = freshDatabase();
    await target.scenarios.add(draftScenario('nouveau-scenario', 1, 1_700_000_000_000, 'id: nouveau-scenario\ntitle: Autre chose\n'));
    const before = await snapshot(target);
    expect(problemsOf(await importProfile(target, data))).toEqual([
      { code: 'scenario-clash', at: { scenario: 3, field: 'version', path: 'scenarios[2].version' }, params: { id: 'nouveau-scenario', version: 1 } },
    ]);
    expect(await snapshot(target)).toEqual(before);
  });

  it('the audit trail is only appended to; retours and statements the device has are kept; importing twice adds nothing', async () => {
    const { data, work, attempts } = await trainerFile();
    const target = freshDatabase();
    // The device already has the imported attempt, the first event, one event of its own, a later
    // retour on the same attempt, and one of the statements, since delivered.
    await seedReviews(target, [work.review]);
    const [first] = work.events;
    const own = { attemptId: work.review.id, at: 1_764_450_000_000, by: { id: 'p-local', name: 'Awa' }, kind: 'annotation' as const, turn: 2, comment: 'Vu ici.' };
    await target.reviewEvents.bulkAdd([{ ...first!, seq: undefined }, own]);
    await target.feedback.add({ ...work.feedback, sentAt: work.feedback.sentAt + 1, annotations: [] });
    const delivered = data.outbox[0]!;
    await target.outbox.add({ ...delivered, state: 'sent', sentAt: 1_764_460_000_000 });

    const result = await importProfile(target, data);
    expect(result).toMatchObject({ ok: true, result: { reviews: { added: 0, kept: 1 }, reviewEvents: 2, feedback: { kept: 1 }, outbox: 1, bundleScenarios: 0 } });
    const events = (await target.reviewEvents.orderBy('seq').toArray()).map(({ seq: _seq, ...e }) => e);
    const [, second, third] = data.reviewEvents;
    expect(events).toEqual([data.reviewEvents[0], own, second, third]);
    expect((await target.feedback.get(attempts[0]!.id))?.annotations).toEqual([]);
    expect((await target.outbox.get(delivered.id))?.state).toBe('sent');
    // Events were added to an attempt the device had: its score of record was computed again, with them.
    const review = await target.reviews.get(work.review.id);
    expect(review?.reviewedAt).toBe(third!.at);
    expect(review?.record?.criteria.find((c) => c.id === 'ton')).toMatchObject({ status: 'met', points: 4, source: 'trainer' });

    const after = await snapshot(target);
    expect(await importProfile(target, data)).toMatchObject({ ok: true, result: { reviews: { added: 0 }, reviewEvents: 0, outbox: 0 } });
    expect(await snapshot(target)).toEqual(after);
  });
});
