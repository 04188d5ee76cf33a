import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse, { type Flags, type Result } from 'lighthouse';
import { benchDevice } from './device.ts';

/**
 * Lighthouse (its default mobile profile: a mid-range phone emulated, simulated slow 4G and a 4×
 * slower CPU) against the production build, in Debian's Chromium, through Lighthouse's Node API.
 *
 * The browser is started by playwright-core on a profile directory of its own, with a DevTools
 * port open as well: Lighthouse connects to that port and audits in a new tab of the same profile.
 * So the second audit can run on a returning user's device — a profile created through the UI
 * beforehand, kept by `disableStorageReset` (the service worker and its precache stay too, as on a
 * phone that has opened Palier before).
 */

export type CategoryId = 'performance' | 'accessibility' | 'best-practices';

export interface FailingAudit {
  id: string;
  title: string;
  score: number | null;
  displayValue: string | undefined;
  /** Points of the category score it costs (weight × missing score, over the category's weights). */
  cost: number;
}

export interface LighthouseRun {
  url: string;
  scores: Record<CategoryId, number>;
  /** Per category below 100: what costs points, most first. */
  failing: Record<CategoryId, FailingAudit[]>;
  /** Performance opportunities with estimated savings (they carry no weight; for the plan). */
  opportunities: Array<{ id: string; title: string; savingsMs: number }>;
  metrics: { fcp: string; lcp: string; tbt: string; cls: string; si: string };
  /** Lighthouse's CPU benchmark of this machine (a mid-range phone's reference is about 1000+). */
  benchmarkIndex: number;
  /** The full report (JSON), for a closer look. */
  report: string;
  ms: number;
  /** Performance scores of every run; this run is the median one. */
  performanceRuns: number[];
}

const CATEGORIES: readonly CategoryId[] = ['performance', 'accessibility', 'best-practices'];
/** Where the full reports go (outside the repository). */
const REPORTS = join(tmpdir(), 'palier-bench');
/** Runs per page: scores move from run to run on a shared machine; the median run is kept. */
const RUNS = 3;

/** Scores and the audits that cost points, from a Lighthouse result. */
export function summarise(lhr: Result, ms: number, report: string): LighthouseRun {
  const scores = {} as Record<CategoryId, number>;
  const failing = {} as Record<CategoryId, FailingAudit[]>;
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    scores[id] = Math.round((category?.score ?? 0) * 100);
    const refs = category?.auditRefs ?? [];
    const total = refs.reduce((s, r) => s + r.weight, 0) || 1;
    failing[id] = refs
      .flatMap((ref) => {
        const audit = lhr.audits[ref.id];
        if (!audit || audit.score === null || audit.score >= 1) return [];
        const cost = ref.weight > 0 ? (ref.weight * (1 - audit.score) * 100) / total : 0;
        return [{ id: ref.id, title: audit.title, score: audit.score, displayValue: audit.displayValue, cost }];
      })
      .filter((a) => a.cost > 0 || id !== 'performance')
      .sort((a, b) => b.cost - a.cost);
  }
  const opportunities = Object.values(lhr.audits)
    .flatMap((a) => {
      const d = a.details as { type?: string; overallSavingsMs?: number } | undefined;
      const savingsMs = d?.overallSavingsMs ?? a.metricSavings?.LCP ?? 0;
      return a.score !== null && a.score < 1 && savingsMs > 0 ? [{ id: a.id, title: a.title, savingsMs: Math.round(savingsMs) }] : [];
    })
    .sort((a, b) => b.savingsMs - a.savingsMs)
    .slice(0, 5);
  const metric = (id: string): string => lhr.audits[id]?.displayValue ?? '?';
  return {
    url: lhr.finalDisplayedUrl,
    scores,
    failing,
    opportunities,
    metrics: { fcp: metric('first-contentful-paint'), lcp: metric('largest-contentful-paint'), tbt: metric('total-blocking-time'), cls: metric('cumulative-layout-shift'), si: metric('speed-index') },
    benchmarkIndex: Math.round(lhr.environment.benchmarkIndex),
    report,
    ms,
    performanceRuns: [scores.performance],
  };
}

async function audit(name: string, url: string, port: number, flags: Flags = {}): Promise<LighthouseRun> {
  const t0 = performance.now();
  const result = await lighthouse(url, { port, logLevel: 'silent', output: 'json', onlyCategories: [...CATEGORIES], ...flags });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
  const report = join(REPORTS, `lighthouse-${name}.json`);
  writeFileSync(report, JSON.stringify(result.lhr));
  return summarise(result.lhr, performance.now() - t0, report);
}

/** {@link RUNS} audits of one page; the run with the median performance score, with every score. */
async function medianAudit(name: string, url: string, port: number, flags: Flags = {}): Promise<LighthouseRun> {
  const runs: LighthouseRun[] = [];
  for (let k = 0; k < RUNS; k++) runs.push(await audit(`${name}-${k + 1}`, url, port, flags));
  const sorted = [...runs].sort((a, b) => a.scores.performance - b.scores.performance);
  const median = sorted[Math.floor(sorted.length / 2)] as LighthouseRun;
  return { ...median, performanceRuns: runs.map((r) => r.scores.performance) };
}

/** The DevTools port Chromium chose (`--remote-debugging-port=0` writes it into the profile). */
async function devToolsPort(dir: string): Promise<number> {
  const end = Date.now() + 10_000;
  for (;;) {
    try {
      const port = Number(readFileSync(`${dir}/DevToolsActivePort`, 'utf8').split('\n')[0]);
      if (port > 0) return port;
    } catch {
      // not written yet
    }
    if (Date.now() > end) throw new Error('Chromium did not open its DevTools port');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Two audits: the first screen on a new device (`/`, the welcome page), then the catalogue of a
 * returning junior (`#/entrainement`, after creating a profile through the UI on that device).
 */
export async function lighthouseFigures(base: string): Promise<{ firstScreen: LighthouseRun; catalogue: LighthouseRun }> {
  const { context, page, dir } = await benchDevice(['--remote-debugging-port=0']);
  try {
    const port = await devToolsPort(dir);
    await page.goto('about:blank');
    mkdirSync(REPORTS, { recursive: true });
    const firstScreen = await medianAudit('first-screen', base, port);
    await page.goto(base);
    await page.getByLabel('Votre nom ou prénom').fill('Lighthouse');
    await page.getByRole('button', { name: 'Créer le profil et commencer' }).click();
    await page.getByRole('heading', { name: 'S’entraîner' }).waitFor();
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await page.goto('about:blank');
    const catalogue = await medianAudit('catalogue', `${base}#/entrainement`, port, { disableStorageReset: true });
    if (!catalogue.url.includes('#/entrainement')) throw new Error(`the catalogue audit ended on ${catalogue.url}`);
    return { firstScreen, catalogue };
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
