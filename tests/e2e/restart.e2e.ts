import { describe, expect, inject, it } from 'vitest';
import { newDevice } from './browser.ts';

/**
 * The browser closed right after a turn is committed (as when a phone kills the tab or the
 * browser), then started again on the same profile: the attempt resumes with every turn.
 */
describe('closing the browser mid-attempt', () => {
  it('resumes with every committed turn after the browser is started again', async () => {
    const first = await newDevice();
    const { url, before } = await (async () => {
      const page = first.page;
      await page.goto(inject('baseUrl'));
      await page.getByLabel('Votre nom ou prénom').fill('Awa Diallo');
      await page.getByRole('button', { name: 'Créer le profil et commencer' }).click();
      await page.getByRole('link', { name: /Préparer la séance.*Fuite au plafond/ }).first().click();
      await page.getByRole('button', { name: 'Commencer' }).click();
      for (const i of [0, 0, 1]) {
        const buttons = page.locator('ul.choices button');
        await buttons.first().waitFor();
        const count = await page.locator('[role=log] li').count();
        await buttons.nth(i).click();
        // The tenant's reply shows only once the turn is written: from here it must survive.
        await page.waitForFunction((n) => document.querySelectorAll('[role=log] li').length > n, count);
      }
      return { url: page.url(), before: await page.locator('[role=log]').innerText() };
    })().finally(async () => {
      // No reload, no navigation: the whole browser goes away at once.
      await first.context.close();
    });

    const again = await newDevice(undefined, first.dir);
    try {
      const page = again.page;
      await page.goto(url);
      await page.locator('ul.choices button').first().waitFor();
      expect(await page.locator('[role=log]').innerText()).toBe(before);
      expect(url).toMatch(/#\/seance\//);
      expect((page as typeof page & { errors?: string[] }).errors).toEqual([]);
    } finally {
      await again.context.close();
    }
  });
});
