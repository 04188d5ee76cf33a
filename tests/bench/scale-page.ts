import type { Page } from 'playwright-core';
import { CLONE_SOURCE } from './scale-clone.ts';

/**
 * What the scale figures run inside the page. Everything is a string evaluated through the
 * DevTools protocol: the bench runs through tsx, whose helpers do not exist in the page, and the
 * app's Content-Security-Policy forbids the string evaluation that `waitForFunction` does there.
 */

/** Waits until an expression holds in the page, polled through the DevTools protocol. */
export async function until(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The app's database, opened at its current version next to the app's own connection (no upgrade). */
const OPEN_DB = `(window.__benchDb ??= await new Promise((res, rej) => {
  const q = indexedDB.open('palier');
  q.onsuccess = () => res(q.result);
  q.onerror = () => rej(q.error);
}))`;

const COMMIT = `await new Promise((res, rej) => { tx.oncomplete = () => res(); tx.onerror = () => rej(tx.error); tx.onabort = () => rej(tx.error); })`;

/** Sends the templates to the page once (JSON through the protocol), grouped for cloning. */
export async function sendTemplates(page: Page, name: string, json: string): Promise<void> {
  await page.evaluate(`(() => {
    const t = ${json};
    window.__benchClone ??= ${CLONE_SOURCE};
    (window.__benchTemplates ??= {})[${JSON.stringify(name)}] = t;
    return true;
  })()`);
}

/** A setting of the app (raw read of the `settings` store). */
export async function setting(page: Page, key: string): Promise<unknown> {
  return page.evaluate(`(async () => {
    const db = ${OPEN_DB};
    const tx = db.transaction('settings', 'readonly');
    const r = await new Promise((res, rej) => { const q = tx.objectStore('settings').get(${JSON.stringify(key)}); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
    return r ? r.value : undefined;
  })()`);
}

/**
 * Writes clones `from`…`to - 1` of the junior's template attempts for `profileId`, with their
 * entries, in one transaction (relaxed durability, as the app opens its database).
 */
export async function seedAttempts(page: Page, from: number, to: number, profileId: string): Promise<void> {
  await page.evaluate(`(async () => {
    const C = window.__benchClone;
    const T = window.__benchTemplates.junior;
    if (!T.entriesOf) {
      T.entriesOf = new Map();
      for (const e of T.entries) { const l = T.entriesOf.get(e.attemptId); if (l) l.push(e); else T.entriesOf.set(e.attemptId, [e]); }
    }
    const db = ${OPEN_DB};
    const tx = db.transaction(['attempts', 'entries', 'rubricTexts', 'progress'], 'readwrite', { durability: 'relaxed' });
    const attempts = tx.objectStore('attempts');
    const entries = tx.objectStore('entries');
    if (${from} === 0) for (const r of T.rubricTexts) tx.objectStore('rubricTexts').put(r);
    // As the app's import does: attempts written otherwise than by ending them make the stored
    // progress stale, so it is forgotten (and rebuilt on the next read).
    tx.objectStore('progress').clear();
    for (let i = ${from}; i < ${to}; i++) {
      const t = T.attempts[i % T.attempts.length];
      const id = C.id(i);
      attempts.put(C.attempt(t, i, ${JSON.stringify(profileId)}, id));
      for (const e of C.entries(T.entriesOf.get(t.id) ?? [], id)) entries.put(e);
    }
    ${COMMIT};
    return true;
  })()`);
}

/** Writes clones `from`…`to - 1` of the trainer's imported attempts, their review events, and the scenario sources once. */
export async function seedReviews(page: Page, from: number, to: number, cohort: number): Promise<number> {
  return page.evaluate(`(async () => {
    const C = window.__benchClone;
    const T = window.__benchTemplates.trainer;
    const db = ${OPEN_DB};
    const tx = db.transaction(['reviews', 'reviewEvents', 'bundleScenarios'], 'readwrite', { durability: 'relaxed' });
    const reviews = tx.objectStore('reviews');
    const events = tx.objectStore('reviewEvents');
    if (${from} === 0) for (const s of T.bundleScenarios) tx.objectStore('bundleScenarios').put(s);
    let n = 0;
    for (let i = ${from}; i < ${to}; i++) {
      const t = T.reviews[i % T.reviews.length];
      const r = C.review(t, i, ${cohort});
      reviews.put(r);
      for (const e of C.events(T.events, t.id, r.id, i)) { events.add(e); n++; }
    }
    ${COMMIT};
    return n;
  })()`);
}

/** How many imported attempts the Revue's digests were made from (one digest per scenario: src/app/revue/digest.ts). */
export async function digestRows(page: Page): Promise<number> {
  return page.evaluate(`(async () => {
    const db = ${OPEN_DB};
    const q = db.transaction(['reviewDigests'], 'readonly').objectStore('reviewDigests').getAll();
    const all = await new Promise((res, rej) => { q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
    return all.reduce((n, d) => n + d.count, 0);
  })()`);
}

/** Bytes the origin uses, as the page sees them (navigator.storage.estimate). */
export async function storageUsage(page: Page): Promise<number> {
  return page.evaluate(`navigator.storage.estimate().then((e) => e.usage ?? 0)`);
}

/**
 * Navigation (a hash change, as a link does) → `selector` in the page, timed in the page with a
 * MutationObserver: [to the content in the DOM, to the next frame after it].
 */
export async function timeNavigation(page: Page, hash: string, selector: string): Promise<[number, number]> {
  return page.evaluate(`(async () => {
    const sel = ${JSON.stringify(selector)};
    const t0 = performance.now();
    let shown = 0;
    const seen = new Promise((resolve, reject) => {
      const timer = setTimeout(() => { obs.disconnect(); reject(new Error('not shown within 5 min: ' + sel)); }, 300000);
      const obs = new MutationObserver(() => {
        if (!document.querySelector(sel)) return;
        shown = performance.now() - t0;
        obs.disconnect();
        clearTimeout(timer);
        resolve();
      });
      obs.observe(document.body, { childList: true, subtree: true });
    });
    location.hash = ${JSON.stringify(hash)};
    await seen;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return [shown, performance.now() - t0];
  })()`);
}

/**
 * The read each screen starts with, alone and raw (IndexedDB `getAll`, values deserialised):
 * what reading the records costs before any computing or rendering; the first `limit` only, if given.
 */
export async function timeRead(page: Page, store: 'attempts' | 'reviews', index?: { name: string; key: string }, limit?: number): Promise<{ ms: number; count: number }> {
  return page.evaluate(`(async () => {
    const db = ${OPEN_DB};
    const t0 = performance.now();
    const tx = db.transaction(${JSON.stringify(store)}, 'readonly');
    const s = tx.objectStore(${JSON.stringify(store)});
    const source = ${index ? `s.index(${JSON.stringify(index.name)})` : 's'};
    const rows = await new Promise((res, rej) => { const q = source.getAll(${index ? JSON.stringify(index.key) : 'null'}${limit ? `, ${limit}` : ''}); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
    return { ms: performance.now() - t0, count: rows.length };
  })()`);
}

/**
 * Reference for the plan: `count` records shaped like `rows` (cycled) written to a database of
 * their own, then read back with one `getAll` (median of 3 reads), and the database deleted.
 */
export async function timeShapeRead(page: Page, rowsJson: string, count: number): Promise<number> {
  return page.evaluate(`(async () => {
    const rows = ${rowsJson};
    await new Promise((res) => { const d = indexedDB.deleteDatabase('palier-bench-shape'); d.onsuccess = d.onerror = () => res(); });
    const db = await new Promise((res, rej) => { const q = indexedDB.open('palier-bench-shape', 1); q.onupgradeneeded = () => q.result.createObjectStore('s', { keyPath: 'k' }); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
    for (let from = 0; from < ${count}; from += 1000) {
      const tx = db.transaction('s', 'readwrite', { durability: 'relaxed' });
      const s = tx.objectStore('s');
      for (let i = from; i < Math.min(${count}, from + 1000); i++) s.put({ ...rows[i % rows.length], k: i });
      ${COMMIT};
    }
    const out = [];
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const tx = db.transaction('s', 'readonly');
      const all = await new Promise((res, rej) => { const q = tx.objectStore('s').getAll(); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
      if (all.length !== ${count}) throw new Error('read ' + all.length);
      out.push(performance.now() - t0);
    }
    db.close();
    await new Promise((res) => { const d = indexedDB.deleteDatabase('palier-bench-shape'); d.onsuccess = d.onerror = () => res(); });
    return out.sort((a, b) => a - b)[1];
  })()`);
}

/** Rows in one of the app's object stores. */
export async function storeCount(page: Page, store: string): Promise<number> {
  return page.evaluate(`(async () => {
    const db = ${OPEN_DB};
    const q = db.transaction([${JSON.stringify(store)}], 'readonly').objectStore(${JSON.stringify(store)}).count();
    return await new Promise((res, rej) => { q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
  })()`);
}
