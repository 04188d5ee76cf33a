import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { build, preview } from 'vite';
import { newDevice } from '../e2e/browser.ts';

interface Quantiles {
  p50: number;
  p95: number;
  samples: number;
}

export interface BrowserFigures {
  firstScreenNew: { kb: number; files: number };
  firstScreenReturning: { kb: number; files: number };
  /** Click → the tenant's line in the page (after the turn is committed to IndexedDB). */
  choiceToLine: Quantiles;
  /** Click → the next animation frame after that (the line painted). */
  choiceToFrame: Quantiles;
  /** Reference: one raw IndexedDB write transaction in the same browser, idle between writes. */
  rawIndexedDbWrite: Quantiles;
}

function quantiles(samples: number[]): Quantiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10;
  return { p50: at(0.5), p95: at(0.95), samples: samples.length };
}

/** JavaScript fetched (gzip-compressed size) until `ready` holds, on a page load. */
async function javascriptUntil(page: Page, url: string, ready: () => Promise<void>): Promise<{ kb: number; files: number }> {
  const sizes = new Map<string, number>();
  const pending: Array<Promise<void>> = [];
  const onResponse = (r: import('playwright-core').Response): void => {
    if (!r.url().endsWith('.js')) return;
    pending.push(
      r.body().then(
        (b) => void sizes.set(r.url(), gzipSync(b, { level: 9 }).length),
        () => undefined,
      ),
    );
  };
  page.on('response', onResponse);
  await page.goto(url);
  await ready();
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  page.off('response', onResponse);
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  return { kb: Math.round((total / 1024) * 10) / 10, files: sizes.size };
}

/** Measured in the page: click → tenant's line in the DOM, and → the next frame. */
async function timeChoice(page: Page, index: number): Promise<[number, number]> {
  // A string, not a function: the bench runs through tsx, whose helpers do not exist in the page.
  return page.evaluate(`(async (i) => {
    const log = document.querySelector('[role=log] ol');
    const buttons = document.querySelectorAll('ul.choices button');
    const button = buttons[Math.min(i, buttons.length - 1)];
    if (!log || !button) throw new Error('no conversation on screen');
    const before = log.children.length;
    const t0 = performance.now();
    let inDom = 0;
    const shown = new Promise((resolve) => {
      const obs = new MutationObserver(() => {
        if (log.children.length > before) {
          inDom = performance.now() - t0;
          obs.disconnect();
          resolve();
        }
      });
      obs.observe(log, { childList: true });
    });
    button.click();
    await shown;
    await new Promise((r) => requestAnimationFrame(() => r()));
    return [inDom, performance.now() - t0];
  })(${index})`);
}

/** One small IndexedDB write transaction, as the browser does it here (the floor for a turn). */
async function rawWrites(page: Page, n: number): Promise<number[]> {
  return page.evaluate(`(async () => {
    const db = await new Promise((res, rej) => { const q = indexedDB.open('bench-raw', 1); q.onupgradeneeded = () => q.result.createObjectStore('e'); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
    const out = [];
    for (let i = 0; i < ${n}; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const t0 = performance.now();
      await new Promise((res, rej) => { const tx = db.transaction('e', 'readwrite', { durability: 'relaxed' }); tx.objectStore('e').put({ text: 'x'.repeat(600) }, i); tx.oncomplete = () => res(); tx.onerror = () => rej(tx.error); });
      out.push(performance.now() - t0);
    }
    return out;
  })()`);
}

/** Builds the app, serves it, and measures it in Debian's Chromium. */
export async function browserFigures(turns = 50): Promise<BrowserFigures> {
  await build({ logLevel: 'silent', build: { outDir: 'dist' } });
  const server = await preview({ preview: { host: '127.0.0.1', port: 0 }, logLevel: 'silent' });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('vite preview did not report a URL');
  const { context, page } = await newDevice();
  try {
    const firstScreenNew = await javascriptUntil(page, base, () => page.getByRole('heading', { name: 'Bienvenue sur Palier' }).waitFor());
    await page.getByLabel('Votre nom ou prénom').fill('Banc d’essai');
    await page.getByRole('button', { name: 'Créer le profil et commencer' }).click();
    await page.getByRole('heading', { name: 'S’entraîner' }).waitFor();
    // A returning user: a fresh tab on the same device, profile remembered, cache emptied.
    const second = await context.newPage();
    const cdp = await context.newCDPSession(second);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const firstScreenReturning = await javascriptUntil(second, base, () =>
      second.getByRole('heading', { name: 'S’entraîner' }).waitFor(),
    );
    await second.close();

    const samples: Array<[number, number]> = [];
    const pattern = [0, 0, 0, 3, 0, 0, 0, 0, 1];
    while (samples.length < turns) {
      await page.goto(`${base}#/briefing/degat-des-eaux-nuit`);
      await page.getByRole('button', { name: 'Commencer' }).click();
      await page.locator('ul.choices button').first().waitFor();
      for (const i of pattern) {
        if (samples.length >= turns) break;
        if ((await page.locator('ul.choices button').count()) === 0) break;
        samples.push(await timeChoice(page, i));
        await page.locator('ul.choices button, button:has-text("Voir le bilan")').first().waitFor();
      }
    }
    const rawIndexedDbWrite = quantiles(await rawWrites(page, 50));
    return {
      firstScreenNew,
      firstScreenReturning,
      choiceToLine: quantiles(samples.map((s) => s[0])),
      choiceToFrame: quantiles(samples.map((s) => s[1])),
      rawIndexedDbWrite,
    };
  } finally {
    await context.close();
    await server.close();
  }
}
