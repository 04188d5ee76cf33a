import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { palierScenarios } from './scripts/vite-plugin-scenarios.ts';

export default defineConfig({
  plugins: [svelte(), palierScenarios()],
});
