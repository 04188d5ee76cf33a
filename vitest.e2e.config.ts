import { defineConfig } from 'vitest/config';

/** End-to-end suite: Playwright (playwright-core) drives Debian's Chromium against `vite preview`. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['./tests/e2e/global-setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
