/**
 * Registers the service worker (it precaches the app and the bundled scenarios, for use with no
 * network) once the first screen is shown. On a first visit its install downloads the whole
 * precache, about 3 MB: registered on the page's `load` as before, that download competed with the
 * first screen's own code (network and processor) while the database was being created.
 */
export function registerServiceWorker(): void {
  // The dev server serves no service worker.
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const register = (): void => void navigator.serviceWorker.register('/sw.js', { scope: '/' });
  // Idle time after the screen's first frame; a browser without requestIdleCallback waits a moment.
  if ('requestIdleCallback' in window) requestIdleCallback(register, { timeout: 2000 });
  else setTimeout(register, 500);
}
