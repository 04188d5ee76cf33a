import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { atelierData } from '../../../src/app/atelier/library.ts';
import {
  applyPack,
  exportPack,
  PACK_PROBLEM_CODES,
  packChecksum,
  readPack,
  scenarioYamlFile,
  type PackReport,
} from '../../../src/app/atelier/packs.ts';
import { createFromTemplate, loadWorking, publish, saveDraft, versions } from '../../../src/app/atelier/store.ts';
import { catalogue, loadScenario, playableCatalogue } from '../../../src/app/scenarios.ts';
import type { Library } from '../../../src/core/scenario/library.ts';
import { PalierDatabase } from '../../../src/db/db.ts';
import { atelier as en } from '../../../src/ui/i18n/en/atelier.ts';
import { atelier as fr } from '../../../src/ui/i18n/fr/atelier.ts';

const TODAY = '2026-11-29';
const AUTHOR = { name: 'Mireille Dubois', role: 'Gardienne principale' };
const NOW = new Date('2026-11-29T10:00:00.000Z');
const BUNDLED = 'degat-des-eaux-nuit';
let library: Library;
let senior: PalierDatabase;
let junior: PalierDatabase;

beforeAll(async () => {
  library = (await atelierData()).library;
});
beforeEach(() => {
  senior = new PalierDatabase(`senior-${crypto.randomUUID()}`);
  junior = new PalierDatabase(`junior-${crypto.randomUUID()}`);
});

/** A scenario written and published on the senior's device. */
async function published(): Promise<{ id: string; hash: string }> {
  const id = await createFromTemplate(senior, AUTHOR, TODAY);
  const source = (await loadWorking(senior, id))?.source ?? '';
  const result = await publish(senior, id, source, library, TODAY);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.code).join(', '));
  return { id, hash: result.hash };
}

/** A pack's JSON with a change, its checksum recomputed (so only the change is at fault). */
async function resealed(text: string, change: (pack: { scenarios: { id: string; version: number; source: string }[] }) => void): Promise<string> {
  const pack = JSON.parse(text) as Record<string, unknown> & { scenarios: { id: string; version: number; source: string }[] };
  change(pack);
  return JSON.stringify({ ...pack, checksum: await packChecksum(pack) });
}

const codes = (report: PackReport) => report.problems.map((p) => p.code);

describe('packs', () => {
  it('round trip: export on one device, import on another, played with the same hash', async () => {
    const { id, hash } = await published();
    const { filename, text } = await exportPack(senior, [id], AUTHOR, NOW);
    expect(filename).toBe(`palier-pack-${id}-2026-11-29.json`);
    const pack = JSON.parse(text) as Record<string, unknown>;
    expect(pack).toMatchObject({ format: 'palier-pack', packVersion: 1, author: AUTHOR, createdAt: NOW.toISOString() });
    expect(pack.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);

    const report = await readPack(junior, text, library, TODAY);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.author).toEqual(AUTHOR);
    expect(report.items).toEqual([expect.objectContaining({ id, version: 1, valid: true, clash: 'none', hash })]);
    expect(await junior.scenarios.count()).toBe(0); // reading writes nothing

    expect(await applyPack(junior, report, {})).toEqual([id]);
    const [row] = await versions(junior, id);
    expect(row).toMatchObject({ id, version: 1, status: 'published', origin: 'pack', hash });
    expect(row?.source).toContain('# MODÈLE DE SCÉNARIO PALIER');
    expect((await playableCatalogue(junior)).find((e) => e.id === id)?.hash).toBe(hash);
    expect((await loadScenario(id, { db: junior }))?.hash).toBe(hash);
  });

  it('refuses a tampered pack (checksum mismatch) and writes nothing', async () => {
    const { id } = await published();
    const { text } = await exportPack(senior, [id], AUTHOR, NOW);
    const tampered = text.replace('estimatedMinutes: 5', 'estimatedMinutes: 50');
    expect(tampered).not.toBe(text);
    const report = await readPack(junior, tampered, library, TODAY);
    expect(report.ok).toBe(false);
    expect(codes(report)).toEqual(['checksum-mismatch']);
    await expect(applyPack(junior, report, {})).rejects.toMatchObject({ code: 'pack-not-valid' });
    expect(await junior.scenarios.count()).toBe(0);
  });

  it('refuses an unknown pack version, a file that is not JSON (located) or not a pack', async () => {
    const { id } = await published();
    const { text } = await exportPack(senior, [id], AUTHOR, NOW);
    const v2 = await readPack(junior, text.replace('"packVersion": 1', '"packVersion": 2'), library);
    expect(v2.problems).toEqual([{ code: 'unsupported-version', params: { found: '2', supported: 1 } }]);

    const broken = await readPack(junior, '{\n  "format": "palier-pack",\n  "packVersion": 1,,\n}', library);
    expect(codes(broken)).toEqual(['not-json']);
    expect(broken.problems[0]).toMatchObject({ line: 3 });
    expect(broken.problems[0]?.column).toBeGreaterThan(0);

    expect(codes(await readPack(junior, '{"format":"palier-profile"}', library))).toEqual(['wrong-format']);
    expect(codes(await readPack(junior, '   ', library))).toEqual(['empty-file']);
    expect(codes(await readPack(junior, 'x'.repeat(20_000_001), library))).toEqual(['too-large']);

    const missing = await readPack(junior, await resealed(text, (p) => delete (p as { author?: unknown }).author), library);
    expect(missing.problems).toEqual([expect.objectContaining({ code: 'missing-field', path: 'author', params: { field: 'author' } })]);
    expect(await junior.scenarios.count()).toBe(0);
  });

  it('reports an invalid scenario with its diagnostics, and refuses the whole pack', async () => {
    const { id } = await published();
    const { text } = await exportPack(senior, [id, BUNDLED], AUTHOR, NOW);
    const bad = await resealed(text, (p) => {
      const s = p.scenarios[0];
      if (s) s.source = s.source.replace('poor: [dismiss, dismiss]', 'poor: [dismiss, acte-inconnu]');
    });
    const report = await readPack(junior, bad, library, TODAY);
    expect(report.ok).toBe(false);
    expect(report.items.map((it) => [it.id, it.valid])).toEqual([
      [id, false],
      [BUNDLED, true],
    ]);
    const problem = report.problems.find((p) => p.code === 'invalid-scenario');
    expect(problem).toMatchObject({ scenario: 1, params: { id } });
    expect(Number(problem?.params.line)).toBeGreaterThan(0);
    expect(report.items[0]?.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    await expect(applyPack(junior, report, { [BUNDLED]: 'keep-both' })).rejects.toMatchObject({ code: 'pack-not-valid' });
    expect(await junior.scenarios.count()).toBe(0);
  });

  it('reports a scenario whose text does not match what the pack announces', async () => {
    const { id } = await published();
    const { text } = await exportPack(senior, [id], AUTHOR, NOW);
    const report = await readPack(junior, await resealed(text, (p) => p.scenarios[0] && (p.scenarios[0].version = 4)), library, TODAY);
    expect(codes(report)).toEqual(['version-mismatch']);
    expect(report.ok).toBe(false);
  });

  it('an id clash: nothing written without a choice; keep both imports under a new id', async () => {
    const { text } = await exportPack(senior, [BUNDLED], AUTHOR, NOW);
    const report = await readPack(junior, text, library, TODAY);
    expect(report.ok).toBe(true);
    expect(report.items[0]).toMatchObject({ id: BUNDLED, clash: 'bundled' });
    await expect(applyPack(junior, report, {})).rejects.toMatchObject({ code: 'choice-missing', id: BUNDLED });
    expect(await junior.scenarios.count()).toBe(0);

    const ids = await applyPack(junior, report, { [BUNDLED]: 'keep-both' });
    expect(ids).toEqual([`${BUNDLED}-2`]);
    const [row] = await versions(junior, `${BUNDLED}-2`);
    expect(parse(row?.source ?? '')).toMatchObject({ id: `${BUNDLED}-2` });
    expect(row?.compiled?.id).toBe(`${BUNDLED}-2`);
    // Two cards side by side in the catalogue: the title tells the imported copy apart.
    expect(row?.title).toBe(`${catalogue.find((e) => e.id === BUNDLED)?.title} (importé)`);
    const playable = await playableCatalogue(junior);
    expect(playable.filter((e) => e.id.startsWith(BUNDLED)).map((e) => e.id)).toEqual([BUNDLED, `${BUNDLED}-2`]);
    // The bundled one is untouched.
    expect(playable.find((e) => e.id === BUNDLED)).toEqual(catalogue.find((e) => e.id === BUNDLED));
  });

  it('an id clash: replace makes a new local version that takes precedence in practice', async () => {
    const bundled = catalogue.find((e) => e.id === BUNDLED);
    if (!bundled) throw new Error('no bundled scenario');
    const { text } = await exportPack(senior, [BUNDLED], AUTHOR, NOW);
    const report = await readPack(junior, text, library, TODAY);
    expect(await applyPack(junior, report, { [BUNDLED]: 'replace' })).toEqual([BUNDLED]);
    const [row] = await versions(junior, BUNDLED);
    expect(row).toMatchObject({ version: bundled.version + 1, status: 'published', origin: 'pack' });
    expect(parse(row?.source ?? '')).toMatchObject({ version: bundled.version + 1 });
    const entry = (await playableCatalogue(junior)).find((e) => e.id === BUNDLED);
    expect(entry?.version).toBe(bundled.version + 1);
    expect(entry?.hash).toBe(row?.hash);
    expect((await loadScenario(BUNDLED, { db: junior }))?.hash).toBe(row?.hash);
    // Attempts played on the bundled version still load it.
    expect((await loadScenario(BUNDLED, { db: junior, version: bundled.version, hash: bundled.hash }))?.hash).toBe(bundled.hash);
  });

  it('replacing a local scenario adds its next version and keeps a draft in progress after it', async () => {
    const { id } = await published();
    const { text } = await exportPack(senior, [id], AUTHOR, NOW);
    // The junior's device already has version 1 of that id, with a draft on top.
    const first = await readPack(junior, text, library, TODAY);
    await applyPack(junior, first, {});
    await saveDraft(junior, id, 'title: en cours\n');
    const again = await readPack(junior, text, library, TODAY);
    expect(again.items[0]?.clash).toBe('local');
    await applyPack(junior, again, { [id]: 'replace' });
    expect((await versions(junior, id)).map((r) => [r.version, r.status])).toEqual([
      [3, 'draft'],
      [2, 'published'],
      [1, 'published'],
    ]);
    expect((await loadWorking(junior, id))?.source).toBe('title: en cours\n');
  });

  it('refuses a report it did not make', async () => {
    const forged: PackReport = { ok: true, problems: [], items: [] };
    await expect(applyPack(junior, forged, {})).rejects.toMatchObject({ code: 'pack-not-valid' });
  });

  it('exports bundled scenarios too, and refuses an id with nothing published', async () => {
    const { text, filename } = await exportPack(senior, [BUNDLED, 'appel-agressif-loge'], AUTHOR, NOW);
    expect(filename).toBe('palier-pack-2-scenarios-2026-11-29.json');
    expect((JSON.parse(text) as { scenarios: { id: string }[] }).scenarios.map((s) => s.id)).toEqual([BUNDLED, 'appel-agressif-loge']);
    const draft = await createFromTemplate(senior, AUTHOR, TODAY);
    await expect(exportPack(senior, [draft], AUTHOR, NOW)).rejects.toMatchObject({ code: 'not-published', id: draft });
  });

  it('downloads one scenario as the YAML file to commit', () => {
    expect(scenarioYamlFile('id: x\nversion: 2', 'x')).toEqual({ filename: 'x.yaml', text: 'id: x\nversion: 2\n' });
    expect(scenarioYamlFile('id: x\n', 'x').text).toBe('id: x\n');
  });

  it('words every problem in French and English', () => {
    for (const code of PACK_PROBLEM_CODES) {
      const key = `pack.problem.${code}` as keyof typeof fr;
      expect(fr[key], code).toBeTypeOf('string');
      expect(en[key], code).toBeTypeOf('string');
    }
  });
});
