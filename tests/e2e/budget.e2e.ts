import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { javascriptUntil } from '../bench/browser.ts';
import { newDevice } from './browser.ts';

/**
 * The bundle budget, in CI: the JavaScript a phone fetches for the first screen (gzip), counted
 * file by file in Chromium as `npm run bench` does — a size, not a time, so it is exact here.
 */
const BUDGET_KB = 100;

describe('first screen JavaScript budget', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await newDevice());
  });
  afterAll(async () => {
    await context.close();
  });

  it(`a new device's welcome page fits in ${BUDGET_KB} KB gzip`, async () => {
    const js = await javascriptUntil(page, inject('baseUrl'), () => page.getByRole('heading', { name: 'Bienvenue sur Palier' }).waitFor());
    expect(js.kb).toBeLessThanOrEqual(BUDGET_KB);
  });

  it(`a returning user's catalogue fits in ${BUDGET_KB} KB gzip`, async () => {
    await page.getByLabel('Votre nom ou prénom').fill('Budget');
    await page.getByRole('button', { name: 'Créer le profil et commencer' }).click();
    await page.getByRole('heading', { name: 'S’entraîner' }).waitFor();
    const second = await context.newPage();
    const cdp = await context.newCDPSession(second);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    // Bypass the service worker too: count what the network would carry, as on a first visit.
    await cdp.send('Network.setBypassServiceWorker', { bypass: true });
    const js = await javascriptUntil(second, inject('baseUrl'), () => second.getByRole('heading', { name: 'S’entraîner' }).waitFor());
    await second.close();
    expect(js.kb).toBeLessThanOrEqual(BUDGET_KB);
  });
});
