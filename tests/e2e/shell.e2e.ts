import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { axeViolations, newDevice, screenshots } from './browser.ts';

describe('app shell', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await newDevice());
    await page.goto(inject('baseUrl'));
  });
  afterAll(async () => {
    await context.close();
  });

  it('opens in French and lists the bundled scenarios, compiled at build time', async () => {
    await expect(page.locator('html')).toBeDefined();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page.getByRole('heading', { name: 'Situations disponibles' }).waitFor();
    const titles = await page.getByRole('listitem').getByRole('heading').allTextContents();
    expect(titles).toContain('Fuite au plafond, un soir');
  });

  it('switches to English through the same dictionaries', async () => {
    await page.getByRole('button', { name: 'Langue : English' }).click();
    await page.getByRole('heading', { name: 'Available situations' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('button', { name: 'Language : Français' }).click();
    await page.getByRole('heading', { name: 'Situations disponibles' }).waitFor();
  });

  it('has no serious or critical accessibility violation, at phone and desktop sizes', async () => {
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'accueil');
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
  });
});
