import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from '../e2e/browser.ts';

/** The end-to-end suite's Chromium flags (tests/e2e/browser.ts), for browsers the bench starts itself. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * A new device (a fresh browser profile) like the end-to-end suite's `newDevice`, with extra
 * Chromium arguments (a DevTools port for Lighthouse) and the profile directory, whose IndexedDB
 * files the scale figures weigh.
 */
export async function benchDevice(extraArgs: readonly string[] = [], viewport = { width: 360, height: 740 }): Promise<{ context: BrowserContext; page: Page; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'palier-bench-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: [...FLAGS, ...extraArgs], viewport });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, dir };
}
