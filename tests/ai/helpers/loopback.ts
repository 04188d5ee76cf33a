import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/**
 * Loopback HTTP servers speaking just enough of the OpenAI chat-completions API (JSON and SSE)
 * and of Ollama's `/api/chat` (NDJSON) to drive the real LangChain clients. Each request is
 * recorded (method, path, headers, parsed body) and answered by the next scripted behaviour, or
 * by the default one.
 */
export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: unknown;
  /** The response's connection has closed (answered, or dropped by either side). */
  closed: boolean;
}

export type Behaviour = (req: Recorded, res: ServerResponse) => void;

export interface Loopback {
  url: string;
  requests: Recorded[];
  /** Requests received on a path. */
  count(path: string): number;
  /** Behaviours for the next requests, in order (then the default applies again). */
  next(...behaviours: Behaviour[]): void;
  setDefault(b: Behaviour): void;
  close(): Promise<void>;
}

export async function startLoopback(fallback: Behaviour): Promise<Loopback> {
  const queue: Behaviour[] = [];
  let byDefault = fallback;
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const rec: Recorded = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', headers: req.headers, raw, body, closed: false };
      res.on('close', () => {
        rec.closed = true;
      });
      requests.push(rec);
      (queue.shift() ?? byDefault)(rec, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (path) => requests.filter((r) => r.path === path).length,
    next: (...b) => queue.push(...b),
    setDefault: (b) => {
      byDefault = b;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An address where nothing listens (a server started, then closed). */
export async function closedPortUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

// ── Behaviours ────────────────────────────────────────────────────────────────────────────────

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Behaviour {
  return (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

/** Never answers (the socket stays open until the server closes). */
export const hang: Behaviour = () => undefined;

/** An OpenAI chat completion (non-streamed). */
export function openaiCompletion(content: string): Behaviour {
  return json(200, {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  });
}

function sseChunk(content: string | undefined, finish: string | null): string {
  const delta = content === undefined ? {} : { role: 'assistant', content };
  return `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'test-model', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

/**
 * An OpenAI streamed completion (SSE). `cut`: the socket is destroyed after the pieces, as when a
 * proxy or the network drops mid-reply; `truncate`: the response ends cleanly but without a
 * finish reason or `[DONE]`; `finish`: the finish reason (default `stop`). `raw` lines are
 * written as they are (malformed data).
 */
export function openaiStream(
  pieces: string[],
  opts: { cut?: boolean; truncate?: boolean; finish?: string; raw?: string[]; delayMs?: number } = {},
): Behaviour {
  return (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    const lines = [...pieces.map((p) => sseChunk(p, null)), ...(opts.raw ?? [])];
    let i = 0;
    const step = (): void => {
      if (i < lines.length) {
        res.write(lines[i++]);
        setTimeout(step, opts.delayMs ?? 2);
        return;
      }
      if (opts.cut) {
        setTimeout(() => res.destroy(), 10);
        return;
      }
      if (opts.truncate) {
        res.end();
        return;
      }
      res.write(sseChunk(undefined, opts.finish ?? 'stop'));
      res.end('data: [DONE]\n\n');
    };
    step();
  };
}

/** Ollama `/api/chat`, streamed as NDJSON (ChatOllama always asks for a stream). */
export function ollamaStream(pieces: string[], opts: { cut?: boolean; raw?: string[]; noDone?: boolean } = {}): Behaviour {
  return (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
    const at = '2026-11-29T20:30:00Z';
    const lines = [
      ...pieces.map((p) => `${JSON.stringify({ model: 'test-model', created_at: at, message: { role: 'assistant', content: p }, done: false })}\n`),
      ...(opts.raw ?? []),
    ];
    let i = 0;
    const step = (): void => {
      if (i < lines.length) {
        res.write(lines[i++]);
        setTimeout(step, 2);
        return;
      }
      if (opts.cut) {
        setTimeout(() => res.destroy(), 10);
        return;
      }
      if (!opts.noDone) {
        res.write(
          `${JSON.stringify({ model: 'test-model', created_at: at, message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 10, eval_count: pieces.length })}\n`,
        );
      }
      res.end();
    };
    step();
  };
}

// ── Unhandled rejections fail the test ───────────────────────────────────────────────────────

/**
 * Registers a process 'unhandledRejection' listener for the file: any rejection nobody handled
 * during a test fails that test (a fallback must never leave a dangling promise behind).
 */
export function failOnUnhandledRejection(): void {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => {
    seen.push(reason);
  };
  beforeAll(() => {
    process.on('unhandledRejection', listener);
  });
  afterEach(async () => {
    // Let late rejections (a losing race, a closing stream) surface before judging.
    await new Promise((r) => setTimeout(r, 30));
    expect(seen, 'unhandled promise rejections').toEqual([]);
    seen.length = 0;
  });
  afterAll(() => {
    process.off('unhandledRejection', listener);
  });
}
