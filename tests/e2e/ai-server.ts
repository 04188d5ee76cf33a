import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server speaking the OpenAI chat-completions API the way a local vLLM or LM Studio
 * does, with CORS open for the app's origin. Streamed calls (the tenant's voice) answer slowly,
 * piece by piece; structured calls (reading the junior's reply) answer something unusable, so the
 * embedded reading stands and the conversation stays predictable.
 */
export interface FakeOpenAi {
  url: string;
  /** Chat completions received, streamed or not. */
  calls: { streamed: number; structured: number };
  /** Closes the server and every open connection (a provider going away mid-attempt). */
  kill(): Promise<void>;
}

const PIECES = ['Oui… ', 'bon, ', 'je vous ', 'écoute, ', 'mais faites ', 'vite, ', 's’il vous ', 'plaît !'];

/**
 * `firstTokenMs`: how long the « model » thinks before its first token (a fast local model: 100–300 ms).
 */
export async function startFakeOpenAi(pieceDelayMs = 60, firstTokenMs = 0): Promise<FakeOpenAi> {
  const calls = { streamed: 0, structured: 0 };
  const server: Server = createServer((req, res) => {
    const cors = {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Headers': '*',
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method === 'GET' && path === '/v1/models') {
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'test-model', object: 'model' }] }));
        return;
      }
      if (req.method === 'POST' && path === '/v1/chat/completions') {
        const body = JSON.parse(raw || '{}') as { stream?: boolean };
        if (body.stream) {
          calls.streamed++;
          res.writeHead(200, { ...cors, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
          let i = 0;
          const chunk = (content: string | undefined, finish: string | null): string =>
            `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'test-model', choices: [{ index: 0, delta: content === undefined ? {} : { role: 'assistant', content }, finish_reason: finish }] })}\n\n`;
          const step = (): void => {
            if (res.destroyed) return;
            if (i < PIECES.length) {
              res.write(chunk(PIECES[i++], null));
              setTimeout(step, pieceDelayMs);
              return;
            }
            res.write(chunk(undefined, 'stop'));
            res.end('data: [DONE]\n\n');
          };
          setTimeout(step, firstTokenMs);
          return;
        }
        calls.structured++;
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            id: 'c',
            object: 'chat.completion',
            created: 1,
            model: 'test-model',
            choices: [{ index: 0, message: { role: 'assistant', content: 'pas du JSON' }, finish_reason: 'stop' }],
          }),
        );
        return;
      }
      res.writeHead(404, cors);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    kill: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const VOICED_LINE = PIECES.join('');
