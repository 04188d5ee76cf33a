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

  it('refuses inline scripts (Content-Security-Policy), and the suite would see it', async () => {
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = true;';
      document.head.append(script);
      return (window as unknown as { __inline?: boolean }).__inline === true;
    });
    expect(ran).toBe(false);
    // The refusal is reported, as any script the CSP blocks elsewhere in the suite would be.
    await expect.poll(() => (page as Page & { errors?: string[] }).errors?.some((e) => /Content Security Policy/i.test(e))).toBe(true);
  });
});
