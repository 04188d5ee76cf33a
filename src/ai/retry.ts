import { deadline as makeDeadline, sleep as realSleep, type Deadline } from './deadline.ts';
import { httpStatusOf, retryAfterMsOf } from './failure.ts';

/**
 * Our own bounded retry. The clients are built with `maxRetries: 0` (providers.ts) so that one
 * policy, with one total budget, applies to every provider:
 * - only 429 (rate limited) and 5xx (server trouble) are retried — never another 4xx (the request
 *   itself is wrong: retrying cannot help), never a network failure (a server that is down stays
 *   down for the next few seconds, and the junior is waiting);
 * - exponential backoff with « equal jitter »: attempt n waits between half and all of
 *   `min(maxDelayMs, baseDelayMs · 2^(n-1))`, so clients that failed together do not retry together;
 * - a `Retry-After` (or `retry-after-ms`) from the server replaces the computed wait;
 * - the total deadline covers attempts and waits: when the next wait would end past it, we stop
 *   and report the last error rather than sleep for nothing.
 */
export interface RetryOptions {
  /** Retries after the first attempt (default 2, so at most 3 attempts). */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Total budget in milliseconds, attempts and waits included. */
  deadlineMs?: number;
  signal?: AbortSignal;
  /** A deadline the caller already holds (then `deadlineMs` and `signal` are ignored). */
  deadline?: Deadline;
  /** Which errors are worth another attempt (default: `isRetryable`). */
  retryable?: (err: unknown) => boolean;
  /** Injected for tests: a number in [0, 1). */
  random?: () => number;
  /** Injected for tests: waits `ms` (the default honours the signal). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

export const RETRY_DEFAULTS = { retries: 2, baseDelayMs: 500, maxDelayMs: 8_000 } as const;

/**
 * Worth retrying: HTTP 429 or 5xx.
 *
 * @example
 * isRetryable(Object.assign(new Error(), { status: 503 })); // true
 * isRetryable(Object.assign(new Error(), { status: 404 })); // false
 */
export function isRetryable(err: unknown): boolean {
  const status = httpStatusOf(err);
  return status === 429 || (status !== undefined && status >= 500 && status <= 599);
}

/**
 * The wait before retry number `attempt` (1-based).
 *
 * @example
 * backoffDelay(1, { random: () => 0.5 }); // 375 (half of 500, plus half of the other half)
 * backoffDelay(2, {}, 3000); // 3000: the server's Retry-After wins
 */
export function backoffDelay(
  attempt: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return Math.max(0, retryAfterMs);
  const base = options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  const max = options.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
  const cap = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  const r = (options.random ?? Math.random)();
  return Math.round(cap / 2 + (r * cap) / 2);
}

/**
 * Runs `fn` until it succeeds, fails with an error not worth retrying, runs out of retries or of
 * time. `fn` receives the attempt number (1-based) and a signal that aborts at the deadline.
 *
 * @example
 * const reply = await withRetry((n, signal) => model.invoke(messages, { signal }), { deadlineMs: 20_000 });
 */
export async function withRetry<T>(fn: (attempt: number, signal: AbortSignal) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = Math.max(0, options.retries ?? RETRY_DEFAULTS.retries);
  const retryable = options.retryable ?? isRetryable;
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? realSleep;
  const own = options.deadline === undefined;
  const d = options.deadline ?? makeDeadline(options.deadlineMs, options.signal, now);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn(attempt, d.signal);
      } catch (err) {
        if (d.signal.aborted || attempt > retries || !retryable(err)) throw err;
        const delayMs = backoffDelay(attempt, options, retryAfterMsOf(err, now));
        if (delayMs >= d.remainingMs()) throw err;
        options.onRetry?.({ attempt, delayMs, error: err });
        await wait(delayMs, d.signal);
      }
    }
  } finally {
    if (own) d.dispose();
  }
}
