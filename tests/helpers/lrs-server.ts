import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registrationOf, statementId, XAPI_VERBS, type Statement } from '../../src/app/revue/xapi.ts';

/**
 * A loopback Learning Record Store (node:http on 127.0.0.1, port 0) speaking enough of xAPI 1.0.3
 * to test the outbox against real `fetch`: the About resource, and POST / PUT / GET on the
 * Statements resource under `/xapi`, with the specification's rules —
 *
 * - every resource but About needs the `X-Experience-API-Version` header (400 without it) and
 *   HTTP Basic credentials (401 otherwise);
 * - statements are kept by id and never changed once stored: a POST batch holding a known id is
 *   refused whole with 409 (nothing stored; `identicalPost: 'accept'` makes an identical copy pass
 *   silently, as some LRSs do); a PUT of a known id answers 204 when identical (409 with
 *   `identicalPut: 'conflict'`) and 409 when different; a batch with the same id twice is a 400;
 * - `reject(statement)` lets a test name statements this LRS refuses (400, with its message).
 *
 * Faults, for the next requests in order: `status` (answer that instead), `hang` (never answer),
 * `store-then-drop` (store the statements, then cut the connection before answering: the client
 * cannot know they arrived), `store-then-hang` (store, never answer).
 *
 * `accepted` counts, per id, how many times the LRS stored it (exactly once is the goal);
 * `received` counts the POST/PUT bodies that carried it.
 */
export type LrsFault = { kind: 'status'; status: number; body?: unknown } | { kind: 'hang' } | { kind: 'store-then-drop' } | { kind: 'store-then-hang' };

export interface LrsRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The status answered (undefined: no answer, hung or dropped). */
  status?: number;
}

export interface LrsOptions {
  username?: string;
  password?: string;
  identicalPost?: 'conflict' | 'accept';
  identicalPut?: 'no-content' | 'conflict';
  /** A message for statements this LRS refuses with 400 (undefined: accepted). */
  reject?: (statement: Record<string, unknown>) => string | undefined;
  /** The About resource's versions. */
  versions?: string[];
}

export interface LoopbackLrs {
  /** The xAPI endpoint (`http://127.0.0.1:<port>/xapi`). */
  endpoint: string;
  /** The server root (without `/xapi`). */
  root: string;
  /** The credentials the LRS accepts (change them to simulate a rotated key). */
  credentials: { username: string; password: string };
  options: Required<Omit<LrsOptions, 'username' | 'password' | 'reject'>> & Pick<LrsOptions, 'reject'>;
  requests: LrsRequest[];
  stored: Map<string, Record<string, unknown>>;
  accepted: Map<string, number>;
  received: Map<string, number>;
  /** Faults for the next requests, in order. */
  fault(...faults: LrsFault[]): void;
  /** Statements the LRS holds before the test (not counted in `accepted`). */
  preload(statements: Array<Record<string, unknown>>): void;
  /** Requests of one method to the statements resource. */
  writes(method?: 'POST' | 'PUT'): LrsRequest[];
  close(): Promise<void>;
}

/** Key order does not matter when comparing statements (nor the properties an LRS adds). */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    typeof x === 'object' && x !== null && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>)
            .filter(([k]) => !['stored', 'authority', 'version'].includes(k))
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : x,
  );
}

export async function startLoopbackLrs(opts: LrsOptions = {}): Promise<LoopbackLrs> {
  const credentials = { username: opts.username ?? 'palier-key', password: opts.password ?? 'sécret-1' };
  const options: LoopbackLrs['options'] = {
    identicalPost: opts.identicalPost ?? 'conflict',
    identicalPut: opts.identicalPut ?? 'no-content',
    versions: opts.versions ?? ['1.0.3', '1.0.2'],
    ...(opts.reject ? { reject: opts.reject } : {}),
  };
  const faults: LrsFault[] = [];
  const requests: LrsRequest[] = [];
  const stored = new Map<string, Record<string, unknown>>();
  const accepted = new Map<string, number>();
  const received = new Map<string, number>();

  const store = (s: Record<string, unknown>): void => {
    const id = String(s.id);
    stored.set(id, { ...s, stored: new Date().toISOString(), version: '1.0.3' });
    accepted.set(id, (accepted.get(id) ?? 0) + 1);
  };

  /** Applies a write; returns the answer it deserves. */
  const write = (rec: LrsRequest): { status: number; body?: unknown } => {
    const list = rec.method === 'POST' ? (Array.isArray(rec.body) ? rec.body : [rec.body]) : [rec.body];
    if (!list.every((s) => typeof s === 'object' && s !== null && !Array.isArray(s))) return { status: 400, body: { message: 'statements must be objects' } };
    const statements = list as Array<Record<string, unknown>>;
    if (rec.method === 'PUT') {
      const id = rec.query.get('statementId');
      if (!id) return { status: 400, body: { message: 'statementId parameter missing' } };
      const s = statements[0] as Record<string, unknown>;
      if (s.id !== undefined && s.id !== id) return { status: 400, body: { message: 'statement id does not match statementId' } };
      s.id = id;
    } else {
      for (const s of statements) s.id ??= crypto.randomUUID();
    }
    for (const s of statements) received.set(String(s.id), (received.get(String(s.id)) ?? 0) + 1);
    const ids = statements.map((s) => String(s.id));
    if (new Set(ids).size !== ids.length) return { status: 400, body: { message: 'the batch holds the same id twice' } };
    for (const s of statements) {
      const why = options.reject?.(s);
      if (why) return { status: 400, body: { message: `statement ${String(s.id)}: ${why}` } };
    }
    const known = statements.filter((s) => stored.has(String(s.id)));
    const identical = (s: Record<string, unknown>): boolean => canonical(stored.get(String(s.id))) === canonical(s);
    if (rec.method === 'PUT') {
      const s = statements[0] as Record<string, unknown>;
      if (known.length === 0) {
        store(s);
        return { status: 204 };
      }
      return identical(s) && options.identicalPut === 'no-content' ? { status: 204 } : { status: 409, body: { message: `statement ${String(s.id)} already exists` } };
    }
    const conflicting = known.filter((s) => !(identical(s) && options.identicalPost === 'accept'));
    if (conflicting.length > 0) return { status: 409, body: { message: `statement(s) already exist: ${conflicting.map((s) => String(s.id)).join(', ')}` } };
    for (const s of statements) if (!stored.has(String(s.id))) store(s);
    return { status: 200, body: ids };
  };

  const answer = (res: ServerResponse, rec: LrsRequest, status: number, body?: unknown, headers: Record<string, string> = {}): void => {
    rec.status = status;
    res.writeHead(status, { 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3', 'Access-Control-Allow-Origin': '*', ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const rec: LrsRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
      requests.push(rec);
      if (rec.method === 'OPTIONS') {
        answer(res, rec, 204, undefined, { 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'GET, POST, PUT, OPTIONS' });
        return;
      }
      const fault = faults.shift();
      if (fault?.kind === 'hang') return;
      if (fault?.kind === 'status') {
        answer(res, rec, fault.status, fault.body ?? { message: `fault ${fault.status}` });
        return;
      }
      const resource = url.pathname.replace(/^\/xapi/, '');
      if (!url.pathname.startsWith('/xapi/')) {
        answer(res, rec, 404, { message: 'not found' });
        return;
      }
      if (resource === '/about' && rec.method === 'GET') {
        answer(res, rec, 200, { version: options.versions });
        return;
      }
      if (!String(req.headers['x-experience-api-version'] ?? '').startsWith('1.0')) {
        answer(res, rec, 400, { message: 'X-Experience-API-Version header missing' });
        return;
      }
      const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
      if (req.headers.authorization !== expected) {
        answer(res, rec, 401, { message: 'unauthorized' }, { 'WWW-Authenticate': 'Basic realm="LRS"' });
        return;
      }
      if (resource !== '/statements') {
        answer(res, rec, 404, { message: 'not found' });
        return;
      }
      if (rec.method === 'GET') {
        const id = url.searchParams.get('statementId');
        if (id) {
          const s = stored.get(id);
          answer(res, rec, s ? 200 : 404, s ?? { message: 'no such statement' });
          return;
        }
        const limit = Number(url.searchParams.get('limit') ?? 0) || stored.size;
        answer(res, rec, 200, { statements: [...stored.values()].reverse().slice(0, limit), more: '' });
        return;
      }
      if (rec.method !== 'POST' && rec.method !== 'PUT') {
        answer(res, rec, 405, { message: 'method not allowed' });
        return;
      }
      const result = write(rec);
      if (fault?.kind === 'store-then-drop') {
        res.socket?.destroy();
        return;
      }
      if (fault?.kind === 'store-then-hang') return;
      answer(res, rec, result.status, result.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const root = `http://127.0.0.1:${port}`;
  return {
    endpoint: `${root}/xapi`,
    root,
    credentials,
    options,
    requests,
    stored,
    accepted,
    received,
    fault: (...f) => faults.push(...f),
    preload: (list) => {
      for (const s of list) stored.set(String(s.id), { ...s, stored: new Date().toISOString(), version: '1.0.3' });
    },
    writes: (method) => requests.filter((r) => r.path === '/xapi/statements' && (method ? r.method === method : r.method === 'POST' || r.method === 'PUT')),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A valid statement: junior turn `turn` of attempt `attempt`, with ids as the Revue makes them. */
export function sampleStatement(turn: number, attempt = 'attempt-1'): Statement {
  const scenario = 'https://palier.local/scenarios/degat-des-eaux';
  return {
    id: statementId(attempt, 'responded', turn),
    actor: { objectType: 'Agent', name: 'Karim B.', account: { homePage: 'https://palier.local', name: 'profile-karim' } },
    verb: XAPI_VERBS.responded,
    object: { objectType: 'Activity', id: `${scenario}/states/accueil`, definition: { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice' } },
    result: { response: 'reformuler' },
    context: { registration: registrationOf(attempt), platform: 'Palier', language: 'fr-FR', revision: '2', extensions: { 'https://palier.local/xapi/ext/turn': turn } },
    timestamp: new Date(Date.UTC(2026, 0, 5, 9, 0, turn)).toISOString(),
  };
}

/** Turns 1…n of one attempt. */
export function sampleStatements(n: number, attempt = 'attempt-1'): Statement[] {
  return Array.from({ length: n }, (_, i) => sampleStatement(i + 1, attempt));
}
