import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, newDevice, screenshots } from './browser.ts';

/**
 * A new senior's journey in the Atelier, then a junior on another device who receives the pack:
 * PIN-protected profile → scenario from the template → an error, located, then fixed → playtest
 * and reference path → test replies → publish → pack exported. The junior imports the pack, plays
 * the scenario and reads the senior's reference path in the debrief; a tampered pack is refused
 * with its reason and leaves the database as it was.
 */
/** The template's guided path to success, one reply per turn. */
const SENIOR_CHOICES = [
  /^Bonjour madame, je suis Karim, le gardien/,
  /^Vous avez eu très peur, je comprends/,
  /^Il y a des personnes âgées ou qui ont du mal/,
  /^J.appelle l.électricien sous contrat maintenant/,
  /^Je vous donne le numéro de votre demande/,
];

describe('a senior writes a scenario, a junior plays it', () => {
  let context: BrowserContext;
  let page: Page;
  let pack = '';

  async function audit(p: Page, name: string): Promise<void> {
    expect(await axeViolations(p), `axe on ${name}`).toEqual([]);
    await screenshots(p, name);
    await p.setViewportSize({ width: 360, height: 740 });
  }

  const errorsOf = (p: Page): string[] => (p as Page & { errors?: string[] }).errors ?? [];

  beforeAll(async () => {
    ({ context, page } = await newDevice());
    await page.goto(inject('baseUrl'));
  });
  afterAll(async () => {
    await context.close();
  });

  it('creates a senior profile protected by a PIN and lands in the Atelier', async () => {
    await page.getByRole('heading', { name: 'Bienvenue sur Palier' }).waitFor();
    await page.getByLabel('Votre nom ou prénom').fill('Mireille Dubois');
    await page.getByRole('radio', { name: /Senior/ }).check();
    await page.getByRole('button', { name: 'Créer le profil et commencer' }).click();
    await page.getByRole('dialog', { name: 'Choisir un code pour Mireille Dubois' }).waitFor();
    await page.getByLabel('Code', { exact: true }).fill('4821');
    await page.getByLabel('Le même code, une seconde fois').fill('4821');
    await page.getByRole('button', { name: 'Enregistrer le code' }).click();
    await page.getByRole('heading', { name: 'Atelier', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Fuite au plafond, un soir' }).waitFor();
    await audit(page, 'atelier');
  });

  it('creates a scenario from the template, breaks it, sees the located diagnostic, and fixes it', async () => {
    await page.getByRole('button', { name: 'Nouveau scénario' }).click();
    await page.getByRole('heading', { name: /^Plus de lumière dans l.escalier$/, level: 1 }).waitFor();
    await page.getByText('Aucun problème : le scénario peut être publié.').waitFor({ timeout: 30_000 });
    await audit(page, 'atelier-editeur');

    // In the YAML source: an unknown field at the end of the file.
    await page.getByRole('tab', { name: 'Source YAML' }).click();
    const editor = page.locator('.cm-content');
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\ncouleur: bleu');
    const diagnostic = page.locator('li.diag.error').first();
    await diagnostic.waitFor();
    expect(await diagnostic.innerText()).toMatch(/couleur/);
    expect(await diagnostic.innerText()).toMatch(/ligne \d+/);
    await audit(page, 'atelier-diagnostic');
    // The line number leads to the line in the source.
    await diagnostic.getByRole('button', { name: /ligne \d+/ }).click();
    expect(await page.locator('.cm-activeLine').innerText()).toContain('couleur');

    // Remove the line again: the diagnostic goes away.
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.getByText('Aucun problème : le scénario peut être publié.').waitFor({ timeout: 30_000 });
    expect(await page.locator('li.diag.error').count()).toBe(0);
  });

  it('edits the title in the forms, and the source follows', async () => {
    await page.getByRole('tab', { name: 'Formulaires' }).click();
    const title = page.getByRole('textbox', { name: /^Titre/ });
    await title.fill('La lumière du bâtiment C');
    await title.blur();
    // The draft's source holds the change (the Versions tab shows the whole text).
    await page.getByRole('heading', { name: 'La lumière du bâtiment C', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByRole('button', { name: 'Lire' }).first().click();
    await expect.poll(() => page.locator('pre.source').innerText()).toContain('title: La lumière du bâtiment C');
    await page.getByText(/Brouillon enregistré à/).waitFor();
  });

  it('playtests the draft and records the senior’s reference path', async () => {
    await page.getByRole('tab', { name: 'Essai' }).click();
    await page.getByRole('heading', { name: 'Essai du brouillon' }).waitFor();
    for (const choice of SENIOR_CHOICES) await page.getByRole('button', { name: choice }).click();
    await page.getByText(/Fin de la conversation\s:\sRéussite/).waitFor();
    await audit(page, 'atelier-essai');
    await page.getByRole('button', { name: 'Enregistrer comme parcours de référence' }).click();
    await page.getByText(/Parcours de référence enregistré \(5 tour/).waitFor();
    await page.getByRole('tab', { name: 'Source YAML' }).click();
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await expect.poll(() => page.locator('.cm-content').innerText()).toContain('recordedOn:');
  });

  it('runs the test replies, then publishes', async () => {
    await page.getByRole('tab', { name: 'Réponses de test' }).click();
    await page.getByRole('button', { name: 'Lancer les réponses de test' }).click();
    await page.getByText(/Ordre respecté/).waitFor({ timeout: 30_000 });
    await audit(page, 'atelier-tests');
    await page.getByText('Aucun problème : le scénario peut être publié.').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Publier' }).click();
    await page.getByText(/Version 1 publiée/).waitFor();
    await page.getByRole('tab', { name: 'Graphe' }).click();
    await page.getByRole('heading', { name: 'Graphe du dialogue' }).waitFor();
    await audit(page, 'atelier-graphe');
  });

  it('exports the scenario as a pack', async () => {
    await page.getByRole('link', { name: /Retour à l’Atelier/ }).click();
    const card = page.locator('li.entry', { has: page.getByRole('heading', { name: 'La lumière du bâtiment C' }) });
    await card.getByText('Publié').waitFor();
    await card.getByRole('checkbox', { name: /Ajouter au pack/ }).check();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /Exporter un pack \(1/ }).click();
    const file = await download;
    pack = join(tmpdir(), `palier-pack-${Date.now()}.json`);
    await file.saveAs(pack);
    const data = JSON.parse(readFileSync(pack, 'utf8')) as { format: string; checksum: string; author: { name: string }; scenarios: Array<{ source: string }> };
    expect(data.format).toBe('palier-pack');
    expect(data.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(data.author.name).toBe('Mireille Dubois');
    expect(data.scenarios[0]?.source).toContain('reference:');
    expect(errorsOf(page)).toEqual([]);
  });

  it('on a junior’s device: a tampered pack is refused and changes nothing; the real one imports', async () => {
    const junior = await newDevice();
    try {
      const p = junior.page;
      await p.goto(inject('baseUrl'));
      await p.getByLabel('Votre nom ou prénom').fill('Awa Diallo');
      await p.getByRole('button', { name: 'Créer le profil et commencer' }).click();
      await p.getByRole('heading', { name: 'S’entraîner' }).waitFor();

      // Tampered: a word changed in a scenario after export.
      const tampered = join(tmpdir(), `palier-pack-tampered-${Date.now()}.json`);
      writeFileSync(tampered, readFileSync(pack, 'utf8').replace('48 heures', '24 heures'));
      await p.getByRole('link', { name: 'Réglages' }).click();
      await p.getByLabel('Choisir un fichier de pack').setInputFiles(tampered);
      await p.getByText(/ne peut pas être importé/).waitFor();
      await p.getByText(/la somme de contrôle ne correspond pas/).waitFor();
      expect(await p.getByRole('button', { name: /Importer 1 scénario/ }).count()).toBe(0);
      const stored = await p.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const open = indexedDB.open('palier');
            open.onsuccess = () => {
              const count = open.result.transaction('scenarios').objectStore('scenarios').count();
              count.onsuccess = () => resolve(count.result);
              count.onerror = () => reject(count.error);
            };
            open.onerror = () => reject(open.error);
          }),
      );
      expect(stored).toBe(0);
      await audit(p, 'reglages-pack-refuse');

      await p.getByLabel('Choisir un fichier de pack').setInputFiles(pack);
      await p.getByText(/est valide/).waitFor();
      await p.getByRole('button', { name: 'Importer 1 scénario(s)' }).click();
      await p.getByText('1 scénario(s) importé(s).').waitFor();

      // The junior plays it, guided, and reads the senior's reference path in the debrief.
      await p.getByRole('link', { name: 'S’entraîner' }).click();
      await p.getByRole('heading', { name: 'La lumière du bâtiment C' }).first().waitFor();
      await p.getByRole('link', { name: /Préparer la séance.*La lumière du bâtiment C/ }).first().click();
      await p.getByRole('button', { name: 'Commencer' }).click();
      for (const choice of SENIOR_CHOICES) {
        const before = await p.locator('[role=log] li').count();
        await p.locator('ul.choices').getByRole('button', { name: choice }).click();
        await p.waitForFunction((n) => document.querySelectorAll('[role=log] li').length > n, before);
      }
      await p.getByRole('button', { name: 'Voir le bilan' }).click();
      await p.getByRole('heading', { name: /Bilan\s:\sLa lumière du bâtiment C/ }).waitFor();
      await p.getByRole('heading', { name: 'Le parcours de référence du senior' }).waitFor();
      await p.getByText(/Joué par Mireille Dubois \(Senior\)/).waitFor();
      expect(errorsOf(p)).toEqual([]);
    } finally {
      await junior.context.close();
    }
  });
});
