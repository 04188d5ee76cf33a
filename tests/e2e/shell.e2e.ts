import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { axeViolations, newDevice } from './browser.ts';

describe('app shell on a new device', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await newDevice());
    await page.goto(inject('baseUrl'));
  });
  afterAll(async () => {
    await context.close();
  });

  it('opens in French on the welcome page', async () => {
    await page.getByRole('heading', { name: 'Bienvenue sur Palier' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
  });

  it('switches to English through the same dictionaries, and remembers it after a reload', async () => {
    await page.getByRole('button', { name: 'Langue : English' }).click();
    await page.getByRole('heading', { name: 'Welcome to Palier' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Welcome to Palier' }).waitFor();
    await page.getByRole('button', { name: 'Language : Français' }).click();
    await page.getByRole('heading', { name: 'Bienvenue sur Palier' }).waitFor();
  });

  it('has no serious or critical accessibility violation, and no script error', async () => {
    expect(await axeViolations(page)).toEqual([]);
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
  });
});
