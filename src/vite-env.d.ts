/// <reference types="svelte" />
/// <reference types="vite/client" />

declare module 'virtual:palier-scenarios' {
  import type { CatalogueEntry } from './ui/catalogue.ts';
  export const catalogue: CatalogueEntry[];
}
