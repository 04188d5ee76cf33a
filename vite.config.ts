import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { palierScenarios } from './scripts/vite-plugin-scenarios.ts';

export default defineConfig({
  plugins: [svelte(), palierScenarios()],
  // The Atelier's checker runs in a module worker that reads the act library (a virtual module).
  worker: { format: 'es', plugins: () => [palierScenarios()] },
});
