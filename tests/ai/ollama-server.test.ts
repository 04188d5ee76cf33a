import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AiConfig } from '../../src/ai/config.ts';
import { proposeLevel } from '../../src/ai/judge.ts';
import { createChatModel } from '../../src/ai/providers.ts';
import { CombinedUnderstanding, LlmUnderstanding } from '../../src/ai/understanding.ts';
import { speakAsTenant } from '../../src/ai/voice.ts';
import { EmbeddedUnderstanding } from '../../src/core/understanding/embedded.ts';
import type { JudgeRequest } from '../../src/core/scoring/judge-request.ts';
import { closedPortUrl, failOnUnhandledRejection, hang, json, ollamaStream, startLoopback, type Loopback } from './helpers/loopback.ts';
import { sampleGuard, sampleRequest } from './helpers/requests.ts';

/**
 * The real ChatOllama client against a loopback `/api/chat` answering NDJSON (ChatOllama always
 * asks for a stream, even for invoke and structured output).
 */
failOnUnhandledRejection();

const LINE = 'Mon Dieu, ça tombe en plein milieu, la tache grandit !';
let server: Loopback;

beforeAll(async () => {
  server = await startLoopback(ollamaStream(['Mon Dieu, ', 'ça tombe en plein milieu, ', 'la tache grandit !']));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

const config = (over: Partial<AiConfig> = {}): AiConfig => ({ provider: 'ollama', baseUrl: server.url, model: 'mistral-nemo', timeoutMs: 5_000, ...over });

async function voice(over: Partial<AiConfig> = {}, sleep?: (ms: number) => Promise<void>) {
  const c = config(over);
  const pieces: string[] = [];
  const result = await speakAsTenant(await createChatModel(c), sampleRequest(), sampleGuard(), {
    engine: `llm:ollama/${c.model}`,
    timeoutMs: c.timeoutMs,
    onToken: (t) => pieces.push(t),
    retry: { baseDelayMs: 5, random: () => 0, ...(sleep ? { sleep } : {}) },
  });
  return { result, pieces };
}

describe('tenant voice through ChatOllama (NDJSON)', () => {
  it('streams the line and keeps it', async () => {
    const { result, pieces } = await voice();
    expect(result).toEqual({ text: LINE, engine: 'llm:ollama/mistral-nemo' });
    expect(pieces.join('')).toBe(LINE);
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/api/chat', body: { model: 'mistral-nemo', stream: true } });
    const messages = (server.requests[0]?.body as { messages: Array<{ role: string }> }).messages;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
  });

  it('timeout → error:timeout (ChatOllama does not pass the signal to fetch: our race and fetch timeout do)', async () => {
    server.next(hang);
    const started = Date.now();
    const { result } = await voice({ timeoutMs: 300 });
    expect(result).toMatchObject({ engine: 'scripted', fallbackReason: 'error:timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
    // The provider-level fetch timeout closes the hung connection: no socket left behind.
    await expect.poll(() => server.requests[0]?.closed, { timeout: 2_000 }).toBe(true);
  });

  it('404 model not found → error:http-404, not retried', async () => {
    server.next(json(404, { error: 'model "mistral-nemo" not found, try pulling it first' }));
    const { result } = await voice();
    expect(result.fallbackReason).toBe('error:http-404');
    expect(server.count('/api/chat')).toBe(1);
  });

  it('HTTP 500 → retried within bounds, then error:http-500', async () => {
    const fail = json(500, { error: 'llama runner process has terminated' });
    server.next(fail, fail, fail);
    const { result } = await voice();
    expect(result.fallbackReason).toBe('error:http-500');
    expect(server.count('/api/chat')).toBe(3);
  });

  it('429 → exponential backoff (Ollama exposes no Retry-After), then success', async () => {
    const waits: number[] = [];
    const busy = json(429, { error: 'server busy, please try again' });
    server.next(busy, busy);
    const { result } = await voice({}, async (ms) => void waits.push(ms));
    expect(result.text).toBe(LINE);
    expect(server.count('/api/chat')).toBe(3);
    // base 5 ms, random 0: half of 5, then half of 10
    expect(waits).toEqual([3, 5]);
  });

  it('a stream cut mid-reply → error:stream-cut', async () => {
    server.next(ollamaStream(['Mon Dieu, ', 'ça tombe '], { cut: true }));
    const { result, pieces } = await voice();
    expect(result).toMatchObject({ engine: 'scripted', fallbackReason: 'error:stream-cut' });
    expect(pieces.join('')).toBe('Mon Dieu, ça tombe');
  });

  it('a stream that ends without `done` → error:stream-cut', async () => {
    server.next(ollamaStream(['Mon Dieu, ', 'ça tombe'], { noDone: true }));
    const { result } = await voice();
    expect(result).toMatchObject({ engine: 'scripted', fallbackReason: 'error:stream-cut' });
  });

  it('malformed NDJSON lines are skipped by the client; a stream of only those → error:stream-cut', async () => {
    server.next(ollamaStream([], { raw: ['{"model": "x", "message": {\n', 'not json at all\n'], noDone: true }));
    const { result } = await voice();
    expect(result).toMatchObject({ engine: 'scripted', fallbackReason: 'error:stream-cut' });
  });

  it('an unreachable server (closed port) → error:unreachable', async () => {
    const { result } = await voice({ baseUrl: await closedPortUrl() });
    expect(result).toMatchObject({ engine: 'scripted', fallbackReason: 'error:unreachable' });
  });
});

describe('understanding and judge through ChatOllama (format: JSON Schema)', () => {
  const acts = [
    { id: 'greet', label: 'Se présenter', description: 'Donne son prénom et sa fonction.', polarity: 'good' as const },
    { id: 'safety-check', label: 'Vérifier la sécurité', description: 'Demande s’il y a un danger.', polarity: 'good' as const },
  ];

  it('the model’s confident reading is used where the embedded engine abstains', async () => {
    const text = 'Bonsoir, Karim à l’appareil. L’eau touche-t-elle une prise ?';
    const answer = JSON.stringify({ acts: [{ act: 'safety-check', evidence: 'L’eau touche-t-elle une prise', confidence: 0.95 }] });
    server.next(ollamaStream([answer.slice(0, 20), answer.slice(20)]));
    // A tiny training set: the embedded engine does not recognise the paraphrase.
    const embedded = new EmbeddedUnderstanding({ greet: ['Bonjour, je suis la gardienne'], 'safety-check': ['Coupez le disjoncteur'] });
    const engine = new CombinedUnderstanding(embedded, new LlmUnderstanding(await createChatModel(config()), acts, { engine: 'llm:ollama/mistral-nemo' }));
    const r = await engine.understand(text);
    expect(r.embedded.abstained).toBe(true);
    expect(r).toMatchObject({ acts: ['safety-check'], engine: 'llm:ollama/mistral-nemo', decision: 'llm-more-confident' });
    const body = server.requests[0]?.body as { format: { properties: { acts: { items: { properties: { act: { enum: string[] } } } } } } };
    expect(body.format.properties.acts.items.properties.act.enum).toEqual(['greet', 'safety-check']);
  });

  it('a judge quote that is not in the transcript → discarded', async () => {
    const req: JudgeRequest = {
      criterion: { id: 'ton', label: 'Ton posé', levels: [{ id: 'correct', label: 'Correct', descriptor: 'Poli et clair.' }] },
      transcript: [{ turn: 1, speaker: 'junior', text: 'Bonsoir madame, je vous écoute.' }],
    };
    server.next(ollamaStream([JSON.stringify({ level: 'correct', quotes: ['je comprends votre inquiétude'], rationale: 'Empathique.' })]));
    expect(await proposeLevel(await createChatModel(config()), req, 'llm:ollama/mistral-nemo')).toEqual({ discarded: 'quote-not-found' });
  });
});
