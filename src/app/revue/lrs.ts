import { deadline, raceSignal } from '../../ai/deadline.ts';
import type { PalierDatabase } from '../../db/db.ts';
import { XAPI_VERSION } from './xapi.ts';

/**
 * The organisation's Learning Record Store (LRS), as a trainer configures it on this device: the
 * xAPI endpoint and HTTP Basic credentials. The password is stored apart, under a key that
 * `isSecretSetting` (profiles.ts) recognises, so no export ever carries it; the endpoint and
 * username are device settings (not a profile's), which profile exports do not carry either.
 *
 * @module
 */

/** An LRS configuration: endpoint without trailing slash, Basic credentials. */
export interface LrsConfig {
  /** The xAPI base endpoint (`https://lrs.example.org/xapi`), resources are appended to it. */
  endpoint: string;
  username: string;
  password: string;
}

/** What the settings form sends; an empty password keeps the one already stored. */
export interface LrsConfigInput {
  endpoint: string;
  username: string;
  password?: string;
}

export type LrsField = 'endpoint' | 'username' | 'password';

/**
 * Codes of the form's problems (one message each in the dictionaries, `lrs.problem.<code>`):
 * - `required`: the field is empty;
 * - `invalid-url`: not a full address;
 * - `not-http`: neither http:// nor https://;
 * - `https-required`: plain http to another machine (credentials would travel unencrypted);
 * - `credentials-in-url`: `https://user:pass@host` (they go in their own fields);
 * - `query-in-url`: a `?query` or `#fragment` (resources are appended to the endpoint);
 * - `colon`: a `:` in the username, which Basic authentication cannot carry.
 */
export type LrsProblemCode = 'required' | 'invalid-url' | 'not-http' | 'https-required' | 'credentials-in-url' | 'query-in-url' | 'colon';

export interface LrsProblem {
  field: LrsField;
  code: LrsProblemCode;
}

export type LrsSaveResult = { ok: true } | { ok: false; problems: LrsProblem[] };

const CONFIG = 'lrs:config';
// « password » in the key: isSecretSetting keeps it out of every export.
const PASSWORD = 'lrs:password';

/** Loopback hosts: the only ones plain http is allowed to (a test LRS on this machine). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Checks a configuration and normalises it (trimmed, trailing slashes removed). Pure.
 *
 * @example
 * checkLrsConfig({ endpoint: 'https://lrs.example.org/xapi/', username: 'k', password: 's' });
 * // { ok: true, config: { endpoint: 'https://lrs.example.org/xapi', username: 'k', password: 's' } }
 * checkLrsConfig({ endpoint: 'http://lrs.example.org', username: '', password: '' }).ok; // false
 */
export function checkLrsConfig(input: LrsConfigInput): { ok: true; config: LrsConfig } | { ok: false; problems: LrsProblem[] } {
  const problems: LrsProblem[] = [];
  const raw = input.endpoint.trim();
  let endpoint = raw;
  if (raw === '') problems.push({ field: 'endpoint', code: 'required' });
  else {
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      problems.push({ field: 'endpoint', code: 'invalid-url' });
    }
    if (url) {
      if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push({ field: 'endpoint', code: 'not-http' });
      else if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) problems.push({ field: 'endpoint', code: 'https-required' });
      else if (url.username !== '' || url.password !== '') problems.push({ field: 'endpoint', code: 'credentials-in-url' });
      else if (url.search !== '' || url.hash !== '' || raw.includes('?') || raw.includes('#')) problems.push({ field: 'endpoint', code: 'query-in-url' });
      else endpoint = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
    }
  }
  const username = input.username.trim();
  const password = input.password ?? '';
  if (username === '') problems.push({ field: 'username', code: 'required' });
  else if (username.includes(':')) problems.push({ field: 'username', code: 'colon' });
  if (password === '') problems.push({ field: 'password', code: 'required' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: { endpoint, username, password } };
}

/** The LRS configured on this device, if any (with its password). */
export async function lrsConfig(db: PalierDatabase): Promise<LrsConfig | undefined> {
  const [stored, password] = await db.transaction('r', db.settings, () => Promise.all([db.settings.get(CONFIG), db.settings.get(PASSWORD)]));
  const value = stored?.value as { endpoint?: unknown; username?: unknown } | undefined;
  if (!value || typeof value.endpoint !== 'string' || typeof value.username !== 'string' || typeof password?.value !== 'string') return undefined;
  return { endpoint: value.endpoint, username: value.username, password: password.value };
}

/**
 * The configuration the form describes, checked: an empty password means « keep the stored one »
 * (the form never shows it back). Used by « Enregistrer » and by « Tester la connexion ».
 */
export async function prepareLrsConfig(db: PalierDatabase, input: LrsConfigInput): Promise<{ ok: true; config: LrsConfig } | { ok: false; problems: LrsProblem[] }> {
  const password = input.password ? input.password : ((await lrsConfig(db))?.password ?? '');
  return checkLrsConfig({ ...input, password });
}

type Listener = () => void;
const listeners = new Set<Listener>();

/**
 * Calls `listener` after the configuration is saved or forgotten in this tab (the outbox runner
 * flushes then, so fixed credentials take effect at once). Returns the unsubscribe function.
 */
export function watchLrsConfig(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  for (const l of [...listeners]) {
    try {
      l();
    } catch {
      // A listener's failure is its own business: the setting is saved.
    }
  }
}

/**
 * Validates and saves the configuration (the password apart, as a secret setting).
 *
 * @example
 * await saveLrsConfig(db, { endpoint: 'http://example.org', username: 'k', password: 's' });
 * // { ok: false, problems: [{ field: 'endpoint', code: 'https-required' }] }
 */
export async function saveLrsConfig(db: PalierDatabase, input: LrsConfigInput): Promise<LrsSaveResult> {
  const checked = await prepareLrsConfig(db, input);
  if (!checked.ok) return checked;
  const { endpoint, username, password } = checked.config;
  await db.transaction('rw', db.settings, async () => {
    await db.settings.put({ key: CONFIG, value: { endpoint, username } });
    await db.settings.put({ key: PASSWORD, value: password });
  });
  changed();
  return { ok: true };
}

/** Forgets the LRS (endpoint and credentials). Statements waiting in the outbox stay there. */
export async function clearLrsConfig(db: PalierDatabase): Promise<void> {
  await db.settings.bulkDelete([CONFIG, PASSWORD]);
  changed();
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers shared with the outbox

/** `Basic base64(utf8(username:password))` (RFC 7617; UTF-8 so accented passwords work). */
export function basicAuth(config: Pick<LrsConfig, 'username' | 'password'>): string {
  const bytes = new TextEncoder().encode(`${config.username}:${config.password}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

/** The headers every xAPI request carries. */
export function xapiHeaders(config: LrsConfig, json = false): Record<string, string> {
  return {
    'X-Experience-API-Version': XAPI_VERSION,
    Authorization: basicAuth(config),
    ...(json ? { 'Content-Type': 'application/json' } : {}),
  };
}

/** An LRS error body, shortened to what a person can read (`message`, `error.message`, or the text). */
export function lrsMessage(body: string): string {
  let text = body;
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const err = json.error;
    const candidate = json.message ?? (typeof err === 'object' && err !== null ? (err as Record<string, unknown>).message : err) ?? json.detail ?? json.warnings;
    if (candidate !== undefined) text = typeof candidate === 'string' ? candidate : JSON.stringify(candidate);
  } catch {
    // Not JSON: the text as it is.
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

// ---------------------------------------------------------------------------------------------
// « Tester la connexion »

/**
 * The result of {@link testLrs}:
 * - `ok`: the About resource names an xAPI 1.0.x version and the credentials open the statements;
 * - `unreachable`: nothing answers at that address (or the network is down);
 * - `cors`: a server answers but the browser hides its answer (the LRS must allow Palier's origin);
 * - `timeout`: no answer in time;
 * - `not-lrs`: the address answers, but not like an LRS (no About resource: often a wrong path);
 * - `version`: an LRS that speaks no xAPI 1.0.x version;
 * - `unauthorized`: HTTP 401 or 403 on the statements: username or password refused;
 * - `http`: another HTTP error.
 */
export type LrsTestCode = 'ok' | 'unreachable' | 'cors' | 'timeout' | 'not-lrs' | 'version' | 'unauthorized' | 'http';

export type LrsTestResult =
  | { ok: true; code: 'ok'; versions: string[]; latencyMs: number }
  | { ok: false; code: Exclude<LrsTestCode, 'ok'>; status?: number; detail: string };

export interface LrsTestOptions {
  fetch?: typeof fetch;
  /** Budget of the whole test (default 10 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  now?: () => number;
  /** After a network failure, send a `no-cors` request to tell CORS from « unreachable » (default: in a browser). */
  corsProbe?: boolean;
}

type Outcome = { kind: 'response'; status: number; body: string } | { kind: 'network'; error: unknown };

/**
 * Tests a configuration: GET `about` (reachable? an LRS? which xAPI versions?), then an
 * authenticated GET `statements?limit=1` (are the credentials accepted?).
 *
 * @example
 * const r = await testLrs(config);
 * r.ok ? r.versions : r.code; // ['1.0.3'] or 'unauthorized', 'cors', …
 */
export async function testLrs(config: LrsConfig, opts: LrsTestOptions = {}): Promise<LrsTestResult> {
  const fetchFn = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const inBrowser = typeof document !== 'undefined' && typeof location !== 'undefined';
  const d = deadline(timeoutMs, opts.signal);
  const started = now();

  const call = async (url: string, headers: Record<string, string>): Promise<Outcome> => {
    try {
      const res = await raceSignal(fetchFn(url, { method: 'GET', headers, signal: d.signal, cache: 'no-store' }), d.signal);
      const body = await raceSignal(res.text(), d.signal);
      return { kind: 'response', status: res.status, body };
    } catch (error) {
      return { kind: 'network', error };
    }
  };
  const network = async (url: string, error: unknown): Promise<LrsTestResult> => {
    if (d.timedOut()) return { ok: false, code: 'timeout', detail: `no answer within ${timeoutMs} ms` };
    let probe = 'skipped';
    if (!d.cancelled() && (opts.corsProbe ?? inBrowser)) {
      try {
        await raceSignal(fetchFn(url, { mode: 'no-cors', signal: d.signal }), d.signal);
        probe = 'opaque';
      } catch {
        probe = 'failed';
      }
    }
    if (d.timedOut()) return { ok: false, code: 'timeout', detail: `no answer within ${timeoutMs} ms` };
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { ok: false, code: probe === 'opaque' ? 'cors' : 'unreachable', detail: `${what} (no-cors probe: ${probe})` };
  };

  try {
    const aboutUrl = `${config.endpoint}/about`;
    const about = await call(aboutUrl, { 'X-Experience-API-Version': XAPI_VERSION });
    if (about.kind === 'network') return await network(aboutUrl, about.error);
    let versions: string[] = [];
    if (about.status === 404) return { ok: false, code: 'not-lrs', status: 404, detail: `GET ${aboutUrl}: 404 ${lrsMessage(about.body)}` };
    // Some LRSs protect even the About resource: the credentials check below then tells.
    if (about.status !== 401 && about.status !== 403) {
      if (about.status >= 400) return { ok: false, code: 'http', status: about.status, detail: `GET ${aboutUrl}: ${about.status} ${lrsMessage(about.body)}` };
      const listed = aboutVersions(about.body);
      if (!listed) return { ok: false, code: 'not-lrs', status: about.status, detail: `GET ${aboutUrl}: no xAPI version list` };
      if (!listed.some((v) => /^1\.0(\.\d+)?$/.test(v))) return { ok: false, code: 'version', detail: `versions: ${listed.join(', ') || 'none'}` };
      versions = listed;
    }
    const statementsUrl = `${config.endpoint}/statements?limit=1`;
    const auth = await call(statementsUrl, xapiHeaders(config));
    if (auth.kind === 'network') return await network(statementsUrl, auth.error);
    if (auth.status === 401 || auth.status === 403) return { ok: false, code: 'unauthorized', status: auth.status, detail: lrsMessage(auth.body) };
    if (auth.status >= 400) return { ok: false, code: 'http', status: auth.status, detail: `GET ${statementsUrl}: ${auth.status} ${lrsMessage(auth.body)}` };
    return { ok: true, code: 'ok', versions, latencyMs: Math.round(now() - started) };
  } finally {
    d.dispose();
  }
}

function aboutVersions(body: string): string[] | undefined {
  try {
    const json = JSON.parse(body) as { version?: unknown };
    if (!Array.isArray(json.version) || !json.version.every((v) => typeof v === 'string')) return undefined;
    return json.version as string[];
  } catch {
    return undefined;
  }
}
