import type { Deadline } from './deadline.ts';

/**
 * Why a model call failed, as a stable code. The three clients throw very different errors
 * (openai's APIError with `status` and `headers`, ollama's ResponseError with `status_code`,
 * Mistral's SDK error with `statusCode`, undici's `TypeError: fetch failed` with a `cause`
 * chain, the browser's `TypeError: Failed to fetch`); this module reads them all.
 *
 * - `timeout`: our budget ran out (whatever error the client made of the abort);
 * - `cancelled`: the caller's signal aborted;
 * - `http-<status>`: the server answered with an HTTP error;
 * - `unreachable`: no connection could be made (refused, DNS, network down, or — in a browser —
 *   blocked by CORS, which a plain fetch cannot tell apart: see diagnose.ts);
 * - `stream-cut`: the connection broke after it was established, or a stream ended unfinished;
 * - `bad-response`: the server answered something that is not the expected JSON;
 * - `unknown`: anything else.
 */
export type FailureCode = 'timeout' | 'cancelled' | 'unreachable' | 'stream-cut' | 'bad-response' | 'unknown' | `http-${number}`;

/** An error of the AI layer with a stable code (`malformed`, `unknown-level`, a FailureCode…). */
export class AiError extends Error {
  override name = 'AiError';
  readonly code: string;
  constructor(code: string, message?: string, options?: { cause?: unknown }) {
    super(message ?? code, options);
    this.code = code;
  }
}

/** The error and its causes, outermost first (bounded: cause chains can loop). */
export function causeChain(err: unknown): unknown[] {
  const out: unknown[] = [];
  let e: unknown = err;
  while (e !== undefined && e !== null && out.length < 8 && !out.includes(e)) {
    out.push(e);
    e = typeof e === 'object' ? (e as { cause?: unknown }).cause : undefined;
  }
  return out;
}

function prop(e: unknown, key: string): unknown {
  return typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[key] : undefined;
}

const isStatus = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 400 && n <= 599;

/**
 * The HTTP status of a failed call, if the server answered at all.
 *
 * @example
 * httpStatusOf(Object.assign(new Error('x'), { status_code: 404 })); // 404
 */
export function httpStatusOf(err: unknown): number | undefined {
  for (const e of causeChain(err)) {
    for (const key of ['status', 'status_code', 'statusCode']) {
      const v = prop(e, key);
      if (isStatus(v)) return v;
    }
    const resStatus = prop(prop(e, 'response'), 'status') ?? prop(prop(e, 'rawResponse'), 'status');
    if (isStatus(resStatus)) return resStatus;
  }
  return undefined;
}

function header(e: unknown, name: string): string | undefined {
  for (const holder of [prop(e, 'headers'), prop(prop(e, 'response'), 'headers'), prop(prop(e, 'rawResponse'), 'headers')]) {
    if (!holder) continue;
    if (typeof (holder as Headers).get === 'function') {
      const v = (holder as Headers).get(name);
      if (v !== null && v !== undefined) return v;
    } else if (typeof holder === 'object') {
      for (const [k, v] of Object.entries(holder as Record<string, unknown>)) if (k.toLowerCase() === name && typeof v === 'string') return v;
    }
  }
  return undefined;
}

/**
 * How long the server asked us to wait (`retry-after-ms`, or `Retry-After` in seconds or as an
 * HTTP date), in milliseconds. Ollama's client drops response headers: undefined there.
 */
export function retryAfterMsOf(err: unknown, now: () => number = Date.now): number | undefined {
  for (const e of causeChain(err)) {
    const ms = header(e, 'retry-after-ms');
    if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
    const ra = header(e, 'retry-after');
    if (ra === undefined) continue;
    if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.round(Number(ra) * 1000);
    const date = Date.parse(ra);
    if (!Number.isNaN(date)) return Math.max(0, date - now());
  }
  return undefined;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);
const CUT_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_ABORTED']);
const CUT_MESSAGE = /terminated|other side closed|socket hang up|premature close|did not receive done|input stream|network error|stream (was )?(cut|closed|ended)|incomplete chunked/i;
const UNREACHABLE_MESSAGE = /fetch failed|failed to fetch|networkerror|load failed|connection error|econnrefused|enotfound|getaddrinfo/i;
const BAD_RESPONSE_MESSAGE = /json|unexpected token|unexpected end|parse|outputparser|not valid|invalid response/i;

export interface FailureContext {
  deadline?: Pick<Deadline, 'timedOut' | 'cancelled'>;
  /** Some of the reply had already arrived (a network error now means the stream was cut). */
  streamed?: boolean;
}

/**
 * Names a failure with a stable code (see FailureCode).
 *
 * @example
 * failureCode(err, { deadline: d, streamed: text.length > 0 }); // 'http-500', 'timeout', …
 */
export function failureCode(err: unknown, ctx: FailureContext = {}): FailureCode {
  if (ctx.deadline?.timedOut()) return 'timeout';
  if (ctx.deadline?.cancelled()) return 'cancelled';
  if (err instanceof AiError && isFailureCode(err.code)) return err.code;
  const status = httpStatusOf(err);
  if (status !== undefined) return `http-${status}`;
  const chain = causeChain(err);
  const names = chain.map((e) => String(prop(e, 'name') ?? '')).join(' ');
  const codes = chain.map((e) => String(prop(e, 'code') ?? ''));
  const messages = chain.map((e) => (e instanceof Error ? e.message : typeof e === 'string' ? e : '')).join(' | ');
  if (/TimeoutError|APIConnectionTimeoutError/.test(names)) return 'timeout';
  if (codes.some((c) => CUT_CODES.has(c)) || CUT_MESSAGE.test(messages)) return 'stream-cut';
  if (codes.some((c) => UNREACHABLE_CODES.has(c))) return 'unreachable';
  if (UNREACHABLE_MESSAGE.test(messages)) return ctx.streamed ? 'stream-cut' : 'unreachable';
  if (/SyntaxError|OutputParserException/.test(names) || BAD_RESPONSE_MESSAGE.test(messages)) return 'bad-response';
  if (ctx.streamed && /TypeError/.test(names)) return 'stream-cut';
  return 'unknown';
}

export function isFailureCode(code: string): code is FailureCode {
  return /^(timeout|cancelled|unreachable|stream-cut|bad-response|unknown|http-\d{3})$/.test(code);
}

/** A short, safe description for logs and the debrief (no stack, bounded length). */
export function describeError(err: unknown): string {
  const parts = causeChain(err)
    .map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : typeof e === 'string' ? e : ''))
    .filter((s) => s.length > 0);
  return parts.join(' ← ').replace(/\s+/g, ' ').slice(0, 300);
}
