import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';
import { palierScenarios } from './scripts/vite-plugin-scenarios.ts';

export default defineConfig({
  plugins: [svelte(), svelteTesting(), palierScenarios()],
  // 'module' makes packages with both builds resolve to ESM (one copy of svelte); 'browser' gives
  // Svelte's client runtime to component tests.
  resolve: { conditions: ['module', 'browser', 'development|production'] },
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    setupFiles: ['./tests/setup.ts'],
    testTimeout: 30_000,
  },
});
