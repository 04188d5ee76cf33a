import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFakeOpenAi, VOICED_LINE, type FakeOpenAi } from './ai-server.ts';
import { axeViolations, newDevice, screenshots } from './browser.ts';

/**
 * An « IA » attempt in Chromium against a loopback OpenAI-compatible server: the tenant's line
 * appears token by token; the server is killed mid-attempt and the attempt finishes on the
 * embedded engines, with the outage said once; an AI attempt started with the network cut plays on
 * the embedded engines from its first line and says why.
 */
describe('an AI-voiced attempt', () => {
  let context: BrowserContext;
  let page: Page;
  let server: FakeOpenAi;

  async function reply(text: string): Promise<void> {
    const box = page.getByRole('textbox', { name: 'Votre réponse' });
    const before = await page.locator('[role=log] li').count();
    await box.fill(text);
    await box.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[role=log] li').length > n, before);
    // Ready for the next reply, or the conversation is over.
    await page.locator('textarea:not([disabled]), button:has-text("Voir le bilan")').first().waitFor({ timeout: 15_000 });
  }

  beforeAll(async () => {
    server = await startFakeOpenAi();
    ({ context, page } = await newDevice());
    await page.goto(inject('baseUrl'));
    await page.getByLabel('Votre nom ou prénom').fill('Inès');
    await page.getByRole('button', { name: 'Créer le profil et commencer' }).click();
    await page.getByRole('heading', { name: 'S’entraîner' }).waitFor();
  });
  afterAll(async () => {
    await context.close();
    await server.kill().catch(() => undefined);
  });

  it('configures an OpenAI-compatible server in Réglages and tests the connection', async () => {
    await page.getByRole('link', { name: 'Réglages' }).click();
    await page.getByLabel('Fournisseur').selectOption('openai');
    await page.getByLabel('Adresse du serveur').fill(`${server.url}/v1`);
    await page.getByLabel('Modèle').fill('test-model');
    await page.getByLabel(/Clé d’API/).fill('sk-local');
    expect(await page.getByLabel(/Clé d’API/).getAttribute('type')).toBe('password');
    await page.getByRole('button', { name: 'Tester la connexion' }).click();
    await page.getByText(/Connexion réussie\s:\sle modèle « test-model » est disponible/).waitFor();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Réglages du modèle enregistrés sur cet appareil.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('plays in « IA » mode: the tenant’s line appears token by token', async () => {
    await page.goto(`${inject('baseUrl')}#/briefing/degat-des-eaux-nuit`);
    await page.getByText('IA : le locataire parle avec un modèle de langue').click();
    await page.getByRole('button', { name: 'Commencer' }).click();
    await page.getByRole('textbox', { name: 'Votre réponse' }).waitFor();
    // Watch the opening line grow as the tokens arrive.
    const lengths = new Set<number>();
    for (let i = 0; i < 40 && !lengths.has(VOICED_LINE.length); i++) {
      const text = (await page.locator('[role=log] li').first().innerText()).replace(/^Locataire\s*/, '').trim();
      if (text !== '…') lengths.add(text.length);
      await page.waitForTimeout(40);
    }
    expect(lengths.size).toBeGreaterThan(2);
    await page.getByText(VOICED_LINE.replace(' !', '')).first().waitFor();
    await reply('Bonsoir madame, Karim, je suis de permanence chez le bailleur');
    await expect.poll(() => page.locator('[role=log]').innerText()).toContain('faites vite');
    expect(server.calls.streamed).toBeGreaterThanOrEqual(2);
    await screenshots(page, 'seance-ia');
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('when the server goes away, says so once and finishes on the embedded engines', async () => {
    await server.kill();
    await reply('Je comprends que vous soyez inquiète, racontez-moi ce qui se passe');
    await page.getByText(/L’IA ne répond plus/).waitFor();
    for (const text of [
      "est-ce que l'eau coule près d'une lampe ou d'une prise ? coupez le disjoncteur de la cuisine",
      'vous êtes seule chez vous ? vous allez bien ?',
      'votre voisin du dessus est chez lui en ce moment ?',
      "je demande au plombier d'astreinte de passer, il sera là dans les 4 heures maximum",
      'déclarez le sinistre à votre assurance dans les 5 jours ouvrés et faites un constat amiable avec le voisin',
      'je vous donne le numéro de votre demande : DDE 4471',
      'je récapitule : le plombier passe ce soir, vous déclarez à votre assureur. Bonne soirée madame',
    ]) {
      await reply(text);
    }
    expect(await page.getByText(/L’IA ne répond plus/).count()).toBe(1);
    await page.getByRole('button', { name: 'Voir le bilan' }).click();
    await page.getByText(/Issue\s:\sRéussite/).waitFor();
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
  });

  it('an AI attempt started with the network cut plays on the embedded engines and says why', async () => {
    await context.setOffline(true);
    try {
      await page.goto(`${inject('baseUrl')}#/briefing/degat-des-eaux-nuit`);
      await page.getByText('IA : le locataire parle avec un modèle de langue').click();
      await page.getByRole('button', { name: 'Commencer' }).click();
      await page.getByRole('textbox', { name: 'Votre réponse' }).waitFor();
      // The opening is the scenario's own line, and the outage is said once.
      await page.getByText(/L’IA ne répond plus/).waitFor({ timeout: 30_000 });
      await reply('Bonsoir madame, Karim, je suis de permanence chez le bailleur');
      await reply('Je comprends que vous soyez inquiète, racontez-moi ce qui se passe');
      expect(await page.getByText(/L’IA ne répond plus/).count()).toBe(1);
      expect(await page.evaluate(() => navigator.onLine)).toBe(false);
      expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    } finally {
      await context.setOffline(false);
    }
  });
});
