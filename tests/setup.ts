// IndexedDB for every test (core tests ignore it; app and component tests use it).
import 'fake-indexeddb/auto';

// Component tests opt into jsdom with `// @vitest-environment jsdom`; core tests run in Node.
if (typeof window !== 'undefined') {
  await import('@testing-library/jest-dom/vitest');
  // The app loads the English dictionary when English is chosen; component tests switch language
  // with `i18n.set('en')` and check the screen at once, so it is there from the start.
  const { preloadLocale } = await import('../src/ui/i18n/i18n.svelte.ts');
  await preloadLocale('en');
  // jsdom lacks these browser APIs (chart libraries and svelte/reactivity need them).
  if (!window.matchMedia) {
    window.matchMedia = (query: string): MediaQueryList =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => {},
        removeListener: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  if (!('ResizeObserver' in window)) {
    class ResizeObserverStub {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    }
    (globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverStub;
  }
}
export {};
