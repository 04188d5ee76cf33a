import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryable, withRetry } from '../../src/ai/retry.ts';
import { failOnUnhandledRejection } from './helpers/loopback.ts';

failOnUnhandledRejection();

const httpError = (status: number, headers?: Record<string, string>) => Object.assign(new Error(`HTTP ${status}`), { status, ...(headers ? { headers: new Headers(headers) } : {}) });

/** Runs withRetry with a recording sleep (no real waiting) and a fixed random. */
async function run(errors: unknown[], options: Parameters<typeof withRetry>[1] = {}) {
  const waits: number[] = [];
  let attempts = 0;
  const result = await withRetry(
    async () => {
      const e = errors[attempts++];
      if (e) throw e;
      return 'ok';
    },
    { random: () => 0.5, sleep: async (ms) => void waits.push(ms), ...options },
  ).catch((e: unknown) => e);
  return { result, attempts, waits };
}

describe('isRetryable', () => {
  it('retries 429 and 5xx, never another 4xx nor a network failure', () => {
    for (const s of [429, 500, 502, 503, 504]) expect(isRetryable(httpError(s))).toBe(true);
    for (const s of [400, 401, 403, 404, 408, 409, 422]) expect(isRetryable(httpError(s))).toBe(false);
    expect(isRetryable(new TypeError('fetch failed'))).toBe(false);
    expect(isRetryable(Object.assign(new Error('x'), { status_code: 503 }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('x'), { statusCode: 429 }))).toBe(true);
    expect(isRetryable(new Error('wrapped', { cause: httpError(500) }))).toBe(true);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially with equal jitter, capped', () => {
    const opts = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { ...opts, random: () => 0 }))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { ...opts, random: () => 0.999999 }))).toEqual([100, 200, 400, 800, 1000]);
  });
  it('uses the server’s Retry-After instead', () => {
    expect(backoffDelay(1, { baseDelayMs: 100 }, 3000)).toBe(3000);
  });
});

describe('withRetry', () => {
  it('succeeds after transient errors, waiting between attempts', async () => {
    const r = await run([httpError(503), httpError(429)], { baseDelayMs: 100 });
    expect(r).toEqual({ result: 'ok', attempts: 3, waits: [75, 150] });
  });

  it('is bounded: gives up with the last error after the retries', async () => {
    const r = await run([httpError(500), httpError(502), httpError(503), httpError(504)], { retries: 2, baseDelayMs: 10 });
    expect(r.attempts).toBe(3);
    expect((r.result as { status: number }).status).toBe(503);
  });

  it('never retries another 4xx', async () => {
    const r = await run([httpError(404)]);
    expect(r.attempts).toBe(1);
    expect(r.waits).toEqual([]);
  });

  it('honours Retry-After in seconds, as an HTTP date, and retry-after-ms', async () => {
    const now = Date.parse('2026-11-29T20:30:00Z');
    const r = await run(
      [
        httpError(429, { 'retry-after': '2' }),
        httpError(429, { 'retry-after': new Date(now + 5000).toUTCString() }),
        httpError(429, { 'retry-after-ms': '250', 'retry-after': '9' }),
      ],
      { retries: 3, now: () => now },
    );
    expect(r).toMatchObject({ result: 'ok', attempts: 4, waits: [2000, 5000, 250] });
  });

  it('stops when the next wait would pass the total deadline', async () => {
    const clock = 0;
    const r = await run([httpError(429, { 'retry-after': '30' }), httpError(429)], { deadlineMs: 10_000, now: () => clock });
    expect(r.attempts).toBe(1);
    expect(r.waits).toEqual([]);
    expect((r.result as { status: number }).status).toBe(429);
  });

  it('aborts a running attempt at the deadline', async () => {
    const started = Date.now();
    const e = await withRetry((_n, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))), { deadlineMs: 50 }).catch((x: unknown) => x);
    expect((e as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('stops at once when the caller cancels during a wait', async () => {
    const controller = new AbortController();
    let attempts = 0;
    const p = withRetry(
      async () => {
        attempts++;
        throw httpError(503);
      },
      { signal: controller.signal, baseDelayMs: 10_000 },
    ).catch((x: unknown) => x);
    setTimeout(() => controller.abort(), 20);
    const e = await p;
    expect(attempts).toBe(1);
    expect(e).toBeInstanceOf(Error);
  });
});
