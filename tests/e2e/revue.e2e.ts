import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sha256Checksum } from '../../src/app/checksum.ts';
import { axeViolations, newDevice, screenshots } from './browser.ts';

/**
 * The Revue as new users would live it: two juniors, each on their own device, play a guided
 * scenario and save their sessions as a file for the trainer. The trainer, on a third device,
 * imports both files, corrects a criterion with a comment and decides a judged one, annotates a
 * turn, sees the dashboards change, exports CSV and xAPI, and prepares a « retour formateur »
 * that the first junior imports and reads in the debrief. A bundle whose junior name is markup,
 * re-sealed with a valid checksum, shows it as text.
 */
type Device = { context: BrowserContext; page: Page };

const errorsOf = (p: Page): string[] => (p as Page & { errors?: string[] }).errors ?? [];

async function audit(p: Page, name: string): Promise<void> {
  expect(await axeViolations(p), `axe on ${name}`).toEqual([]);
  await screenshots(p, name);
  await p.setViewportSize({ width: 360, height: 740 });
}

/** Plays guided choices by their position in the offered list. */
async function play(page: Page, choices: number[]): Promise<void> {
  for (const i of choices) {
    const buttons = page.locator('ul.choices button');
    await buttons.first().waitFor();
    const before = await page.locator('[role=log] li').count();
    await buttons.nth(i).click();
    await page.waitForFunction((n) => document.querySelectorAll('[role=log] li').length > n, before);
  }
}

/** A junior's device: profile, one guided session to its debrief, then the file for the trainer. */
async function juniorSends(name: string, choices: number[]): Promise<Device & { file: string }> {
  const device = await newDevice();
  const { page } = device;
  await page.goto(inject('baseUrl'));
  await page.getByRole('heading', { name: 'Bienvenue sur Palier' }).waitFor();
  await page.getByLabel('Votre nom ou prénom').fill(name);
  await page.getByRole('button', { name: 'Créer le profil et commencer' }).click();
  await page.getByRole('link', { name: /Préparer la séance.*Fuite au plafond/ }).first().click();
  await page.getByRole('button', { name: 'Commencer' }).click();
  await play(page, choices);
  await page.getByRole('button', { name: 'Voir le bilan' }).click();
  await page.getByRole('heading', { name: /Bilan\s:\sFuite au plafond/ }).waitFor();

  await page.getByRole('link', { name: 'Progression' }).click();
  await page.getByRole('button', { name: 'Choisir les séances à envoyer' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Enregistrer le fichier \(1 séance/ }).click();
  const saved = await download;
  const file = join(tmpdir(), `palier-revue-${name.replace(/\W+/g, '-')}-${Date.now()}.json`);
  await saved.saveAs(file);
  await page.getByText(/Fichier enregistré\s:\spalier-revue-/).waitFor();
  return { ...device, file };
}

describe('trainers review juniors’ sessions', () => {
  let awa: Device & { file: string };
  let bruno: Device & { file: string };
  let trainer: Device;
  let heatBefore = '';
  let retour = '';

  beforeAll(async () => {
    [awa, bruno] = await Promise.all([juniorSends('Awa Diallo', [0, 0, 1, 0, 0, 0, 0, 1]), juniorSends('Bruno Martin', [0, 0, 1, 0, 0, 0, 0, 1])]);
    trainer = await newDevice();
    await trainer.page.goto(inject('baseUrl'));
  }, 120_000);
  afterAll(async () => {
    await Promise.all([awa?.context.close(), bruno?.context.close(), trainer?.context.close()]);
  });

  it('a junior’s file carries the session, checksummed', () => {
    const bundle = JSON.parse(readFileSync(awa.file, 'utf8')) as { format: string; junior: { name: string }; attempts: unknown[]; scenarios: unknown[]; checksum: string };
    expect(bundle.format).toBe('palier-bundle');
    expect(bundle.junior.name).toBe('Awa Diallo');
    expect(bundle.attempts).toHaveLength(1);
    expect(bundle.scenarios).toHaveLength(1);
    expect(bundle.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('a trainer profile, protected by a PIN, lands in the Revue and imports both files', async () => {
    const { page } = trainer;
    await page.getByRole('heading', { name: 'Bienvenue sur Palier' }).waitFor();
    await page.getByLabel('Votre nom ou prénom').fill('Nadia Benali');
    await page.getByRole('radio', { name: /Formateur/ }).check();
    await page.getByRole('button', { name: 'Créer le profil et commencer' }).click();
    await page.getByLabel('Code', { exact: true }).fill('7391');
    await page.getByLabel('Le même code, une seconde fois').fill('7391');
    await page.getByRole('button', { name: 'Enregistrer le code' }).click();
    await page.getByRole('heading', { name: 'Revue', level: 1 }).waitFor();
    await page.getByText(/Aucune séance importée/).waitFor();

    await page.getByLabel('Choisir des fichiers…').setInputFiles([awa.file, bruno.file]);
    await page.getByText('Séances de Awa Diallo :').waitFor();
    await page.getByText('Séances de Bruno Martin :').waitFor();
    await audit(page, 'revue-import');
    await page.getByRole('button', { name: 'Importer 2 séance(s)' }).click();
    await page.getByText(/Import terminé\s:\s2 séance\(s\) ajoutée\(s\)/).waitFor();
    await page.getByRole('link', { name: /Fuite au plafond, un soir — Awa Diallo/ }).waitFor();
    await page.getByRole('link', { name: /Fuite au plafond, un soir — Bruno Martin/ }).waitFor();
    await audit(page, 'revue-boite');

    // The same file again: recognised, nothing to import.
    await page.getByLabel('Choisir des fichiers…').setInputFiles([awa.file]);
    await page.getByText(/1 déjà importée/).waitFor();
    expect(await page.getByRole('button', { name: 'Importer 0 séance(s)' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Annuler' }).click();
  });

  it('a bundle whose junior name is markup, re-sealed with a valid checksum, shows it as text', async () => {
    const { page } = trainer;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const payload = '<img src=x onerror="alert(1)">Zoé';
    const bundle = JSON.parse(readFileSync(bruno.file, 'utf8')) as Record<string, unknown> & { junior: { name: string } };
    bundle.junior.name = payload;
    bundle.checksum = await sha256Checksum(bundle);
    const hostile = join(tmpdir(), `palier-revue-hostile-${Date.now()}.json`);
    writeFileSync(hostile, JSON.stringify(bundle));
    await page.getByLabel('Choisir des fichiers…').setInputFiles([hostile]);
    await page.getByText(`Séances de ${payload} :`).waitFor();
    expect(await page.locator('img[src=x]').count()).toBe(0);
    await page.getByRole('button', { name: 'Annuler' }).click();
    expect(dialogs).toEqual([]);
    expect(errorsOf(page)).toEqual([]);
  });

  it('the dashboards show the cohort before any review', async () => {
    const { page } = trainer;
    await page.getByRole('link', { name: 'Tableaux de bord' }).click();
    await page.getByRole('heading', { name: 'Tableaux de bord', level: 1 }).waitFor();
    const heat = page.locator('table.heat');
    await heat.waitFor();
    heatBefore = await heat.innerText();
    expect(heatBefore).toContain('Awa Diallo');
    expect(heatBefore).toContain('Bruno Martin');
    await audit(page, 'revue-tableaux');
    await page.getByRole('link', { name: 'Retour à la Revue' }).click();
  });

  it('overrides a criterion with a mandatory comment, decides a judged one and annotates a turn', async () => {
    const { page } = trainer;
    await page.getByRole('link', { name: /Fuite au plafond, un soir — Awa Diallo/ }).click();
    await page.getByRole('heading', { name: /Fuite au plafond, un soir — Awa Diallo/, level: 1 }).waitFor();
    await audit(page, 'revue-seance');

    // A rule criterion the junior met: the trainer marks it not met.
    const found = page.locator('li.criterion', { hasText: 'règle automatique' }).filter({ has: page.locator('input[value=met]:checked') }).first();
    // Held by its title: once « Non acquis » is ticked it no longer matches the search above.
    const ruleTitle = await found.locator('h3 [lang=fr]').innerText();
    const rule = page.locator('li.criterion', { has: page.getByRole('heading', { name: ruleTitle, exact: true }) });
    await rule.locator('summary', { hasText: 'Confirmer ou corriger' }).click();
    await rule.getByLabel('Non acquis').check();
    await rule.getByRole('button', { name: 'Enregistrer ma décision' }).click();
    await rule.getByText('Un commentaire est obligatoire pour toute décision.').waitFor();
    await rule.getByLabel('Commentaire (obligatoire)').fill('La consigne de sécurité n’a pas été vérifiée avant de raccrocher.');
    await rule.getByRole('button', { name: 'Enregistrer ma décision' }).click();
    await rule.getByText('Décision enregistrée.').waitFor();
    await rule.getByText(/décision d’un formateur/).waitFor();

    // A judged criterion waiting for a trainer: its first level is chosen.
    const judgedTitle = await page.locator('li.criterion.pending h3 [lang=fr]').first().innerText();
    const judged = page.locator('li.criterion', { has: page.getByRole('heading', { name: judgedTitle, exact: true }) });
    await judged.locator('input[type=radio]').first().check();
    await judged.getByLabel('Commentaire (obligatoire)').fill('Le ton reste posé du début à la fin.');
    await judged.getByRole('button', { name: 'Enregistrer ma décision' }).click();
    await judged.getByText('Décision enregistrée.').waitFor();

    await page.getByRole('button', { name: 'Annoter le tour 1' }).click();
    await page.getByLabel('Votre annotation (tour 1)').fill('À ce moment, un senior aurait demandé tout de suite si l’eau touche une prise.');
    await page.getByRole('button', { name: 'Enregistrer l’annotation' }).click();
    await page.getByText('Annotation de Nadia Benali').waitFor();

    // The audit trail lists the three entries, the comments included.
    const audit3 = page.locator('section', { has: page.getByRole('heading', { name: 'Journal de la relecture' }) });
    await expect.poll(async () => audit3.locator('tbody tr').count()).toBe(3);
    expect(await audit3.innerText()).toContain('La consigne de sécurité n’a pas été vérifiée');
    await audit(page, 'revue-decision');
  });

  it('the dashboards change with the decisions', async () => {
    const { page } = trainer;
    await page.getByRole('link', { name: 'Retour à la Revue' }).first().click();
    await page.getByRole('link', { name: 'Tableaux de bord' }).click();
    const heat = page.locator('table.heat');
    await heat.waitFor();
    await expect.poll(async () => heat.innerText()).not.toBe(heatBefore);
    await page.getByRole('link', { name: 'Retour à la Revue' }).click();
  });

  it('exports CSV for Excel and xAPI statements', async () => {
    const { page } = trainer;
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Critères (CSV)' }).click();
    const csvFile = join(tmpdir(), `palier-criteres-${Date.now()}.csv`);
    await (await csvDownload).saveAs(csvFile);
    const csv = readFileSync(csvFile, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')[0]).toContain(';');
    expect(csv).toContain('La consigne de sécurité n’a pas été vérifiée');

    const xapiDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Déclarations xAPI (JSON)' }).click();
    const xapiFile = join(tmpdir(), `palier-xapi-${Date.now()}.json`);
    await (await xapiDownload).saveAs(xapiFile);
    const statements = JSON.parse(readFileSync(xapiFile, 'utf8')) as Array<{ id: string; verb: { id: string } }>;
    const verbs = new Set(statements.map((s) => s.verb.id.split('/').pop()));
    for (const v of ['attempted', 'responded', 'completed', 'scored']) expect(verbs.has(v), v).toBe(true);
    expect(new Set(statements.map((s) => s.id)).size).toBe(statements.length);
  });

  it('prepares the « retour formateur » for the first junior', async () => {
    const { page } = trainer;
    await page.getByLabel('Junior', { exact: true }).last().selectOption({ label: 'Awa Diallo' });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Préparer le retour formateur' }).click();
    retour = join(tmpdir(), `palier-retour-${Date.now()}.json`);
    await (await download).saveAs(retour);
    await page.getByText(/1 séance\(s\) de Awa Diallo/).waitFor();
    expect(errorsOf(page)).toEqual([]);
  });

  it('the junior imports it and reads the trainer’s review in the debrief', async () => {
    const { page } = awa;
    await page.getByLabel('Choisir le fichier…').setInputFiles(retour);
    await page.getByText('Retour de Nadia Benali pour 1 de vos séances.').waitFor();
    await page.getByRole('button', { name: 'Importer le retour' }).click();
    await page.getByText(/Retour de Nadia Benali importé pour 1 séance/).waitFor();
    await page.getByRole('link', { name: /Fuite au plafond/ }).first().click();
    await page.getByText(/Séance relue par Nadia Benali/).waitFor();
    await page.getByText('La consigne de sécurité n’a pas été vérifiée avant de raccrocher.').waitFor();
    await page.getByText(/un senior aurait demandé tout de suite/).first().waitFor();
    await audit(page, 'bilan-retour');
    expect(errorsOf(page)).toEqual([]);
    expect(errorsOf(bruno.page)).toEqual([]);
  });
});
