import { describe, expect, it } from 'vitest';
import { scenarioMetas } from '../../../src/app/revue/replay.ts';
import { knownScenarioMetas } from '../../../src/app/revue/scenario-metas.ts';
import { sourceOf, T0, testDb, variant } from '../../helpers/revue.ts';

const IDS = ['degat-des-eaux-nuit', 'impayes-accueil', 'inconnu'];

/** A version of the water-damage scenario with another title and the next version number. */
const renamed = (title: string, version: number) =>
  variant('degat-des-eaux-nuit', (s) => s.replace(/^version: 1$/m, `version: ${version}`).replace('Fuite au plafond, un soir', title));

describe('the scenarios’ titles the Revue shows on every visit', () => {
  it('are scenarioMetas’, and follow a version imported with a bundle or published here', async () => {
    const db = testDb();
    // One id first (the inbox filtered on it), then more (the dashboards): each read once.
    expect(await knownScenarioMetas(db, ['impayes-accueil'])).toEqual(await scenarioMetas(db, ['impayes-accueil']));
    expect(await knownScenarioMetas(db, IDS)).toEqual(await scenarioMetas(db, IDS));
    expect((await knownScenarioMetas(db, IDS)).get('degat-des-eaux-nuit')?.title).toBe('Fuite au plafond, un soir');

    const imported = renamed('Fuite au plafond, un soir (v2)', 2);
    await db.bundleScenarios.put({ id: imported.id, hash: imported.hash, version: imported.version, source: sourceOf(imported.hash) });
    expect((await knownScenarioMetas(db, IDS)).get('degat-des-eaux-nuit')?.title).toBe('Fuite au plafond, un soir (v2)');

    const local = renamed('Fuite au plafond, un soir (v3)', 3);
    // A draft does not count; its publication does.
    const row = { id: local.id, version: local.version, status: 'draft' as const, source: sourceOf(local.hash), hash: local.hash, compiled: local, title: local.meta.title, author: 'Mireille Dubois', origin: 'local' as const, createdAt: T0, updatedAt: T0 };
    await db.scenarios.put(row);
    expect((await knownScenarioMetas(db, IDS)).get('degat-des-eaux-nuit')?.title).toBe('Fuite au plafond, un soir (v2)');
    await db.scenarios.put({ ...row, status: 'published', publishedAt: T0 });
    expect((await knownScenarioMetas(db, IDS)).get('degat-des-eaux-nuit')?.title).toBe('Fuite au plafond, un soir (v3)');
    expect(await knownScenarioMetas(db, IDS)).toEqual(await scenarioMetas(db, IDS));
  });
});
