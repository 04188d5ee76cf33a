/**
 * Time budgets for model calls. A call's signal aborts when the caller's signal does or when the
 * budget runs out; the deadline remembers which, so a failure can be named `timeout` rather than
 * whatever the HTTP client made of the abort. No LangChain import: diagnose.ts uses it too.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  /** The budget ran out. */
  timedOut(): boolean;
  /** The caller's own signal aborted (the junior left the screen). */
  cancelled(): boolean;
  /** Milliseconds left (Infinity without a budget). */
  remainingMs(): number;
  /** Stops the call early (we have what we need, or the reply is already rejected). */
  stop(reason?: string): void;
  /** Clears the timer and the listener on the caller's signal. */
  dispose(): void;
}

/**
 * A deadline of `timeoutMs` (none when undefined) under an optional parent signal.
 *
 * @example
 * const d = deadline(20_000, options.signal);
 * try { await model.invoke(messages, { signal: d.signal }); } finally { d.dispose(); }
 */
export function deadline(timeoutMs: number | undefined, parent?: AbortSignal, now: () => number = Date.now): Deadline {
  const controller = new AbortController();
  const end = timeoutMs === undefined ? Infinity : now() + Math.max(0, timeoutMs);
  let timedOut = false;
  let cancelled = false;
  const onParent = (): void => {
    cancelled = true;
    controller.abort(parent?.reason ?? abortError('cancelled'));
  };
  if (parent?.aborted) onParent();
  else parent?.addEventListener('abort', onParent, { once: true });
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort(timeoutError(timeoutMs));
        }, Math.max(0, timeoutMs));
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    cancelled: () => cancelled,
    remainingMs: () => Math.max(0, end - now()),
    stop: (reason = 'stopped') => {
      if (!controller.signal.aborted) controller.abort(abortError(reason));
    },
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}

export function timeoutError(ms: number): Error {
  const e = new Error(`no answer within ${ms} ms`);
  e.name = 'TimeoutError';
  return e;
}

export function abortError(reason: string): Error {
  const e = new Error(reason);
  e.name = 'AbortError';
  return e;
}

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts. Some clients
 * do not pass the signal down to `fetch` (ChatOllama, ChatMistralAI), so without this race a
 * hung server would hold the junior until the provider-level timeout. The losing promise gets a
 * handler, so its later rejection is never unhandled.
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => undefined);
  if (signal.aborted) return Promise.reject(reasonOf(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(reasonOf(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Waits `ms`, or rejects when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(reasonOf(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(t);
      reject(reasonOf(signal as AbortSignal));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function reasonOf(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : abortError(String(signal.reason ?? 'aborted'));
}
