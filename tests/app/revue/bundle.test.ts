import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { atelierData } from '../../../src/app/atelier/library.ts';
import { duplicateBundled, loadWorking, publish, scenarioFile } from '../../../src/app/atelier/store.ts';
import { setSourceFields } from '../../../src/app/atelier/versions.ts';
import { IMPORT_MAX_BYTES } from '../../../src/app/limits.ts';
import { applyBundle, BUNDLE_MAX_ATTEMPTS, BUNDLE_PROBLEM_CODES, BundleError, exportBundle, readBundle, type BundleReport } from '../../../src/app/revue/bundle.ts';
import type { Bundle } from '../../../src/app/revue/bundle.schema.ts';
import { pendingCount, recordCard } from '../../../src/app/revue/record.ts';
import { bundledEntry, loadScenario } from '../../../src/app/scenarios.ts';
import { checkScenario } from '../../../src/core/check.ts';
import type { CompiledScenario } from '../../../src/core/dialogue/compiled.ts';
import type { Library } from '../../../src/core/scenario/library.ts';
import { DB_VERSION, type AttemptRecord, type PalierDatabase, type ProfileRecord } from '../../../src/db/db.ts';
import { freshDatabase, snapshot } from '../profile-fixture.ts';
import { BUNDLED, edited, juniorProfile, playedAttempt, resealed } from './revue-fixture.ts';

const TODAY = '2026-11-29';
const NOW = new Date(2026, 10, 29, 10, 0, 0);
let library: Library;
let bundled: CompiledScenario;
let bundledText: string;
let junior: PalierDatabase;
let trainer: PalierDatabase;
let profile: ProfileRecord;

beforeAll(async () => {
  const data = await atelierData();
  library = data.library;
  bundledText = (await data.bundledSource(BUNDLED))?.text ?? '';
  const compiled = await loadScenario(BUNDLED);
  if (!compiled) throw new Error(`${BUNDLED} is not bundled`);
  bundled = compiled;
});

beforeEach(async () => {
  junior = freshDatabase();
  trainer = freshDatabase();
  profile = await juniorProfile(junior);
});

const codes = (report: BundleReport) => report.problems.map((p) => p.code);

/** One real attempt on the bundled scenario, exported. */
async function oneAttemptBundle(): Promise<{ attempt: AttemptRecord; text: string }> {
  const attempt = await playedAttempt(junior, profile.id, bundled);
  const { text } = await exportBundle(junior, profile.id, [attempt.id], NOW);
  return { attempt, text };
}

describe('attempt bundles', () => {
  it('a finished attempt exported by a junior is read and imported on a fresh trainer device, with its trace, its score of record and the source of its version', async () => {
    const attempt = await playedAttempt(junior, profile.id, bundled);
    const { filename, text, missingSources } = await exportBundle(junior, profile.id, [attempt.id], NOW);
    expect(filename).toBe('palier-revue-camille-dupont-2026-11-29.json');
    expect(missingSources).toEqual([]);
    const file = JSON.parse(text) as Bundle;
    expect(file).toMatchObject({ format: 'palier-bundle', bundleVersion: 1, createdAt: NOW.toISOString(), dbVersion: DB_VERSION, junior: { id: profile.id, name: profile.name } });
    expect(file.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(file.scenarios).toEqual([{ id: BUNDLED, version: bundled.version, hash: bundled.hash, source: bundledText }]);

    const before = await snapshot(trainer);
    const report = await readBundle(trainer, text);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.junior).toEqual({ id: profile.id, name: profile.name });
    expect(report.items).toEqual([
      {
        attemptId: attempt.id,
        scenarioId: BUNDLED,
        scenarioTitle: bundledEntry(BUNDLED)?.title,
        startedAt: attempt.startedAt,
        percent: attempt.card?.percent,
        duplicate: false,
        replayable: true,
      },
    ]);
    expect(await snapshot(trainer)).toEqual(before); // reading writes nothing

    expect(await applyBundle(trainer, report, 1_764_500_000_000)).toEqual({ added: 1, duplicates: 0 });
    const review = await trainer.reviews.get(attempt.id);
    const entries = await junior.entries.where('attemptId').equals(attempt.id).sortBy('index');
    expect(review).toMatchObject({ junior: { id: profile.id, name: profile.name }, scenarioId: BUNDLED, scenarioHash: bundled.hash, startedAt: attempt.startedAt, importedAt: 1_764_500_000_000, bundleChecksum: file.checksum });
    expect(review?.attempt).toEqual(attempt);
    expect(review?.entries).toEqual(entries);
    // The judged criterion waits for the trainer; the score of record is the card as played so far.
    const record = recordCard(attempt.card!, new Map(), bundled.rubric.criticalCap);
    expect(review?.record).toEqual(record);
    expect(review?.pending).toBe(pendingCount(record));
    expect(review?.pending).toBeGreaterThan(0);
    expect(review?.status).toBe('pending');
    expect(await trainer.bundleScenarios.toArray()).toEqual([{ id: BUNDLED, hash: bundled.hash, version: bundled.version, source: bundledText }]);
  });

  it('the version played is taken from the device’s own published scenario when it is not the bundled one', async () => {
    const id = await duplicateBundled(junior, BUNDLED);
    const published = await publish(junior, id, (await loadWorking(junior, id))?.source ?? '', library, TODAY);
    if (!published.ok) throw new Error(published.diagnostics.map((d) => d.code).join(', '));
    const local = await loadScenario(id, { db: junior });
    const attempt = await playedAttempt(junior, profile.id, local!);
    const { text, missingSources } = await exportBundle(junior, profile.id, [attempt.id], NOW);
    expect(missingSources).toEqual([]);
    const row = await junior.scenarios.get([id, 1]);
    expect((JSON.parse(text) as Bundle).scenarios).toEqual([{ id, version: 1, hash: published.hash, source: row?.source }]);

    const report = await readBundle(trainer, text);
    expect(report.problems).toEqual([]);
    expect(report.items[0]).toMatchObject({ scenarioId: id, scenarioTitle: local?.meta.title, replayable: true });
  });

  it('an attempt played on a version no longer available is listed in missingSources, and its bundle is still imported with the card as played', async () => {
    const id = await duplicateBundled(junior, BUNDLED);
    const published = await publish(junior, id, (await loadWorking(junior, id))?.source ?? '', library, TODAY);
    if (!published.ok) throw new Error('not published');
    const attempt = await playedAttempt(junior, profile.id, (await loadScenario(id, { db: junior }))!);
    await junior.scenarios.where('id').equals(id).delete();

    const { text, missingSources } = await exportBundle(junior, profile.id, [attempt.id], NOW);
    expect(missingSources).toEqual([id]);
    expect((JSON.parse(text) as Bundle).scenarios).toEqual([]);
    const report = await readBundle(trainer, text);
    expect(report.problems).toEqual([]);
    expect(report.items[0]).toMatchObject({ scenarioId: id, scenarioTitle: id, replayable: false });
    expect(await applyBundle(trainer, report)).toEqual({ added: 1, duplicates: 0 });
    expect((await trainer.reviews.get(attempt.id))?.record).toEqual(attempt.card);
    expect(await trainer.bundleScenarios.count()).toBe(0);
  });

  it('a version the bundle does not carry but this device ships is replayable here all the same', async () => {
    const { attempt, text } = await oneAttemptBundle();
    const report = await readBundle(trainer, await resealed<Bundle>(text, (b) => void (b.scenarios = [])));
    expect(report.problems).toEqual([]);
    expect(report.items[0]).toMatchObject({ scenarioTitle: bundledEntry(BUNDLED)?.title, replayable: true });
    await applyBundle(trainer, report);
    expect((await trainer.reviews.get(attempt.id))?.record).toEqual(recordCard(attempt.card!, new Map(), bundled.rubric.criticalCap));
    expect(await trainer.bundleScenarios.count()).toBe(0);
  });

  it('an attempt already imported is recognised by its id as a duplicate and skipped, even by two imports at once', async () => {
    const { attempt, text } = await oneAttemptBundle();
    const [first, second] = [await readBundle(trainer, text), await readBundle(trainer, text)];
    const results = await Promise.all([applyBundle(trainer, first), applyBundle(trainer, second)]);
    expect(results.map((r) => r.added).sort()).toEqual([0, 1]);
    expect(results.map((r) => r.duplicates).sort()).toEqual([0, 1]);
    expect(await trainer.reviews.count()).toBe(1);

    const again = await readBundle(trainer, text);
    expect(again.ok).toBe(true);
    expect(again.items).toEqual([expect.objectContaining({ attemptId: attempt.id, duplicate: true })]);
    expect(await applyBundle(trainer, again)).toEqual({ added: 0, duplicates: 1 });
    expect(await trainer.reviews.count()).toBe(1);
    expect(await trainer.bundleScenarios.count()).toBe(1);
  });

  it('a bundle with a percent changed by hand and its checksum kept is refused as tampered, and nothing is written', async () => {
    const { text } = await oneAttemptBundle();
    const tampered = edited<Bundle>(text, (b) => {
      b.attempts[0]!.card!.percent = 42;
    });
    const before = await snapshot(trainer);
    const report = await readBundle(trainer, tampered);
    expect(report.ok).toBe(false);
    expect(codes(report)).toEqual(['checksum-mismatch']);
    expect(report.problems[0]?.at).toMatchObject({ file: true, path: 'checksum' });
    await expect(applyBundle(trainer, report)).rejects.toMatchObject({ name: 'BundleError', code: 'bundle-not-valid' });
    expect(await snapshot(trainer)).toEqual(before);
  });

  it('a scenario source swapped for another version is refused, even with the checksum recomputed', async () => {
    const { text } = await oneAttemptBundle();
    const other = setSourceFields(bundledText, { title: 'Dégât des eaux (autre version)' }) ?? '';
    const otherHash = checkScenario(other, scenarioFile(BUNDLED), library, { lint: false }).compiled?.hash;
    expect(otherHash).toBeDefined();
    expect(otherHash).not.toBe(bundled.hash);

    const swapped = await readBundle(trainer, await resealed<Bundle>(text, (b) => void (b.scenarios[0]!.source = other)));
    expect(swapped.ok).toBe(false);
    expect(swapped.problems).toEqual([{ code: 'scenario-hash-mismatch', at: { scenario: 1, field: 'source', path: 'scenarios[0].source' }, params: { id: BUNDLED, version: bundled.version } }]);

    // Its hash changed to match the new source: no attempt of the bundle was played on it.
    const relabelled = await readBundle(
      trainer,
      await resealed<Bundle>(text, (b) => {
        b.scenarios[0]!.source = other;
        b.scenarios[0]!.hash = otherHash!;
      }),
    );
    expect(codes(relabelled)).toEqual(['unused-scenario']);
    await expect(applyBundle(trainer, relabelled)).rejects.toBeInstanceOf(BundleError);
    expect(await trainer.reviews.count()).toBe(0);
  });

  it('a source that does not compile is refused with its first error', async () => {
    const { text } = await oneAttemptBundle();
    const report = await readBundle(trainer, await resealed<Bundle>(text, (b) => void (b.scenarios[0]!.source = 'id: degat-des-eaux-nuit\nversion: [\n')));
    expect(codes(report)).toEqual(['invalid-scenario']);
    expect(report.problems[0]).toMatchObject({ at: { scenario: 1, path: 'scenarios[0].source' }, params: { id: BUNDLED } });
    expect(report.problems[0]?.params.line).toBeGreaterThan(0);
  });

  it('a file that is not JSON is refused with the line and column of the error', async () => {
    const report = await readBundle(trainer, '{\n  "format": "palier-bundle",\n  "bundleVersion": 1,,\n}');
    expect(report.problems).toEqual([{ code: 'not-json', at: { file: true, path: '', line: 3, column: 22 }, params: {} }]);
    expect(report.ok).toBe(false);
    expect(report.items).toEqual([]);
  });

  it('a file of another format, a newer version, an empty file and an oversize file are refused before anything else is read', async () => {
    expect(codes(await readBundle(trainer, JSON.stringify({ format: 'palier-pack', packVersion: 1 })))).toEqual(['wrong-format']);
    expect(codes(await readBundle(trainer, '[1, 2]'))).toEqual(['wrong-format']);
    const newer = await readBundle(trainer, JSON.stringify({ format: 'palier-bundle', bundleVersion: 2 }));
    expect(newer.problems).toEqual([{ code: 'unsupported-version', at: { file: true, field: 'bundleVersion', path: 'bundleVersion' }, params: { found: '2', supported: 1 } }]);
    const newerDb = await readBundle(trainer, JSON.stringify({ format: 'palier-bundle', bundleVersion: 1, dbVersion: 99 }));
    expect(newerDb.problems[0]).toMatchObject({ code: 'newer-database', params: { found: 99, supported: DB_VERSION } });
    expect(codes(await readBundle(trainer, '  \n'))).toEqual(['empty-file']);
    const big = await readBundle(trainer, ' '.repeat(IMPORT_MAX_BYTES + 1));
    expect(big.problems).toEqual([{ code: 'too-large', at: { file: true, path: '' }, params: { size: IMPORT_MAX_BYTES + 1, max: IMPORT_MAX_BYTES } }]);
    const many = await readBundle(trainer, JSON.stringify({ format: 'palier-bundle', bundleVersion: 1, attempts: Array.from({ length: BUNDLE_MAX_ATTEMPTS + 1 }, () => ({})) }));
    expect(many.problems).toEqual([{ code: 'too-many', at: { file: true, field: 'attempts', path: 'attempts' }, params: { field: 'attempts', found: BUNDLE_MAX_ATTEMPTS + 1, max: BUNDLE_MAX_ATTEMPTS } }]);
  });

  it('schema errors are located at their path, attempt and field', async () => {
    const { text } = await oneAttemptBundle();
    const report = await readBundle(
      trainer,
      await resealed<Bundle>(text, (b) => {
        b.attempts[0]!.card!.percent = 150;
        delete (b.attempts[0] as Partial<AttemptRecord>).seed;
        (b.junior as Record<string, unknown>).role = 'junior';
        (b.entries[1]!.entry as { at: unknown }).at = 'hier';
      }),
    );
    expect(report.ok).toBe(false);
    const byPath = Object.fromEntries(report.problems.map((p) => [p.at.path, p]));
    expect(byPath['attempts[0].card.percent']).toMatchObject({ code: 'invalid-value', at: { attempt: 1, field: 'percent' }, params: { max: 100 } });
    expect(byPath['attempts[0].seed']).toMatchObject({ code: 'missing-field', at: { attempt: 1, field: 'seed' } });
    expect(byPath['junior.role']).toMatchObject({ code: 'unknown-field', params: { field: 'role' } });
    expect(byPath['entries[1].entry.at']).toMatchObject({ code: 'wrong-type', at: { attempt: 1, entry: 2, field: 'at' }, params: { expected: 'number' } });
    expect(report.problems.every((p) => (BUNDLE_PROBLEM_CODES as readonly string[]).includes(p.code))).toBe(true);
  });

  it('entries of an attempt not in the bundle, and an attempt whose entry count does not match its entries, are located', async () => {
    const { text } = await oneAttemptBundle();
    const report = await readBundle(trainer, await resealed<Bundle>(text, (b) => void (b.entries[0]!.attemptId = 'ailleurs')));
    expect(report.problems).toEqual([
      { code: 'unknown-attempt', at: { entry: 1, field: 'attemptId', path: 'entries[0].attemptId' }, params: { id: 'ailleurs' } },
      { code: 'entry-count-mismatch', at: { attempt: 1, field: 'entryCount', path: 'attempts[0].entryCount' }, params: { expected: expect.any(Number), found: expect.any(Number) } },
    ]);
  });

  it('an attempt of another junior, in progress, or whose card names another scenario, is located', async () => {
    const { text } = await oneAttemptBundle();
    const report = await readBundle(
      trainer,
      await resealed<Bundle>(text, (b) => {
        b.attempts[0]!.profileId = 'quelqu-un-d-autre';
        b.attempts[0]!.status = 'active';
        b.attempts[0]!.card!.scenarioHash = 'f'.repeat(64);
      }),
    );
    expect(codes(report)).toEqual(['foreign-attempt', 'unfinished-attempt', 'card-mismatch']);
    expect(report.problems.map((p) => p.at.path)).toEqual(['attempts[0].profileId', 'attempts[0].status', 'attempts[0].card.scenarioHash']);
  });

  it('only finished attempts of the profile, with a card, can be exported', async () => {
    const attempt = await playedAttempt(junior, profile.id, bundled);
    const other = await juniorProfile(junior, 'Awa Diallo');
    await junior.attempts.update(attempt.id, { status: 'active' });
    await expect(exportBundle(junior, profile.id, [attempt.id], NOW)).rejects.toMatchObject({ code: 'attempt-not-finished', id: attempt.id });
    await expect(exportBundle(junior, other.id, [attempt.id], NOW)).rejects.toMatchObject({ code: 'attempt-not-found', id: attempt.id });
    await expect(exportBundle(junior, profile.id, [], NOW)).rejects.toMatchObject({ code: 'no-attempts' });
    await expect(exportBundle(junior, 'nobody', [attempt.id], NOW)).rejects.toMatchObject({ code: 'profile-not-found' });
  });

  it('a report that readBundle did not make cannot be applied', async () => {
    const forged: BundleReport = { ok: true, problems: [], items: [] };
    await expect(applyBundle(trainer, forged)).rejects.toMatchObject({ code: 'bundle-not-valid' });
  });
});
