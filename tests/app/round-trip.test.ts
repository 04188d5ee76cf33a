import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAiConfig } from '../../src/app/ai.ts';
import { atelierData } from '../../src/app/atelier/library.ts';
import { createFromTemplate, duplicateBundled, loadWorking, publish, publishedScenario, saveDraft } from '../../src/app/atelier/store.ts';
import { checkProfileExport, exportProfile, importProfile, serializeExport, type ImportResult } from '../../src/app/data-transfer.ts';
import { setPin, verifyPin } from '../../src/app/pin.ts';
import { openRun, replayFrom, startAttempt } from '../../src/app/practice.ts';
import { createProfile, isSecretSetting, profileSettingPrefix } from '../../src/app/profiles.ts';
import { applyBundle, exportBundle, readBundle } from '../../src/app/revue/bundle.ts';
import { reviewsXapi } from '../../src/app/revue/exports.ts';
import { applyFeedback, exportFeedback, readFeedback } from '../../src/app/revue/feedback.ts';
import { saveLrsConfig, type LrsConfig } from '../../src/app/revue/lrs.ts';
import { enqueue, flushOutbox } from '../../src/app/revue/outbox.ts';
import { annotate, decide, proposalVerdict } from '../../src/app/revue/review.ts';
import { loadScenario } from '../../src/app/scenarios.ts';
import type { CompiledScenario } from '../../src/core/dialogue/compiled.ts';
import type { Actor, AttemptRecord, PalierDatabase, ProfileRecord, Role } from '../../src/db/db.ts';
import { startLoopbackLrs, type LoopbackLrs } from '../helpers/lrs-server.ts';
import { OTHER_TRAINER, playedReview, seedReviews } from '../helpers/revue.ts';
import { freshDatabase, snapshot } from './profile-fixture.ts';
import { BUNDLED, playedAttempt } from './revue/revue-fixture.ts';

/**
 * The proof of issue 8: a device where a junior, a senior and a trainer have each done their work
 * through the app's own functions — attempts played, finished, replayed and left in progress; the
 * Atelier's drafts and published versions; sessions sent, imported, reviewed by two trainers,
 * retours sent back and opened; xAPI statements queued, delivered, refused and waiting — exports
 * each person's profile, imports it on a new device, and finds every row of every table it owns
 * identical (the audit trail in the same order; `seq` is the new device's own numbering), twice
 * imported as once imported, and no secret in any file.
 */

const T = Date.UTC(2026, 10, 2, 9, 0, 0);
const TODAY = '2026-11-29';
const EXPORTED_AT = Date.UTC(2026, 11, 1, 12, 0, 0);
const PIN = '4821';
const AI_KEY = 'sk-secret-roundtrip-42';

let source: PalierDatabase;
let lrs: LoopbackLrs;
let lrsConfig: LrsConfig;
/** The statement the loopback LRS refuses (a 400 for it alone: it ends `failed`). */
let rejected: string | undefined;
const people = {} as Record<Role, ProfileRecord>;
const files = {} as Record<Role, string>;

async function profile(db: PalierDatabase, name: string, role: Role, at: number): Promise<ProfileRecord> {
  const created = await createProfile(db, { name, role }, at);
  if ('error' in created) throw new Error(created.error.code);
  return created.profile;
}

/** Every row of every table, in a fixed order; the audit trail in `seq` order, without `seq`. */
async function tables(db: PalierDatabase) {
  const by = <T>(key: (row: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    profiles: (await db.profiles.toArray()).sort(by((p) => p.id)),
    attempts: (await db.attempts.toArray()).sort(by((a) => a.id)),
    entries: (await db.entries.toArray()).sort(by((e) => `${e.attemptId}#${String(e.index).padStart(4, '0')}`)),
    settings: (await db.settings.toArray()).sort(by((s) => s.key)),
    scenarios: (await db.scenarios.toArray()).sort(by((s) => `${s.id}#${String(s.version).padStart(4, '0')}`)),
    feedback: (await db.feedback.toArray()).sort(by((f) => f.attemptId)),
    reviews: (await db.reviews.toArray()).sort(by((r) => r.id)),
    bundleScenarios: (await db.bundleScenarios.toArray()).sort(by((s) => `${s.id}#${s.hash}`)),
    reviewEvents: (await db.reviewEvents.orderBy('seq').toArray()).map(({ seq: _local, ...e }) => e),
    outbox: (await db.outbox.toArray()).sort(by((r) => r.id)),
    rubricTexts: (await db.rubricTexts.toArray()).sort(by((r) => r.rubricHash)),
  };
}
type Tables = Awaited<ReturnType<typeof tables>>;

/**
 * A value with its `undefined`-valued keys left out. IndexedDB keeps a key that holds `undefined`
 * (the scoring writes `seniorWould: undefined`), JSON cannot: that is the one difference a file can
 * make, and it means nothing to the app. Everything else is compared strictly.
 */
function defined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(defined);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : [[k, defined(v)]])));
}

function expectSameTables(got: Tables, expected: Tables): void {
  for (const name of Object.keys(expected) as Array<keyof Tables>) expect(defined(got[name]), name).toStrictEqual(defined(expected[name]));
}

/**
 * An attempt as an export writes it: an attempt in progress stores its entries turn by turn and
 * its `entryCount` only when it ends, so the export counts them (as version 1 already did) — the
 * one field a round trip may change, and only to what the table says.
 */
function counted(all: Tables, attempt: AttemptRecord): AttemptRecord {
  return { ...attempt, entryCount: all.entries.filter((e) => e.attemptId === attempt.id).length };
}

/** What a role's export must bring to a new device, read from the source device's tables. */
function expectedFor(all: Tables, person: ProfileRecord): Tables {
  const attempts = all.attempts.filter((a) => a.profileId === person.id).map((a) => counted(all, a));
  const ids = new Set(attempts.map((a) => a.id));
  const played = new Set(attempts.map((a) => `${a.scenarioId}#${a.scenarioHash}`));
  const trainer = person.role === 'formateur';
  return {
    profiles: [person],
    attempts,
    entries: all.entries.filter((e) => ids.has(e.attemptId)),
    settings: all.settings.filter((s) => s.key.startsWith(profileSettingPrefix(person.id)) && !isSecretSetting(s.key)),
    scenarios: person.role === 'junior' ? all.scenarios.filter((s) => s.status === 'published' && played.has(`${s.id}#${s.hash}`)) : all.scenarios,
    feedback: all.feedback.filter((f) => ids.has(f.attemptId)),
    reviews: trainer ? all.reviews : [],
    bundleScenarios: trainer ? all.bundleScenarios : [],
    reviewEvents: trainer ? all.reviewEvents : [],
    outbox: trainer ? all.outbox.filter((r) => r.state !== 'sent') : [],
    // The texts of the rubrics its cards were scored with (kept once per rubric, not in each card).
    rubricTexts: all.rubricTexts.filter((r) => attempts.some((a) => a.card?.rubricHash === r.rubricHash)),
  };
}

async function importText(db: PalierDatabase, text: string): Promise<ImportResult> {
  const check = await checkProfileExport(text);
  if (!check.ok) throw new Error(`refused: ${JSON.stringify(check.problems.slice(0, 3))}`);
  const written = await importProfile(db, check.data);
  if (!written.ok) throw new Error(`not written: ${JSON.stringify(written.problems)}`);
  return written.result;
}

async function exportText(db: PalierDatabase, person: ProfileRecord): Promise<string> {
  const data = await exportProfile(db, person.id, EXPORTED_AT);
  if (!data) throw new Error(`no profile ${person.name}`);
  return serializeExport(data);
}

beforeAll(async () => {
  source = freshDatabase();
  const bundled = await loadScenario(BUNDLED);
  if (!bundled) throw new Error(`${BUNDLED} is not bundled`);
  const { library } = await atelierData();

  people.junior = await profile(source, 'Camille Dupont', 'junior', T);
  people.senior = await profile(source, 'Mireille Dubois', 'senior', T + 1);
  people.formateur = await profile(source, 'Nadia Benali', 'formateur', T + 2);
  const nadia: Actor = { id: people.formateur.id, name: people.formateur.name };

  // Secrets and device settings, which must stay here; one profile setting, which travels.
  for (const p of Object.values(people)) await setPin(source, p.id, PIN, PIN, 1_000);
  expect(await verifyPin(source, people.junior.id, '0000', T + 3)).toMatchObject({ ok: false, reason: 'wrong' });
  expect(await verifyPin(source, people.formateur.id, '1111', T + 3)).toMatchObject({ ok: false, reason: 'wrong' });
  await saveAiConfig(source, { provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: 'test-model', apiKey: AI_KEY, timeoutMs: 2_000 });
  lrs = await startLoopbackLrs({ reject: (s) => (s.id === rejected ? 'refused by this LRS for the test' : undefined) });
  lrsConfig = { endpoint: lrs.endpoint, username: lrs.credentials.username, password: lrs.credentials.password };
  expect(await saveLrsConfig(source, lrsConfig)).toEqual({ ok: true });

  // The senior's Atelier: a copy of a bundled scenario published, then changed again (a draft
  // v2), and a new scenario from the template, never published.
  const copy = await duplicateBundled(source, BUNDLED, T + 10);
  const working = await loadWorking(source, copy);
  const published = await publish(source, copy, working?.source ?? '', library, TODAY, T + 20);
  if (!published.ok) throw new Error(published.diagnostics.map((d) => d.code).join(', '));
  await saveDraft(source, copy, `${working?.source ?? ''}\n# À revoir : le rappel du lendemain.\n`, T + 30);
  await createFromTemplate(source, { name: people.senior.name, role: 'Gardienne principale' }, TODAY, T + 40);
  const copyV1 = (await publishedScenario(source, copy, 1)) as CompiledScenario;

  // The junior practises: two attempts finished (one on the senior's version), one replayed from
  // turn 2, one left in progress. The senior plays their own version too.
  const first = await playedAttempt(source, people.junior.id, bundled, T + 100);
  const second = await playedAttempt(source, people.junior.id, copyV1, T + 200);
  const replay = await replayFrom(source, first.id, 2, T + 300);
  if ('error' in replay) throw new Error(replay.error.code);
  const active = await startAttempt(source, { profileId: people.junior.id, scenario: bundled, mode: 'guided', evaluation: true, seed: 9, now: T + 400 });
  const run = await openRun(source, active.id, async () => bundled);
  if (!('run' in run)) throw new Error(run.error.code);
  await run.run.choose(0);
  await run.run.choose(0);
  await playedAttempt(source, people.senior.id, copyV1, T + 500);

  // The junior sends two sessions; the trainer imports them (and another junior's, with an AI
  // proposal), reviews them with a colleague, and sends a retour, which the junior opens.
  const bundle = await exportBundle(source, people.junior.id, [first.id, second.id], new Date(T + 1_000));
  const report = await readBundle(source, bundle.text);
  expect(report.problems).toEqual([]);
  expect(await applyBundle(source, report, T + 2_000)).toEqual({ added: 2, duplicates: 0 });
  await seedReviews(source, [playedReview({ id: 'lea-1', junior: { id: 'lea', name: 'Léa Martin' }, path: 'average', proposals: { ton: 'correct' } })]);
  expect(await decide(source, first.id, 'ton', { levelId: 'senior' }, 'Phrases courtes, une consigne à la fois.', nadia, T + 3_000)).toMatchObject({ ok: true });
  expect(await annotate(source, first.id, 1, 'Belle entrée en matière.', nadia, T + 3_100)).toMatchObject({ ok: true });
  expect(await decide(source, first.id, 'autonomie', { status: 'missed' }, 'Deux indices, c’est un de trop.', OTHER_TRAINER, T + 3_200)).toMatchObject({ ok: true });
  expect(await decide(source, second.id, 'ton', { levelId: 'correct' }, 'Poli, peu rassurant.', OTHER_TRAINER, T + 3_300)).toMatchObject({ ok: true });
  expect(await proposalVerdict(source, 'lea-1', 'ton', false, nadia, T + 3_400)).toMatchObject({ ok: true });
  expect(await decide(source, 'lea-1', 'ton', { levelId: 'insuffisant' }, 'Ton sec au début.', nadia, T + 3_500)).toMatchObject({ ok: true });
  const retour = await exportFeedback(source, people.junior.id, nadia, new Date(T + 4_000));
  const opened = await readFeedback(source, people.junior.id, retour.text);
  expect(opened.problems).toEqual([]);
  expect(await applyFeedback(source, opened, T + 5_000)).toEqual({ applied: 2 });

  // xAPI: the first statements delivered (one refused by the LRS), the others waiting after a 500.
  const { statements } = await reviewsXapi(source, {}, { now: T + 6_000 });
  const half = Math.ceil(statements.length / 2);
  rejected = statements[1]?.id;
  expect(await enqueue(source, statements.slice(0, half), T + 6_000)).toMatchObject({ refused: [] });
  const flush = (at: number) => flushOutbox(source, lrsConfig, { now: () => at, random: () => 0, timeoutMs: 2_000 });
  expect(await flush(T + 6_100)).toMatchObject({ sent: half - 1, failed: 1 });
  expect(await enqueue(source, statements.slice(half), T + 7_000)).toMatchObject({ refused: [] });
  lrs.fault({ kind: 'status', status: 500 });
  expect(await flush(T + 7_100)).toMatchObject({ sent: 0, stopped: 'server' });

  for (const role of ['junior', 'senior', 'formateur'] as const) files[role] = await exportText(source, people[role]);
});

afterAll(async () => {
  await lrs.close();
});

describe('export → import on a new device: every table a profile owns comes back identical', () => {
  it('the source device holds every kind of record', async () => {
    const all = await tables(source);
    for (const [name, rows] of Object.entries(all)) expect(rows.length, name).toBeGreaterThan(0);
    expect(new Set(all.attempts.map((a) => a.status))).toEqual(new Set(['finished', 'active']));
    expect(all.attempts.some((a) => a.parentId !== undefined)).toBe(true);
    expect(new Set(all.scenarios.map((s) => `${s.origin}:${s.status}`))).toEqual(new Set(['bundled-copy:published', 'bundled-copy:draft', 'local:draft']));
    expect(new Set(all.reviewEvents.map((e) => e.kind))).toEqual(new Set(['decision', 'annotation', 'proposal-verdict']));
    expect(new Set(all.reviewEvents.map((e) => e.by.id))).toEqual(new Set([people.formateur.id, OTHER_TRAINER.id]));
    expect(new Set(all.outbox.map((r) => r.state))).toEqual(new Set(['sent', 'failed', 'queued']));
    expect(all.outbox.some((r) => r.state === 'queued' && r.tries === 1 && r.lastError !== undefined)).toBe(true);
    expect(all.settings.some((s) => isSecretSetting(s.key) && s.key.startsWith('profile:'))).toBe(true);
  });

  for (const role of ['junior', 'senior', 'formateur'] as const) {
    it(`${role}: each table is the source's rows that are theirs, and the file made again is the same file`, async () => {
      const target = freshDatabase();
      await importText(target, files[role]);
      const expected = expectedFor(await tables(source), people[role]);
      expectSameTables(await tables(target), expected);
      expect(await exportText(target, people[role])).toBe(files[role]);
    });
  }

  it('all three on one new device: the source device again, but for its secrets, device settings and delivered statements', async () => {
    const target = freshDatabase();
    for (const role of ['junior', 'senior', 'formateur'] as const) await importText(target, files[role]);
    const all = await tables(source);
    const got = await tables(target);
    const kept = {
      ...all,
      attempts: all.attempts.map((a) => counted(all, a)),
      settings: all.settings.filter((s) => s.key.startsWith('profile:') && !isSecretSetting(s.key)),
      outbox: all.outbox.filter((r) => r.state !== 'sent'),
    };
    expectSameTables(got, kept);
  });

  it('importing the same files again changes nothing, not even the audit trail’s numbering', async () => {
    const target = freshDatabase();
    for (const role of ['junior', 'senior', 'formateur'] as const) await importText(target, files[role]);
    const once = await snapshot(target);
    const again: ImportResult[] = [];
    for (const role of ['junior', 'senior', 'formateur'] as const) again.push(await importText(target, files[role]));
    expect(await snapshot(target)).toStrictEqual(once);
    expect(again.map((r) => [r.attempts.added, r.scenarios.added, r.feedback.added, r.reviews.added, r.bundleScenarios, r.reviewEvents, r.outbox])).toEqual([
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
    ]);
  });

  it('no file holds a secret or a device setting', async () => {
    const pins = await Promise.all(Object.values(people).map(async (p) => (await source.settings.get(`${profileSettingPrefix(p.id)}pin-secret`))?.value as { salt: string; hash: string }));
    expect(pins.every((p) => p?.hash !== undefined)).toBe(true);
    for (const role of ['junior', 'senior', 'formateur'] as const) {
      const text = files[role];
      for (const secret of [AI_KEY, lrsConfig.password, lrsConfig.username, lrs.endpoint, 'pin-secret', 'ai:', 'lrs:', ...pins.flatMap((p) => [p.salt, p.hash])]) {
        expect(text, `${role}: ${secret}`).not.toContain(secret);
      }
      const check = await checkProfileExport(text);
      expect(check.ok && check.data.settings.every((s) => !isSecretSetting(s.key))).toBe(true);
    }
  });
});
