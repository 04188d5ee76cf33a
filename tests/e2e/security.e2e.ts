import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { templateSource } from '../../src/app/atelier/template.ts';
import { canonicalJson } from '../../src/core/hash.ts';
import { newDevice } from './browser.ts';

/**
 * Typed and imported text is text: script payloads in a profile name and in a scenario pack
 * (author, title, persona, tenant's lines) render literally — no script runs, no dialog opens,
 * no element is injected.
 */
const PAYLOAD = `<img src=x onerror="alert('xss')">`;
const SCRIPT = `<script>alert('xss')</script>`;

/** A valid pack whose texts carry payloads, checksummed as Palier does. */
function hostilePack(): string {
  const source = templateSource({ id: 'piege', author: { name: `${SCRIPT} Mireille`, role: PAYLOAD }, reviewBy: '2027-11-29' })
    .replace("title: Plus de lumière dans l'escalier", `title: ${JSON.stringify(`Panne ${SCRIPT}`)}`)
    .replace('name: Nadia Benali', `name: ${JSON.stringify(`Nadia ${PAYLOAD}`)}`)
    .replace(
      "- Franchement, c'est pas possible ! Il n'y a plus de lumière dans l'escalier du C !",
      `- ${JSON.stringify(`Franchement ${PAYLOAD} ${SCRIPT}`)}`,
    )
    .replace(
      "- Bonjour… enfin non, pas bonjour. L'escalier du C est dans le noir depuis hier soir !",
      `- ${JSON.stringify(`Franchement ${PAYLOAD} ${SCRIPT}`)}`,
    );
  const body = {
    format: 'palier-pack',
    packVersion: 1,
    author: { name: `${PAYLOAD} Mireille`, role: SCRIPT },
    createdAt: '2026-11-29T10:00:00.000Z',
    scenarios: [{ id: 'piege', version: 1, source }],
  };
  const checksum = `sha256:${createHash('sha256').update(canonicalJson(body)).digest('hex')}`;
  const file = join(tmpdir(), `palier-pack-xss-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ ...body, checksum }));
  return file;
}

describe('hostile text renders as text', () => {
  let context: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];

  const injected = (): Promise<number> => page.evaluate(() => document.querySelectorAll('img[src="x"], body script:not([src])').length);

  beforeAll(async () => {
    ({ context, page } = await newDevice());
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(inject('baseUrl'));
  });
  afterAll(async () => {
    await context.close();
  });

  it('a profile name with markup shows literally', async () => {
    await page.getByLabel('Votre nom ou prénom').fill(PAYLOAD);
    await page.getByRole('button', { name: 'Créer le profil et commencer' }).click();
    await page.getByRole('heading', { name: 'S’entraîner' }).waitFor();
    await page.getByText(PAYLOAD).first().waitFor();
    expect(await injected()).toBe(0);
  });

  it('a pack with markup in its author, title, persona and lines imports and plays as text', async () => {
    await page.getByRole('link', { name: 'Réglages' }).click();
    await page.getByLabel('Choisir un fichier de pack').setInputFiles(hostilePack());
    await page.getByText(/est valide/).waitFor();
    await page.getByText(`Pack de ${PAYLOAD} Mireille`, { exact: false }).waitFor();
    expect(await injected()).toBe(0);
    await page.getByRole('button', { name: 'Importer 1 scénario(s)' }).click();
    await page.getByText('1 scénario(s) importé(s).').waitFor();

    await page.getByRole('link', { name: 'S’entraîner' }).click();
    await page.getByRole('heading', { name: `Panne ${SCRIPT}` }).first().waitFor();
    await page.getByRole('link', { name: /Préparer la séance.*Panne/ }).first().click();
    await page.getByRole('button', { name: 'Commencer' }).click();
    await page.getByText(`Franchement ${PAYLOAD} ${SCRIPT}`).first().waitFor();
    expect(await injected()).toBe(0);
    expect(dialogs).toEqual([]);
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
  });
});
