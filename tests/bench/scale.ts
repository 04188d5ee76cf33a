import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createServer } from 'vite';
import { palierScenarios } from '../../scripts/vite-plugin-scenarios.ts';
import { benchDevice } from './device.ts';
import type { TemplateStats } from './scale-data.ts';
import type { ScaleTemplates } from './scale-clone.ts';
import { digestRows, seedAttempts, seedReviews, sendTemplates, setting, storageUsage, storeCount, timeNavigation, timeRead, timeShapeRead, until } from './scale-page.ts';

/**
 * Scale figures: Palier's screens over a database of 10,000 attempts of 30 entries, in Chromium
 * (the real IndexedDB), on the production build served by `vite preview`.
 *
 * - **Junior device, worst case**: one junior with all 10,000 attempts. The catalogue and the
 *   progression read the profile's stored progress (one row) and the history's latest page; the
 *   first visit after the attempts were written builds that row from every attempt, and is
 *   printed apart.
 * - **Trainer device**: 10,000 imported attempts (`reviews`, trace inline as the bundle import
 *   stores it) from a cohort of 40 juniors, with the review events of the templates (decisions,
 *   annotations), and the dashboards (`#/revue/tableaux`), reached by unlocking a trainer profile
 *   with its PIN through the UI.
 *
 * The attempts are real ones (see `scale-data.ts`) cloned in the page with new ids and dates, and
 * written straight into the app's object stores (the app's own import would refuse a 250 MB file:
 * its limit is 20 MB). A screen is timed from the navigation (a hash change, as a link does) to its
 * content in the DOM, with a MutationObserver in the page. Between two runs the screen is left for
 * the settings page for 3.2 s: Dexie keeps a live query's result cached 3 s after its last
 * subscriber leaves, and a cached read is not what these figures are about.
 */

export const TOTAL = 10_000;
export const COHORT = 40;
export const REVIEWS_READ = 2_000;
const PER_SCENARIO = 10;
const JUNIORS = 6;
const BATCH = 500;
const RUNS = 7;
/** A first navigation slower than this is the figure: repeating it would only lengthen the bench. */
const SLOW_MS = 5_000;
const CACHE_RELEASE_MS = 3_200;

export interface Timing {
  /** Navigation → content in the DOM. */
  p50: number;
  p95: number;
  /** … → the next frame after it. */
  frameP50: number;
  frameP95: number;
  samples: number;
  /** The first navigation (the screen's code loaded then), not counted above — unless it is all there is. */
  first: number;
}

export interface StorageFigures {
  /** navigator.storage.estimate() after − before, per attempt. */
  estimatePerAttempt: number;
  /** The origin's IndexedDB files on disk, after − before, per attempt. */
  diskPerAttempt: number;
}

export interface ScaleFigures {
  templates: TemplateStats;
  /** JSON of an attempt record and of its entries (UTF-8 bytes, mean over the templates). */
  json: { attempt: number; entries: number; review: number };
  /** Left out with `{ junior: false }` (`npm run bench -- --only-trainer`). */
  junior?: {
    seedMs: number;
    storage: StorageFigures;
    /** The catalogue's first visit, which builds the stored progress from the attempts. */
    firstVisitMs: number;
    catalogue: Timing;
    progress: Timing;
    /** `<li>` in the progression's mastery table. */
    trendPoints: number;
    readMs: number;
    computeMs: number;
    /** Reference: 10,000 per-attempt summaries (what the progress model reads of an attempt) read in one getAll. */
    summaryReadMs: number;
    summaryBytes: number;
  };
  trainer: {
    events: number;
    seedMs: number;
    storage: StorageFigures;
    /** After the rows were written straight into the stores, a reload: unlocking → digests made from every row. */
    buildMs: number;
    dashboards: Timing;
    /** After a reload: unlocking → the Revue's inbox listed. */
    inboxMs: number;
    /** After that reload: the dashboards' first visit of the session (code loaded, digests decoded). */
    coldMs: number;
    readMs: number;
    /** Node, digests in memory: decoding them, then the dashboards' computing. */
    decodeMs: number;
    computeMs: number;
    /** The digests' JSON, all scenarios (UTF-8 bytes). */
    digestBytes: number;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (x: number): number => Math.round(x * 10) / 10;

function quantile(samples: readonly number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0);
}

/** Bytes of the files under `dir` (0 when it does not exist). */
function bytesUnder(dir: string): number {
  let total = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const path = join(dir, name);
    const st = statSync(path);
    total += st.isDirectory() ? bytesUnder(path) : st.size;
  }
  return total;
}

async function showSettings(page: Page): Promise<void> {
  await page.evaluate(`location.hash = '#/reglages'`);
  await until(page, `document.querySelector('main h1')?.textContent === 'Réglages'`);
}

/**
 * Median and p95 over {@link RUNS} navigations to `hash`, after one first navigation (which loads
 * the screen's code). When that first one takes over {@link SLOW_MS}, it is the only sample.
 */
async function timeScreen(page: Page, hash: string, selector: string): Promise<Timing> {
  const shown: number[] = [];
  const framed: number[] = [];
  let first = 0;
  for (let k = 0; k <= RUNS; k++) {
    await showSettings(page);
    await sleep(CACHE_RELEASE_MS);
    const [s, f] = await timeNavigation(page, hash, selector);
    if (k > 0 || s > SLOW_MS) {
      shown.push(s);
      framed.push(f);
    }
    if (k === 0) {
      first = round(s);
      say(`${hash}: first navigation ${Math.round(s)} ms`);
      if (s > SLOW_MS) break;
    }
  }
  return { p50: quantile(shown, 0.5), p95: quantile(shown, 0.95), frameP50: quantile(framed, 0.5), frameP95: quantile(framed, 0.95), samples: shown.length, first };
}

/** A raw read of `count` records, timed up to 5 times (once when it is slow). */
async function timeReads(read: () => Promise<{ ms: number; count: number }>, count = TOTAL): Promise<number[]> {
  const out: number[] = [];
  for (let k = 0; k < 5; k++) {
    const r = await read();
    if (r.count !== count) throw new Error(`read ${r.count} records, not ${count}`);
    out.push(r.ms);
    if (r.ms > SLOW_MS) break;
  }
  return out;
}

/** A line on stderr while the (long) scale figures run. */
const started = Date.now();
function say(message: string): void {
  process.stderr.write(`bench (scale, ${Math.round((Date.now() - started) / 1000)} s): ${message}\n`);
}

/** Seeds the device in batches and weighs what it added. */
async function seed(page: Page, dir: string, write: (from: number, to: number) => Promise<unknown>): Promise<{ ms: number; storage: StorageFigures }> {
  const idb = join(dir, 'Default', 'IndexedDB');
  const usage0 = await storageUsage(page);
  const disk0 = bytesUnder(idb);
  const t0 = performance.now();
  for (let from = 0; from < TOTAL; from += BATCH) await write(from, Math.min(TOTAL, from + BATCH));
  const ms = performance.now() - t0;
  const usage1 = await storageUsage(page);
  const disk1 = bytesUnder(idb);
  return { ms, storage: { estimatePerAttempt: Math.round((usage1 - usage0) / TOTAL), diskPerAttempt: Math.round((disk1 - disk0) / TOTAL) } };
}

const utf8 = (v: unknown): number => Buffer.byteLength(JSON.stringify(v));

/**
 * What the progress model reads of an attempt, as a row of its own would hold it (the shape a fix
 * could store): ids, status, dates, the score and, per competency, points earned and possible.
 */
function summaries(t: ScaleTemplates): unknown[] {
  return t.junior.attempts.map((a) => {
    const competencies: Record<string, [number, number]> = {};
    for (const c of a.card?.criteria ?? []) {
      if (c.status === 'pending') continue;
      const s = (competencies[c.competency] ??= [0, 0]);
      s[0] += c.points;
      s[1] += c.weight;
    }
    const { id, profileId, scenarioId, scenarioVersion, status, mode, evaluation, startedAt, updatedAt, endedAt, outcome, parentId, replayFromTurn } = a;
    return { id, profileId, scenarioId, scenarioVersion, status, mode, evaluation, startedAt, updatedAt, endedAt, outcome, parentId, replayFromTurn, percent: a.card?.percent, pendingWeight: a.card?.pendingWeight, competencies };
  });
}

/** Opens the trainer profile with its PIN (after a reload: a new session) and waits for the Revue. */
async function unlockTrainer(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Nadia Benali/ }).first().click();
  await page.getByLabel('Code', { exact: true }).fill('7391');
  await page.getByRole('button', { name: 'Ouvrir' }).click();
  await page.getByRole('heading', { name: 'Revue', level: 1 }).waitFor();
}

export async function scaleFigures(base: string, options: { junior?: boolean } = {}): Promise<ScaleFigures> {
  // The Revue's modules import the bundled catalogue (a virtual module): load the generator
  // through Vite, with the plugin that makes it.
  const vite = await createServer({
    configFile: false,
    plugins: [palierScenarios()],
    logLevel: 'warn',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const data = (await vite.ssrLoadModule('/tests/bench/scale-data.ts')) as typeof import('./scale-data.ts');
    const templates = await data.scaleTemplates(PER_SCENARIO, JUNIORS);
    const t = templates;
    say(`${t.stats.attempts} attempts played in ${Math.round(t.stats.ms / 1000)} s`);
    const entriesOf = new Map<string, number>();
    for (const e of t.junior.entries) entriesOf.set(e.attemptId, (entriesOf.get(e.attemptId) ?? 0) + utf8(e));
    const json = {
      attempt: Math.round(t.junior.attempts.reduce((s, a) => s + utf8(a), 0) / t.junior.attempts.length),
      entries: Math.round([...entriesOf.values()].reduce((s, n) => s + n, 0) / t.junior.attempts.length),
      review: Math.round(t.trainer.reviews.reduce((s, r) => s + utf8(r), 0) / t.trainer.reviews.length),
    };

    // Junior device: one junior, all the attempts.
    const junior = options.junior === false ? undefined : await (async () => {
      const { context, page, dir } = await benchDevice();
      try {
        await page.goto(base);
        await page.getByLabel('Votre nom ou prénom').fill('Camille Dupont');
        await page.getByRole('button', { name: 'Créer le profil et commencer' }).click();
        await page.getByRole('heading', { name: 'S’entraîner' }).waitFor();
        await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
        const profileId = String(await setting(page, 'currentProfileId'));
        await showSettings(page);
        await sendTemplates(page, 'junior', JSON.stringify(t.junior));
        const seeded = await seed(page, dir, (from, to) => seedAttempts(page, from, to, profileId));
        say(`junior device: ${TOTAL} attempts written in ${Math.round(seeded.ms / 1000)} s`);
        // Attempts written straight into the stores have no stored progress (the app folds each
        // attempt into it as it ends: src/app/progress-store.ts). The first visit works from the
        // attempts and stores it, as after an import or data from an older version; then the
        // screens are timed.
        const [building] = await timeNavigation(page, '#/entrainement', 'main ul.cards dl.results');
        say(`junior catalogue: first visit, progress built from the attempts, ${Math.round(building / 1000)} s`);
        for (const deadline = Date.now() + 300_000; (await storeCount(page, 'progress')) < 1 && Date.now() < deadline; ) await sleep(1_000);
        const catalogue = await timeScreen(page, '#/entrainement', 'main ul.cards dl.results');
        const progress = await timeScreen(page, '#/progression', 'main ol.history li');
        // The screen shows the whole history: 20 rows and « n older sessions ».
        const more = String(await page.evaluate(`document.querySelector('main ol.history + button')?.textContent ?? ''`));
        if (!more.replace(/\D/g, '').includes(String(TOTAL - 20))) throw new Error(`the progression does not show ${TOTAL} attempts: « ${more} »`);
        // The mastery table lists every observation of every competency (each formatted).
        const trendPoints = Number(await page.evaluate(`document.querySelectorAll('main ol.trend li').length`));
        const reads = await timeReads(() => timeRead(page, 'attempts', { name: 'profileId', key: profileId }));
        const computeMs = await data.nodeProgress(t, TOTAL);
        const summaryReadMs = await timeShapeRead(page, JSON.stringify(summaries(t)), TOTAL);
        return {
          seedMs: seeded.ms,
          storage: seeded.storage,
          firstVisitMs: round(building),
          catalogue,
          progress,
          trendPoints,
          readMs: quantile(reads, 0.5),
          computeMs: round(computeMs),
          summaryReadMs: round(summaryReadMs),
          summaryBytes: Math.round(summaries(t).reduce<number>((n, x) => n + utf8(x), 0) / t.junior.attempts.length),
        };
      } finally {
        await context.close();
        rmSync(dir, { recursive: true, force: true });
      }
    })();

    // Trainer device: a trainer profile opened with its PIN, 10,000 imported attempts.
    const trainer = await (async () => {
      const { context, page, dir } = await benchDevice();
      try {
        await page.goto(base);
        await page.getByLabel('Votre nom ou prénom').fill('Nadia Benali');
        await page.getByRole('radio', { name: /Formateur/ }).check();
        await page.getByRole('button', { name: 'Créer le profil et commencer' }).click();
        await page.getByLabel('Code', { exact: true }).fill('7391');
        await page.getByLabel('Le même code, une seconde fois').fill('7391');
        await page.getByRole('button', { name: 'Enregistrer le code' }).click();
        await page.getByRole('heading', { name: 'Revue', level: 1 }).waitFor();
        await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
        await showSettings(page);
        await sendTemplates(page, 'trainer', JSON.stringify(t.trainer));
        let events = 0;
        const seeded = await seed(page, dir, async (from, to) => {
          events += await seedReviews(page, from, to, COHORT);
        });
        say(`trainer device: ${TOTAL} imported attempts written in ${Math.round(seeded.ms / 1000)} s`);
        // Rows written straight into the stores carry no digest (the app writes one per scenario
        // with every score of record: src/app/revue/digest.ts), and the Revue shown before the
        // writes has checked the digests of this session already (against no rows, or some). A new
        // session, as after data written by an older version: the page reloaded, the trainer lands
        // on the inbox, whose first read builds the digests from the rows (or shows those stored,
        // which the session's check rewrites a few seconds later); done once they count every row.
        await page.reload();
        const b0 = performance.now();
        await unlockTrainer(page);
        for (const deadline = Date.now() + 600_000; (await digestRows(page)) !== TOTAL && Date.now() < deadline; ) await sleep(1_000);
        const building = performance.now() - b0;
        if ((await digestRows(page)) !== TOTAL) throw new Error(`the digests count ${await digestRows(page)} attempts, not ${TOTAL}`);
        say(`trainer: digests built from the rows in ${Math.round(building / 1000)} s after unlocking`);
        await showSettings(page);
        const dashboards = await timeScreen(page, '#/revue/tableaux', 'main table.heat tbody tr');
        const rows = Number(await page.evaluate(`document.querySelectorAll('main table.heat tbody tr').length`));
        if (rows !== COHORT) throw new Error(`the heat map shows ${rows} juniors, not ${COHORT}`);
        // A new session: the page reloaded, the trainer lands on the Revue's inbox, then the
        // dashboards' first visit (its code loaded, the stored digests decoded; their check against
        // the rows runs after it). Timed once the inbox is listed: until then its reads hold
        // IndexedDB.
        await page.reload();
        const t0 = performance.now();
        await unlockTrainer(page);
        await page.locator('main ul.inbox li').first().waitFor({ timeout: 300_000 });
        const inboxMs = performance.now() - t0;
        say(`trainer: after a reload, the inbox listed in ${Math.round(inboxMs)} ms`);
        await showSettings(page);
        await sleep(CACHE_RELEASE_MS);
        const [coldMs] = await timeNavigation(page, '#/revue/tableaux', 'main table.heat tbody tr');
        say(`trainer dashboards: first visit of the session ${Math.round(coldMs)} ms`);
        // A fifth of them: read whole, the 10,000 rows take about as long as the screen itself.
        const reads = await timeReads(() => timeRead(page, 'reviews', undefined, REVIEWS_READ), REVIEWS_READ);
        return { events, seedMs: seeded.ms, storage: seeded.storage, buildMs: round(building), dashboards, inboxMs: round(inboxMs), coldMs: round(coldMs), readMs: quantile(reads, 0.5) };
      } finally {
        await context.close();
        rmSync(dir, { recursive: true, force: true });
      }
    })();
    const node = await data.nodeDashboards(t, TOTAL, COHORT);
    return {
      templates: t.stats,
      json,
      ...(junior ? { junior } : {}),
      trainer: { ...trainer, decodeMs: round(node.decodeMs), computeMs: round(node.computeMs), digestBytes: node.digestBytes },
    };
  } finally {
    await vite.close();
  }
}
