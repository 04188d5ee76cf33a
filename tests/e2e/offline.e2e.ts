import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newDevice } from './browser.ts';

/**
 * Offline: once the app has been opened, its service worker holds the app and the bundled
 * scenarios; with the network cut, a new profile plays a guided scenario to its debrief.
 */
describe('with no network', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await newDevice());
    await page.goto(inject('baseUrl'));
  });
  afterAll(async () => {
    await context.close();
  });

  it('installs: a web app manifest, and a service worker that takes control', async () => {
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel=manifest]');
      return link ? ((await (await fetch(link.href)).json()) as { name: string; icons: unknown[]; display: string }) : undefined;
    });
    expect(manifest?.display).toBe('standalone');
    expect(manifest?.icons.length).toBeGreaterThanOrEqual(2);
    // The service worker installs (precaching the app), then controls the page after a reload.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  });

  it('plays a guided scenario to its debrief with the network cut', async () => {
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Bienvenue sur Palier' }).waitFor();
    await page.getByLabel('Votre nom ou prénom').fill('Awa Diallo');
    await page.getByRole('button', { name: 'Créer le profil et commencer' }).click();
    await page.getByRole('heading', { name: 'S’entraîner' }).waitFor();
    await page.getByRole('link', { name: /Préparer la séance.*Fuite au plafond/ }).first().click();
    await page.getByRole('button', { name: 'Commencer' }).click();
    for (const i of [0, 0, 1, 0, 0, 0, 0, 1]) {
      const buttons = page.locator('ul.choices button');
      await buttons.first().waitFor();
      const before = await page.locator('[role=log] li').count();
      await buttons.nth(i).click();
      await page.waitForFunction((n) => document.querySelectorAll('[role=log] li').length > n, before);
    }
    await page.getByRole('button', { name: 'Voir le bilan' }).click();
    await page.getByRole('heading', { name: /Bilan\s:\sFuite au plafond/ }).waitFor();
    await page.getByText(/Issue\s:\sRéussite partielle/).waitFor();
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await context.setOffline(false);
  });
});
