import type { Library } from '../../core/scenario/library.ts';
import { runCheck, type CheckOutcome, type CheckRequest } from './check-request.ts';
import { atelierData } from './library.ts';

export type { CheckOutcome, CheckRequest };

/** Checks scenario sources for the editor; a newer request supersedes the ones still waiting. */
export interface Checker {
  /** Resolves with the outcome, or `undefined` when a newer request of the same kind replaced it. */
  check(request: CheckRequest): Promise<CheckOutcome | undefined>;
  dispose(): void;
}

/**
 * A checker running in a Web Worker when the browser has them (the app), inline otherwise (tests
 * in Node). Requests are numbered per kind (quick check / lint): the answer to an older request of
 * a kind is dropped once a newer one was sent, so the editor never shows stale diagnostics.
 *
 * @example
 * const checker = createChecker();
 * const outcome = await checker.check({ source, file: 'fuite.yaml', lint: false, today: '2026-11-29' });
 */
export function createChecker(options: { worker?: boolean; library?: Library } = {}): Checker {
  const latest = { quick: 0, lint: 0 };
  let counter = 0;
  const kind = (r: CheckRequest): 'quick' | 'lint' => (r.lint ? 'lint' : 'quick');
  const useWorker = options.worker ?? typeof Worker !== 'undefined';

  if (!useWorker) {
    return {
      async check(request) {
        const id = ++counter;
        latest[kind(request)] = id;
        const library = options.library ?? (await atelierData()).library;
        // Yield once so a burst of keystrokes keeps only the last request.
        await new Promise((r) => setTimeout(r, 0));
        if (latest[kind(request)] !== id) return undefined;
        return runCheck(request, library);
      },
      dispose() {},
    };
  }

  // One worker per kind, so a long lint never delays the quick check of the next keystroke.
  const workers = { quick: undefined as Worker | undefined, lint: undefined as Worker | undefined };
  const pending = new Map<number, { resolve: (o: CheckOutcome | undefined) => void; reject: (e: Error) => void; kind: 'quick' | 'lint' }>();
  const spawn = (k: 'quick' | 'lint'): Worker => {
    const w = new Worker(new URL('./check.worker.ts', import.meta.url), { type: 'module', name: `palier-check-${k}` });
    w.onmessage = (event: MessageEvent<{ id: number; outcome?: CheckOutcome; error?: string }>) => {
      const { id, outcome, error } = event.data;
      const p = pending.get(id);
      if (!p) return;
      pending.delete(id);
      if (error !== undefined) p.reject(new Error(error));
      else p.resolve(latest[p.kind] === id ? outcome : undefined);
    };
    return w;
  };
  return {
    check(request) {
      const k = kind(request);
      const id = ++counter;
      latest[k] = id;
      // A lint superseded while it runs is abandoned: restart its worker rather than wait seconds.
      if (k === 'lint' && workers.lint && [...pending.values()].some((p) => p.kind === 'lint')) {
        workers.lint.terminate();
        workers.lint = undefined;
        for (const [pid, p] of pending) {
          if (p.kind === 'lint') {
            pending.delete(pid);
            p.resolve(undefined);
          }
        }
      }
      workers[k] ??= spawn(k);
      const worker = workers[k];
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, kind: k });
        worker.postMessage({ id, request });
      });
    },
    dispose() {
      workers.quick?.terminate();
      workers.lint?.terminate();
      for (const p of pending.values()) p.resolve(undefined);
      pending.clear();
    },
  };
}
