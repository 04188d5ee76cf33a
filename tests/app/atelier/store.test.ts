import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { atelierData } from '../../../src/app/atelier/library.ts';
import {
  AtelierError,
  createFromTemplate,
  deleteDraft,
  duplicateBundled,
  listAtelier,
  loadWorking,
  oneYearAfter,
  publish,
  publishedScenario,
  saveDraft,
  versions,
} from '../../../src/app/atelier/store.ts';
import { diffSources } from '../../../src/app/atelier/versions.ts';
import { openRun, startAttempt } from '../../../src/app/practice.ts';
import { catalogue, loadScenario, playableCatalogue } from '../../../src/app/scenarios.ts';
import type { Library } from '../../../src/core/scenario/library.ts';
import { PalierDatabase } from '../../../src/db/db.ts';
import { bundledSources } from '../../helpers/atelier.ts';

const TODAY = '2026-11-29';
const AUTHOR = { name: 'Mireille Dubois', role: 'Gardienne principale' };
const TEMPLATE_TITLE = 'Plus de lumière dans l’escalier'.replace('’', "'");
let db: PalierDatabase;
let library: Library;

beforeAll(async () => {
  library = (await atelierData()).library;
});
beforeEach(() => {
  db = new PalierDatabase(`test-${crypto.randomUUID()}`);
});

/** A new scenario from the template, and its working source. */
async function created(): Promise<{ id: string; source: string }> {
  const id = await createFromTemplate(db, AUTHOR, TODAY);
  const working = await loadWorking(db, id);
  if (!working) throw new Error('no working copy');
  return { id, source: working.source };
}

describe('drafts and publishing', () => {
  it('create → save → publish v1 → edit → publish v2: both versions readable, comments kept, version bumped', async () => {
    const { id, source } = await created();
    expect(id).toBe('nouveau-scenario');
    expect(await loadWorking(db, id)).toMatchObject({ version: 1, status: 'draft', kind: 'local' });

    const edited = source.replace(`title: ${TEMPLATE_TITLE}`, 'title: Escalier dans le noir');
    expect(edited).not.toBe(source);
    await saveDraft(db, id, edited);
    expect((await listAtelier(db, TODAY)).find((e) => e.id === id)).toMatchObject({ title: 'Escalier dans le noir', status: 'draft', version: 1 });

    const v1 = await publish(db, id, edited, library, TODAY);
    expect(v1).toMatchObject({ ok: true, version: 1 });
    const after1 = await loadWorking(db, id);
    expect(after1).toMatchObject({ version: 1, status: 'published' });
    expect(await versions(db, id)).toHaveLength(1);

    // Edit again: the draft is numbered after the published version.
    const second = (after1?.source ?? '').replace('estimatedMinutes: 5', 'estimatedMinutes: 6');
    await saveDraft(db, id, second);
    const list = await versions(db, id);
    expect(list.map((r) => [r.version, r.status])).toEqual([
      [2, 'draft'],
      [1, 'published'],
    ]);
    expect((await listAtelier(db, TODAY)).find((e) => e.id === id)).toMatchObject({ status: 'draft', version: 2, publishedVersion: 1 });

    const v2 = await publish(db, id, second, library, TODAY);
    if (!v2.ok) throw new Error(v2.diagnostics.map((d) => d.code).join(', '));
    expect(v2.version).toBe(2);
    expect(v1.ok && v1.hash).not.toBe(v2.hash);

    const [r2, r1] = await versions(db, id);
    expect(r2?.status).toBe('published');
    expect(r2?.hash).toBe(v2.hash);
    expect(r2?.publishedAt).toBeTypeOf('number');
    // The version field is bumped, its comment and every other comment kept.
    expect(r2?.source).toMatch(/^version: 2 # numéro de version/m);
    expect(r1?.source).toMatch(/^version: 1 # numéro de version/m);
    expect(r2?.source).toContain('# MODÈLE DE SCÉNARIO PALIER');
    expect(r2?.source.split('\n').filter((l) => l.trimStart().startsWith('#'))).toEqual(source.split('\n').filter((l) => l.trimStart().startsWith('#')));
    // Only the version and the edited line differ between the two versions.
    const changed = diffSources(r1?.source ?? '', r2?.source ?? '').filter((l) => l.kind !== 'same');
    expect(changed.map((l) => l.text)).toEqual([
      expect.stringMatching(/^version: 1/),
      expect.stringMatching(/^version: 2/),
      'estimatedMinutes: 5',
      'estimatedMinutes: 6',
    ]);

    expect((await publishedScenario(db, id, 1))?.meta.estimatedMinutes).toBe(5);
    expect((await publishedScenario(db, id, 2))?.meta.estimatedMinutes).toBe(6);
    expect((await publishedScenario(db, id))?.version).toBe(2);
    expect(await publishedScenario(db, id, 3)).toBeUndefined();
  });

  it('refuses to publish while the checker finds errors, and writes nothing', async () => {
    const { id, source } = await created();
    const broken = source.replace('poor: [dismiss, dismiss]', 'poor: [dismiss, acte-inconnu]');
    expect(broken).not.toBe(source);
    await saveDraft(db, id, broken);
    const result = await publish(db, id, broken, library, TODAY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.file).toBe(`scenarios/${id}.yaml`);
    expect(errors[0]?.line).toBeGreaterThan(0);
    expect((await versions(db, id)).map((r) => r.status)).toEqual(['draft']);
  });

  it('refuses to publish when the test replies are not ordered poor < average < senior', async () => {
    const { id, source } = await created();
    const senior = /^ {2}senior: (.*)$/m.exec(source)?.[1];
    const unordered = source.replace(/^ {2}average: .*$/m, `  average: ${senior}`);
    expect(unordered).not.toBe(source);
    const result = await publish(db, id, unordered, library, TODAY);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics.map((d) => d.code)).toContain('tests_unordered');
    expect(await publishedScenario(db, id, 1)).toBeUndefined();
  });

  it('saves a draft that does not read, keeping the title it had: nothing typed is lost', async () => {
    const { id } = await created();
    await saveDraft(db, id, 'title: [pas fini\n');
    expect(await loadWorking(db, id)).toMatchObject({ source: 'title: [pas fini\n', status: 'draft' });
    expect((await listAtelier(db, TODAY)).find((e) => e.id === id)?.title).toBe(TEMPLATE_TITLE);
  });

  it('discards a draft: a scenario never published disappears, a published one goes back to its version', async () => {
    const { id, source } = await created();
    await deleteDraft(db, id);
    expect(await loadWorking(db, id)).toBeUndefined();
    expect((await listAtelier(db, TODAY)).some((e) => e.id === id)).toBe(false);

    const again = await created();
    expect(again.id).toBe(id);
    const published = await publish(db, id, source, library, TODAY);
    expect(published.ok).toBe(true);
    await saveDraft(db, id, source.replace('level: 1', 'level: 2'));
    await deleteDraft(db, id);
    expect(await loadWorking(db, id)).toMatchObject({ version: 1, status: 'published' });
  });
});

describe('the list, the template and duplicates', () => {
  it('lists bundled and local scenarios by title, with status, version and overdue review', async () => {
    const { id } = await created();
    const list = await listAtelier(db, TODAY);
    expect(list).toHaveLength(catalogue.length + 1);
    const titles = list.map((e) => e.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'fr')));
    expect(list.find((e) => e.id === id)).toMatchObject({ kind: 'local', status: 'draft', version: 1, origin: 'local', author: AUTHOR.name, reviewBy: '2027-11-29', overdue: false });
    const bundled = list.find((e) => e.id === 'degat-des-eaux-nuit');
    expect(bundled).toMatchObject({ kind: 'bundled', status: 'published', origin: 'bundled' });
    expect(bundled?.publishedVersion).toBe(bundled?.version);
    // Far in the future, every review date has passed.
    expect((await listAtelier(db, '2999-01-01')).every((e) => e.overdue)).toBe(true);
  });

  it('gives each new scenario a free id and a review date a year ahead', async () => {
    expect(await createFromTemplate(db, AUTHOR, TODAY)).toBe('nouveau-scenario');
    expect(await createFromTemplate(db, AUTHOR, TODAY)).toBe('nouveau-scenario-2');
    const third = await createFromTemplate(db, { name: 'Paul', role: 'Gardien' }, '2028-02-29');
    expect(third).toBe('nouveau-scenario-3');
    const source = (await loadWorking(db, third))?.source ?? '';
    expect(parse(source)).toMatchObject({ id: third, version: 1, reviewBy: '2029-02-28', author: { name: 'Paul', role: 'Gardien' } });
    expect(oneYearAfter('2026-11-29')).toBe('2027-11-29');
  });

  it('duplicates a bundled scenario under a free id, comments and layout kept', async () => {
    const sources = await bundledSources();
    const original = sources['degat-des-eaux-nuit']?.text ?? '';
    const id = await duplicateBundled(db, 'degat-des-eaux-nuit');
    expect(id).toBe('degat-des-eaux-nuit-copie');
    expect(await duplicateBundled(db, 'degat-des-eaux-nuit')).toBe('degat-des-eaux-nuit-copie-2');
    const copy = await loadWorking(db, id);
    expect(copy).toMatchObject({ version: 1, status: 'draft', kind: 'local' });
    const value = parse(copy?.source ?? '') as { id: string; version: number; title: string };
    expect(value).toMatchObject({ id, version: 1, title: 'Fuite au plafond, un soir (copie)' });
    // Only id, version and title lines changed (the bundled one may already be version 1).
    const changed = diffSources(original, copy?.source ?? '').filter((l) => l.kind === 'added');
    expect(changed.length).toBeLessThanOrEqual(3);
    expect(changed.every((l) => /^(id|version|title):/.test(l.text))).toBe(true);
    expect((await listAtelier(db, TODAY)).find((e) => e.id === id)).toMatchObject({ origin: 'bundled-copy', title: 'Fuite au plafond, un soir (copie)' });
    // The copy checks and publishes as it is.
    const published = await publish(db, id, copy?.source ?? '', library, TODAY);
    expect(published.ok).toBe(true);
    await expect(duplicateBundled(db, 'nexiste-pas')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('opens a bundled scenario read-only', async () => {
    const working = await loadWorking(db, 'degat-des-eaux-nuit');
    expect(working).toMatchObject({ kind: 'bundled', status: 'published' });
    expect(working?.source).toContain('id: degat-des-eaux-nuit');
    await expect(saveDraft(db, 'degat-des-eaux-nuit', working?.source ?? '')).rejects.toBeInstanceOf(AtelierError);
    await expect(publish(db, 'degat-des-eaux-nuit', working?.source ?? '', library, TODAY)).rejects.toMatchObject({ code: 'read-only' });
    expect(await db.scenarios.count()).toBe(0);
    expect(await loadWorking(db, 'nexiste-pas')).toBeUndefined();
  });
});

describe('local scenarios in practice', () => {
  it('a published scenario is playable, and an attempt keeps the version it was played against', async () => {
    const { id, source } = await created();
    expect((await playableCatalogue(db)).some((e) => e.id === id)).toBe(false); // a draft is not playable
    const v1 = await publish(db, id, source, library, TODAY);
    if (!v1.ok) throw new Error('v1 refused');
    const entry = (await playableCatalogue(db)).find((e) => e.id === id);
    expect(entry).toMatchObject({ id, version: 1, hash: v1.hash, title: TEMPLATE_TITLE });
    expect((await playableCatalogue(db)).length).toBe(catalogue.length + 1);

    const compiled = await loadScenario(id, { db });
    if (!compiled) throw new Error('not loaded');
    const attempt = await startAttempt(db, { profileId: 'p1', scenario: compiled, mode: 'guided', evaluation: false, seed: 3 });

    const v2 = await publish(db, id, source.replace('level: 1', 'level: 2'), library, TODAY);
    if (!v2.ok) throw new Error('v2 refused');
    expect((await playableCatalogue(db)).find((e) => e.id === id)).toMatchObject({ version: 2, hash: v2.hash, level: 2 });
    expect((await loadScenario(id, { db }))?.hash).toBe(v2.hash);
    // The debrief loads what the attempt was scored against.
    expect((await loadScenario(id, { db, version: 1, hash: v1.hash }))?.hash).toBe(v1.hash);
    expect((await loadScenario(id, { db, hash: v1.hash }))?.version).toBe(1);
    expect((await loadScenario(id, { db, version: 1 }))?.hash).toBe(v1.hash);
    // A pinned version that is gone gives the current one (the caller sees the hash changed).
    expect((await loadScenario(id, { db, version: 9, hash: 'gone' }))?.version).toBe(2);
    // Without the database, only the bundled scenarios exist.
    expect(await loadScenario(id)).toBeUndefined();

    // The attempt started on version 1 still resumes on version 1.
    const opened = await openRun(db, attempt.id, (sid, pinned) => loadScenario(sid, { db, ...pinned }));
    expect('run' in opened && opened.run.compiled.hash).toBe(v1.hash);
  });

  it('bundled scenarios load by version and hash as before', async () => {
    const entry = catalogue.find((e) => e.id === 'degat-des-eaux-nuit');
    if (!entry) throw new Error('no bundled scenario');
    expect((await loadScenario(entry.id))?.hash).toBe(entry.hash);
    expect((await loadScenario(entry.id, { db, version: entry.version, hash: entry.hash }))?.hash).toBe(entry.hash);
    expect((await publishedScenario(db, entry.id, entry.version))?.hash).toBe(entry.hash);
    expect(await loadScenario('nexiste-pas', { db })).toBeUndefined();
    expect(await playableCatalogue(db)).toEqual(catalogue);
  });
});
