import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, newDevice, screenshots } from './browser.ts';

/**
 * A junior's whole journey, as a new user would play it, on a phone-sized screen. Every screen is
 * checked with axe-core and photographed at 360×740 and 1280×800 (tests/e2e/screenshots/).
 */
describe('a junior’s journey', () => {
  let context: BrowserContext;
  let page: Page;
  let exported = '';

  async function audit(name: string): Promise<void> {
    expect(await axeViolations(page), `axe on ${name}`).toEqual([]);
    await screenshots(page, name);
    await page.setViewportSize({ width: 360, height: 740 });
  }

  /** Plays guided choices by their position in the offered list. */
  async function play(choices: number[]): Promise<void> {
    for (const i of choices) {
      const buttons = page.locator('ul.choices button');
      await buttons.first().waitFor();
      const before = await page.locator('[role=log] li').count();
      await buttons.nth(i).click();
      await page.waitForFunction((n) => document.querySelectorAll('[role=log] li').length > n, before);
    }
  }

  beforeAll(async () => {
    ({ context, page } = await newDevice());
    await page.goto(inject('baseUrl'));
  });
  afterAll(async () => {
    await context.close();
  });

  it('creates a profile on the welcome page', async () => {
    await page.getByRole('heading', { name: 'Bienvenue sur Palier' }).waitFor();
    await audit('accueil');
    await page.getByRole('button', { name: 'Créer le profil et commencer' }).click();
    await page.getByText(/indiquez un nom/).waitFor();
    await page.getByLabel('Votre nom ou prénom').fill('Awa Diallo');
    await page.getByRole('button', { name: 'Créer le profil et commencer' }).click();
    await page.getByRole('heading', { name: 'S’entraîner' }).waitFor();
  });

  it('chooses a scenario in the catalogue and reads its briefing', async () => {
    await page.getByRole('heading', { name: 'Fuite au plafond, un soir' }).first().waitFor();
    await audit('catalogue');
    await page.getByRole('link', { name: /Préparer la séance.*Fuite au plafond/ }).first().click();
    await page.getByRole('heading', { name: 'Fuite au plafond, un soir' }).waitFor();
    await page.getByText('Ce que vous savez').waitFor();
    await audit('briefing');
  });

  it('plays a guided attempt to its end, then reads the debrief', async () => {
    await page.getByRole('button', { name: 'Commencer' }).click();
    await page.locator('ul.choices button').first().waitFor();
    await audit('seance-guidee');
    // Skips the safety check (turn 3): the conversation ends in a partial success.
    await play([0, 0, 1, 0, 0, 0, 0, 1]);
    await page.getByRole('button', { name: 'Voir le bilan' }).click();
    await page.getByRole('heading', { name: /Bilan\s:\sFuite au plafond/ }).waitFor();
    await page.getByText(/Issue\s:\sRéussite partielle/).waitFor();
    // The senior's reference path, beside the junior's conversation.
    await page.getByRole('heading', { name: 'Le parcours de référence du senior' }).waitFor();
    await page.getByText(/Joué par Mireille Dubois/).waitFor();
    // The criteria read with their rubric's texts: the device keeps those once per rubric, not in
    // each stored card, and the debrief puts them back.
    const criteria = page.getByRole('region', { name: 'Critères de la grille' });
    await criteria.getByText('Sécurité électrique avant tout').waitFor();
    await criteria.getByText(/Coupez le disjoncteur de la cuisine/).waitFor();
    await audit('bilan');
  });

  it('replays from turn 3 with the safety check and gets a different outcome', async () => {
    await page.getByRole('button', { name: 'Rejouer à partir du tour 3' }).click();
    await page.getByText('Rejeu depuis le tour 3').waitFor();
    await play([0, 3, 0, 0, 0, 0, 1]);
    await page.getByRole('button', { name: 'Voir le bilan' }).click();
    await page.getByText(/Issue\s:\sRéussite$/).waitFor();
    await page.getByText(/Écart avec la séance d’origine\s:\s\+/).waitFor();
  });

  it('starts a free-text attempt, reloads mid-way and resumes with nothing lost', async () => {
    await page.getByRole('link', { name: 'Recommencer ce scénario' }).click();
    await page.getByText('Texte libre').click();
    await page.getByRole('button', { name: 'Commencer' }).click();
    const box = page.getByRole('textbox', { name: 'Votre réponse' });
    await box.fill('Bonsoir madame, Karim, de la permanence du bailleur');
    await box.press('Enter');
    await page.getByText(/Compris comme\s:\sSaluer et se présenter/).waitFor();
    await box.fill('Je comprends que ce soit inquiétant, racontez-moi ce qui se passe');
    await box.press('Enter');
    await page.getByText(/Racontez-moi ce qui se passe|racontez-moi ce qui se passe/).waitFor();
    await audit('seance-libre');
    const before = await page.locator('[role=log]').innerText();
    await page.reload();
    await page.getByRole('textbox', { name: 'Votre réponse' }).waitFor();
    expect(await page.locator('[role=log]').innerText()).toBe(before);
    await page.getByRole('textbox', { name: 'Votre réponse' }).fill("Est-ce que l'eau coule près d'une lampe ou d'une prise ?");
    await page.getByRole('textbox', { name: 'Votre réponse' }).press('Enter');
    await page.getByText(/juste à côté de la lampe/).waitFor();
  });

  it('shows the progression', async () => {
    await page.getByRole('link', { name: 'Progression' }).click();
    await page.getByRole('heading', { name: 'Historique des séances' }).waitFor();
    await audit('progression');
  });

  it('exports the profile’s data to a file', async () => {
    await page.getByRole('link', { name: 'Réglages' }).click();
    await page.getByRole('button', { name: 'Exporter mes données' }).waitFor();
    await audit('reglages');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exporter mes données' }).click();
    const file = await download;
    exported = join(tmpdir(), `palier-export-${Date.now()}.json`);
    await file.saveAs(exported);
    const data = JSON.parse(readFileSync(exported, 'utf8')) as { format: string; attempts: unknown[] };
    expect(data.format).toBe('palier-profile');
    expect(data.attempts.length).toBe(3);
  });

  it('switches to English', async () => {
    await page.getByRole('button', { name: 'Langue : English' }).click();
    await page.getByRole('link', { name: 'Practise' }).waitFor();
    await page.getByRole('link', { name: 'Progress' }).click();
    await page.getByRole('heading', { name: 'Session history' }).waitFor();
    await audit('progression-en');
    await page.getByRole('button', { name: 'Language : Français' }).click();
  });

  it('imports the file on a fresh device and finds the same history', async () => {
    const other = await newDevice();
    try {
      const p = other.page;
      await p.goto(inject('baseUrl'));
      await p.getByRole('heading', { name: 'Bienvenue sur Palier' }).waitFor();
      await p.locator('input[type=file]').setInputFiles(exported);
      await p.getByRole('button', { name: 'Importer ces données' }).click();
      await p.getByRole('heading', { name: 'S’entraîner' }).waitFor();
      await p.getByRole('link', { name: 'Progression' }).click();
      await p.getByRole('heading', { name: 'Historique des séances' }).waitFor();
      const history = p.locator('section', { has: p.getByRole('heading', { name: 'Historique des séances' }) });
      await expect.poll(async () => (await history.getByRole('link', { name: /Voir le bilan|Fuite au plafond/ }).count()) > 0).toBe(true);
      expect(await history.innerText()).toContain('Reprise depuis le tour 3');
      expect((p as Page & { errors?: string[] }).errors).toEqual([]);
    } finally {
      await other.context.close();
    }
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
  });
});
