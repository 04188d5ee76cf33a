import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AiConfig } from '../../src/ai/config.ts';
import { classifyHttpFailure, classifyNetworkFailure, testConnection } from '../../src/ai/diagnose.ts';
import { closedPortUrl, failOnUnhandledRejection, hang, json, openaiCompletion, startLoopback, type Behaviour, type Loopback } from './helpers/loopback.ts';

failOnUnhandledRejection();

let server: Loopback;
beforeAll(async () => {
  server = await startLoopback(json(404, 'not found'));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

const ollama = (over: Partial<AiConfig> = {}): AiConfig => ({ provider: 'ollama', baseUrl: server.url, model: 'mistral-nemo', timeoutMs: 2_000, ...over });
const openai = (over: Partial<AiConfig> = {}): AiConfig => ({ provider: 'openai', baseUrl: `${server.url}/v1`, model: 'qwen', apiKey: 'sk-1', timeoutMs: 2_000, ...over });
const tags = (names: string[]): Behaviour => json(200, { models: names.map((name) => ({ name, model: name })) });
const models = (ids: string[]): Behaviour => json(200, { object: 'list', data: ids.map((id) => ({ id, object: 'model' })) });

describe('testConnection against loopback servers', () => {
  it('Ollama: the model is there (`:latest` implied)', async () => {
    server.next(tags(['llama3.2:3b', 'mistral-nemo:latest']));
    const d = await testConnection(ollama());
    expect(d).toMatchObject({ ok: true, model: 'mistral-nemo' });
    expect(d.ok && d.latencyMs).toBeGreaterThanOrEqual(0);
    expect(d.message).toMatch(/Connexion réussie/);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/api/tags' });
  });

  it('Ollama: unknown model, with the models it has and how to pull', async () => {
    server.next(tags(['llama3.2:3b']));
    const d = await testConnection(ollama());
    expect(d).toMatchObject({ ok: false, cause: 'unknown-model' });
    expect(d.message).toContain('llama3.2:3b');
    expect(d.message).toContain('ollama pull mistral-nemo');
    expect(d.messageEn).toContain('does not have the model');
  });

  it('OpenAI-compatible: 401 → unauthorized, with the key sent as a bearer token', async () => {
    server.next(json(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } }));
    const d = await testConnection(openai());
    expect(d).toMatchObject({ ok: false, cause: 'unauthorized', status: 401 });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-1');
    expect(d.message).toMatch(/clé d’API/);
  });

  it('OpenAI-compatible: 403 → unauthorized', async () => {
    server.next(json(403, { error: { message: 'forbidden' } }));
    expect(await testConnection(openai())).toMatchObject({ ok: false, cause: 'unauthorized', status: 403 });
  });

  it('OpenAI-compatible: a model list without the model → unknown-model', async () => {
    server.next(models(['Qwen/Qwen2.5-7B-Instruct']));
    const d = await testConnection(openai());
    expect(d).toMatchObject({ ok: false, cause: 'unknown-model' });
    expect(d.message).toContain('Qwen/Qwen2.5-7B-Instruct');
  });

  it('OpenAI-compatible: no model list → one-token completion; 404 model_not_found → unknown-model', async () => {
    server.next(json(404, 'Not Found'), json(404, { error: { message: 'The model `qwen` does not exist', type: 'invalid_request_error', code: 'model_not_found' } }));
    const d = await testConnection(openai());
    expect(d).toMatchObject({ ok: false, cause: 'unknown-model', status: 404 });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models', 'POST /v1/chat/completions']);
    expect(server.requests[1]?.body).toMatchObject({ model: 'qwen', max_tokens: 1 });
  });

  it('OpenAI-compatible: no model list, the completion works → ok', async () => {
    server.next(json(404, 'Not Found'), openaiCompletion('B'));
    expect(await testConnection(openai())).toMatchObject({ ok: true, model: 'qwen' });
  });

  it('Mistral: lists models under /v1', async () => {
    server.next(models(['mistral-small-latest']));
    const d = await testConnection({ provider: 'mistral', baseUrl: server.url, model: 'mistral-small-latest', apiKey: 'k', timeoutMs: 2_000 });
    expect(d.ok).toBe(true);
    expect(server.requests[0]?.path).toBe('/v1/models');
  });

  it('timeout → timeout', async () => {
    server.next(hang);
    const started = Date.now();
    const d = await testConnection(ollama({ timeoutMs: 200 }));
    expect(d).toMatchObject({ ok: false, cause: 'timeout' });
    expect(d.message).toContain('0.2 s');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a closed port → unreachable', async () => {
    const d = await testConnection(ollama({ baseUrl: await closedPortUrl() }));
    expect(d).toMatchObject({ ok: false, cause: 'unreachable' });
    expect(d.message).toContain('ollama serve');
  });

  it('an answer that is not this provider’s → bad-response', async () => {
    server.next(json(200, '<html>Welcome to nginx</html>'));
    expect(await testConnection(ollama())).toMatchObject({ ok: false, cause: 'bad-response' });
  });

  it('another HTTP error → http', async () => {
    server.next(json(500, { error: 'boom' }));
    expect(await testConnection(ollama())).toMatchObject({ ok: false, cause: 'http', status: 500 });
  });
});

describe('CORS (only observable in a browser)', () => {
  it('classifies a network failure by the no-cors probe', () => {
    expect(classifyNetworkFailure('opaque')).toBe('cors');
    expect(classifyNetworkFailure('failed')).toBe('unreachable');
    expect(classifyNetworkFailure('skipped')).toBe('unreachable');
  });

  it('with a browser-like fetch: blocked request, opaque probe → cors, with the OLLAMA_ORIGINS advice', async () => {
    const calls: Array<RequestInit | undefined> = [];
    const browserFetch = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      calls.push(init);
      if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const d = await testConnection(ollama(), { fetch: browserFetch, corsProbe: true, origin: 'https://palier.example' });
    expect(d).toMatchObject({ ok: false, cause: 'cors' });
    expect(d.message).toContain('OLLAMA_ORIGINS=https://palier.example');
    expect(d.messageEn).toContain('OLLAMA_ORIGINS=https://palier.example');
    expect(calls.map((c) => c?.mode)).toEqual([undefined, 'no-cors']);
  });

  it('with a browser-like fetch: both requests fail → unreachable', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await testConnection(openai(), { fetch: down, corsProbe: true })).toMatchObject({ ok: false, cause: 'unreachable' });
  });
});

describe('classifyHttpFailure', () => {
  it.each([
    [401, '', 'unauthorized'],
    [403, '', 'unauthorized'],
    [404, '{"error":"model \'mistral-nemo\' not found"}', 'unknown-model'],
    [404, '{"error":{"message":"The model `x` does not exist","code":"model_not_found"}}', 'unknown-model'],
    [404, '{"object":"error","message":"The model `x` does not exist.","type":"NotFoundError","code":404}', 'unknown-model'],
    [400, '{"error":{"message":"x","code":"model_not_found"}}', 'unknown-model'],
    [404, 'Not Found', 'http'],
    [500, '{"error":"boom"}', 'http'],
  ] as const)('%i %s → %s', (status, body, cause) => {
    expect(classifyHttpFailure(status, body)).toBe(cause);
  });
});

describe('mixed content', () => {
  it('an https page and a plain-http remote server: the unreachable message says why', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const d = await testConnection(openai({ baseUrl: 'http://llm.example.org/v1' }), { fetch: down, corsProbe: true, origin: 'https://palier.example' });
    expect(d).toMatchObject({ ok: false, cause: 'unreachable' });
    expect(d.message).toContain('https');
    const local = await testConnection(ollama({ baseUrl: 'http://127.0.0.1:1' }), { fetch: down, corsProbe: true, origin: 'https://palier.example' });
    expect(local.message).not.toContain('servi en https');
  });
});
