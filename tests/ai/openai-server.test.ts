import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AiConfig } from '../../src/ai/config.ts';
import { proposeLevel } from '../../src/ai/judge.ts';
import { createChatModel } from '../../src/ai/providers.ts';
import { LlmUnderstanding, combineUnderstanding, asError } from '../../src/ai/understanding.ts';
import { speakAsTenant } from '../../src/ai/voice.ts';
import type { JudgeRequest } from '../../src/core/scoring/judge-request.ts';
import { closedPortUrl, failOnUnhandledRejection, hang, json, openaiCompletion, openaiStream, startLoopback, type Loopback } from './helpers/loopback.ts';
import { sampleGuard, sampleRequest } from './helpers/requests.ts';

/**
 * The real ChatOpenAI client against a loopback server speaking the chat-completions API: the
 * happy path and each fault ends in the documented fallback, with no unhandled rejection.
 */
failOnUnhandledRejection();

const LINE = 'Mon Dieu, ça tombe en plein milieu, la tache grandit, je ne sais plus quoi faire !';
let server: Loopback;

beforeAll(async () => {
  server = await startLoopback(openaiStream(['Mon Dieu, ', 'ça tombe en plein milieu, ', 'la tache grandit, ', 'je ne sais plus quoi faire !']));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

const config = (over: Partial<AiConfig> = {}): AiConfig => ({ provider: 'openai', baseUrl: `${server.url}/v1`, model: 'test-model', apiKey: 'sk-test', timeoutMs: 5_000, ...over });

async function voice(over: Partial<AiConfig> = {}, retry: { sleep?: (ms: number) => Promise<void> } = {}) {
  const c = config(over);
  const model = await createChatModel(c);
  const pieces: string[] = [];
  const result = await speakAsTenant(model, sampleRequest(), sampleGuard(), {
    engine: `llm:openai/${c.model}`,
    timeoutMs: c.timeoutMs,
    onToken: (t) => pieces.push(t),
    retry: { baseDelayMs: 5, random: () => 0.5, ...retry },
  });
  return { result, pieces };
}

describe('tenant voice through ChatOpenAI (SSE)', () => {
  it('streams the line and keeps it', async () => {
    const { result, pieces } = await voice();
    expect(result).toEqual({ text: LINE, engine: 'llm:openai/test-model' });
    expect(pieces.join('')).toBe(LINE);
    const req = server.requests[0];
    expect(req?.path).toBe('/v1/chat/completions');
    expect(req?.headers.authorization).toBe('Bearer sk-test');
    expect(req?.body).toMatchObject({ model: 'test-model', stream: true });
  });

  it('timeout → error:timeout', async () => {
    server.next(hang);
    const started = Date.now();
    const { result } = await voice({ timeoutMs: 300 });
    expect(result).toMatchObject({ engine: 'scripted', fallbackReason: 'error:timeout' });
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect.poll(() => server.requests[0]?.closed, { timeout: 2_000 }).toBe(true);
  });

  it('HTTP 400 → error:http-400, one attempt only', async () => {
    server.next(json(400, { error: { message: 'bad request', type: 'invalid_request_error' } }));
    const { result } = await voice();
    expect(result.fallbackReason).toBe('error:http-400');
    expect(server.count('/v1/chat/completions')).toBe(1);
  });

  it('HTTP 401 → error:http-401, not retried', async () => {
    server.next(json(401, { error: { message: 'Incorrect API key', type: 'invalid_request_error', code: 'invalid_api_key' } }));
    const { result } = await voice();
    expect(result.fallbackReason).toBe('error:http-401');
    expect(server.count('/v1/chat/completions')).toBe(1);
  });

  it('HTTP 500 → retried within bounds (3 attempts), then error:http-500', async () => {
    const fail = json(500, { error: { message: 'boom' } });
    server.next(fail, fail, fail);
    const { result } = await voice();
    expect(result.fallbackReason).toBe('error:http-500');
    expect(server.count('/v1/chat/completions')).toBe(3);
  });

  it('HTTP 502 once → retried, and the second attempt is kept', async () => {
    server.next(json(502, 'Bad Gateway'));
    const { result } = await voice();
    expect(result).toEqual({ text: LINE, engine: 'llm:openai/test-model' });
    expect(server.count('/v1/chat/completions')).toBe(2);
  });

  it('429 with Retry-After → waits what the server asked, then succeeds', async () => {
    const waits: number[] = [];
    const limited = json(429, { error: { message: 'Rate limit reached' } }, { 'Retry-After': '2' });
    server.next(limited, limited);
    const { result } = await voice({}, { sleep: async (ms) => void waits.push(ms) });
    expect(result).toEqual({ text: LINE, engine: 'llm:openai/test-model' });
    expect(server.count('/v1/chat/completions')).toBe(3);
    expect(waits).toEqual([2000, 2000]);
  });

  it('429 without Retry-After → exponential backoff with jitter, bounded', async () => {
    const waits: number[] = [];
    const limited = json(429, { error: { message: 'Rate limit reached' } });
    server.next(limited, limited, limited);
    const { result } = await voice({}, { sleep: async (ms) => void waits.push(ms) });
    expect(result.fallbackReason).toBe('error:http-429');
    expect(server.count('/v1/chat/completions')).toBe(3);
    // base 5 ms, random 0.5: 5/2 + 0.5·5/2 ≈ 4, then 10/2 + 0.5·10/2 = 7.5 → 8
    expect(waits).toEqual([4, 8]);
  });

  it('a stream cut mid-reply → error:stream-cut', async () => {
    server.next(openaiStream(['Mon Dieu, ', 'ça tombe '], { cut: true }));
    const { result, pieces } = await voice();
    expect(result).toMatchObject({ engine: 'scripted', fallbackReason: 'error:stream-cut' });
    expect(pieces.join('')).toBe('Mon Dieu, ça tombe');
  });

  it('a stream that ends cleanly but unfinished (no finish reason, no [DONE]) → error:stream-cut', async () => {
    server.next(openaiStream(['Mon Dieu, ', 'ça tombe en plein milieu'], { truncate: true }));
    const { result } = await voice();
    expect(result).toMatchObject({ engine: 'scripted', fallbackReason: 'error:stream-cut' });
  });

  it('the server stopping at its token limit (finish_reason length) → too-long', async () => {
    server.next(openaiStream(['Mon Dieu, ', 'ça tombe en plein milieu, et'], { finish: 'length' }));
    const { result } = await voice();
    expect(result).toMatchObject({ engine: 'scripted', fallbackReason: 'too-long' });
  });

  it('malformed JSON in the stream → error:bad-response', async () => {
    server.next(openaiStream(['Mon Dieu, '], { raw: ['data: {"id": "x", "choices": [\n\n'] }));
    const { result } = await voice();
    expect(result).toMatchObject({ engine: 'scripted', fallbackReason: 'error:bad-response' });
  });

  it('an unreachable server (closed port) → error:unreachable', async () => {
    const { result } = await voice({ baseUrl: `${await closedPortUrl()}/v1` });
    expect(result).toMatchObject({ engine: 'scripted', fallbackReason: 'error:unreachable' });
  });
});

describe('understanding and judge through ChatOpenAI (json_schema)', () => {
  const acts = [
    { id: 'greet', label: 'Se présenter', description: 'Donne son prénom et sa fonction.', polarity: 'good' as const },
    { id: 'blame', label: 'Culpabiliser', description: 'Rend le locataire responsable.', polarity: 'bad' as const },
  ];
  const text = 'Bonsoir madame, Karim, de la permanence.';

  it('reads a structured answer and sends the act ids as an enum', async () => {
    server.next(openaiCompletion(JSON.stringify({ acts: [{ act: 'greet', evidence: 'Karim, de la permanence', confidence: 0.9 }] })));
    const llm = new LlmUnderstanding(await createChatModel(config()), acts, { engine: 'llm:openai/test-model' });
    const r = await llm.understand(text);
    expect(r).toMatchObject({ acts: ['greet'], abstained: false, engine: 'llm:openai/test-model' });
    const body = server.requests[0]?.body as { response_format: { type: string; json_schema: { schema: unknown } }; stream?: boolean };
    expect(body.response_format.type).toBe('json_schema');
    expect(JSON.stringify(body.response_format.json_schema.schema)).toContain('"enum":["greet","blame"]');
  });

  it('malformed JSON from the server → the embedded result', async () => {
    server.next(json(200, '{"id": "chatcmpl-1", "choices": [ {"message": '));
    const llm = new LlmUnderstanding(await createChatModel(config()), acts, { engine: 'llm:openai/test-model' });
    const embedded = { acts: ['greet'], candidates: [{ act: 'greet', score: 0.8 }], abstained: false, engine: 'embedded' };
    const combined = combineUnderstanding(embedded, await llm.understand(text).catch(asError));
    expect(combined).toMatchObject({ engine: 'embedded', decision: 'llm-failed', llm: { error: 'bad-response' } });
  });

  it('content that is not the expected JSON → the embedded result', async () => {
    server.next(openaiCompletion('Bien sûr ! Voici les actes : greet.'));
    const llm = new LlmUnderstanding(await createChatModel(config()), acts, { engine: 'llm:openai/test-model' });
    const error = await llm.understand(text).catch(asError);
    expect(error).toBeInstanceOf(Error);
    expect(combineUnderstanding({ acts: [], candidates: [], abstained: true, engine: 'embedded' }, error as Error).decision).toBe('llm-failed');
  });

  it('judge: a proposal with verified quotes; HTTP 503 → discarded as error:http-503', async () => {
    const req: JudgeRequest = {
      criterion: { id: 'ton', label: 'Ton posé', levels: [{ id: 'correct', label: 'Correct', descriptor: 'Poli et clair.' }, { id: 'senior', label: 'Senior', descriptor: 'Une consigne à la fois.' }] },
      transcript: [
        { turn: 0, speaker: 'tenant', text: 'Allô ? Ça coule !' },
        { turn: 1, speaker: 'junior', text: 'Bonsoir madame, je vous écoute.' },
      ],
    };
    const model = await createChatModel(config());
    server.next(openaiCompletion(JSON.stringify({ level: 'correct', quotes: ['je vous écoute'], rationale: 'Poli.' })));
    expect(await proposeLevel(model, req, 'llm:openai/test-model')).toMatchObject({ criterionId: 'ton', levelId: 'correct', quotes: ['je vous écoute'] });
    const down = json(503, { error: { message: 'overloaded' } });
    server.next(down, down, down);
    const r = await proposeLevel(model, req, 'llm:openai/test-model', { retry: { baseDelayMs: 1 } });
    expect(r).toMatchObject({ discarded: 'error:http-503' });
    expect(server.count('/v1/chat/completions')).toBe(4);
  });
});
