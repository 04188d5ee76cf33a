import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { palierScenarios } from './scripts/vite-plugin-scenarios.ts';

export default defineConfig({
  plugins: [
    svelte(),
    palierScenarios(),
    // Installable, and usable with no network: the app and the bundled scenarios are precached.
    VitePWA({
      registerType: 'autoUpdate',
      // The app registers the worker itself once the first screen is shown (src/ui/service-worker.ts):
      // no registerSW.js, which held the first paint (render-blocking) and, deferred, registered on
      // `load`, so that the precache's download competed with the first screen.
      injectRegister: false,
      includeAssets: ['favicon.svg', 'robots.txt'],
      manifest: {
        name: 'Palier — s’entraîner aux conversations avec les locataires',
        short_name: 'Palier',
        description: 'S’entraîner aux conversations avec les locataires, évalué par les grilles des seniors.',
        lang: 'fr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f5f7f8',
        theme_color: '#1f4e5f',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // The precache holds what a junior needs: the app and the bundled scenarios. The optional
        // AI providers and the Atelier's editor, checker and graph are cached when first used.
        globIgnores: ['**/vendor-ai-*.js', '**/atelier-data-*.js', '**/atelier-editor-screen-*.js', '**/check.worker-*.js', '**/graph-*.js', '**/_virtual_palier-atelier-*.js'],
        // A budget: the build fails if another chunk this large would enter the precache.
        maximumFileSizeToCacheInBytes: 300 * 1024,
        runtimeCaching: [
          {
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'),
            handler: 'CacheFirst',
            options: { cacheName: 'palier-assets', expiration: { maxEntries: 200 } },
          },
        ],
        navigateFallback: 'index.html',
      },
    }),
  ],
  build: {
    rolldownOptions: {
      output: {
        // Chunks with the AI providers' code (LangChain, the provider SDKs; loaded only when a
        // provider is configured) are named `vendor-ai-…`, so the service worker can leave them
        // out of the precache; likewise the Atelier's data (act library, bundled scenarios' YAML
        // sources): `atelier-data-…`.
        chunkFileNames: (chunk) => {
          if (chunk.moduleIds.some((id) => /node_modules[\\/](@langchain|openai|@mistralai|ollama|langsmith)[\\/]/.test(id))) {
            return 'assets/vendor-ai-[name]-[hash].js';
          }
          if (chunk.moduleIds.some((id) => id.startsWith('\0virtual:palier-source/') || id.startsWith('\0virtual:palier-atelier'))) {
            return 'assets/atelier-data-[name]-[hash].js';
          }
          return 'assets/[name]-[hash].js';
        },
      },
    },
  },
  // The Atelier's checker runs in a module worker that reads the act library (a virtual module).
  worker: { format: 'es', plugins: () => [palierScenarios()] },
});
