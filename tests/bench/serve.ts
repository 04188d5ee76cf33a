import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';

/**
 * The production build, served by `vite preview` on a free loopback port. Built into a directory
 * of its own, not `dist/`, so the bench never overwrites a build an end-to-end run is serving.
 */
export async function servedBuild(): Promise<{ base: string; close: () => Promise<void> }> {
  const outDir = mkdtempSync(join(tmpdir(), 'palier-bench-dist-'));
  await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  const server = await preview({ build: { outDir }, preview: { host: '127.0.0.1', port: 0 }, logLevel: 'silent' });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('vite preview did not report a URL');
  return {
    base,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
