import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatModel } from '../../src/ai/providers.ts';
import { speakAsTenant } from '../../src/ai/voice.ts';
import { failOnUnhandledRejection, hang, json, openaiStream, startLoopback, type Loopback } from './helpers/loopback.ts';
import { sampleGuard, sampleRequest } from './helpers/requests.ts';

failOnUnhandledRejection();

const SRC = 'src/ai';
const sources = readdirSync(SRC)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(SRC, f), 'utf8') }));
const staticImports = (text: string): string[] => [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1] as string);

describe('loading LangChain lazily', () => {
  it('no module of src/ai statically imports a provider package', () => {
    for (const { file, text } of sources) {
      expect(staticImports(text).filter((s) => /^@langchain\/(ollama|openai|mistralai)/.test(s)), file).toEqual([]);
    }
  });

  it('providers.ts loads each provider by dynamic import, and imports LangChain core for types only', () => {
    const text = sources.find((s) => s.file === 'providers.ts')?.text ?? '';
    expect(staticImports(text).filter((s) => s.startsWith('@langchain'))).toEqual([]);
    for (const pkg of ['@langchain/ollama', '@langchain/openai', '@langchain/mistralai']) expect(text).toContain(`await import('${pkg}')`);
  });

  it('what the settings screen and the debrief need carries no LangChain at all', () => {
    for (const file of ['config.ts', 'diagnose.ts', 'injection.ts', 'deadline.ts', 'failure.ts', 'retry.ts', 'voice-checks.ts']) {
      const text = sources.find((s) => s.file === file)?.text ?? '';
      expect(text, file).not.toMatch(/@langchain/);
    }
  });

  it('src/ai imports neither src/ui nor src/db', () => {
    for (const { file, text } of sources) expect(text, file).not.toMatch(/from '\.\.\/(ui|db)\//);
  });
});

describe('createChatModel', () => {
  let server: Loopback;
  beforeAll(async () => {
    server = await startLoopback(openaiStream(['Mon Dieu, ', 'ça coule toujours, ', 'je ne sais plus quoi faire !']));
  });
  afterAll(async () => {
    await server.close();
  });

  it('builds each provider’s client with LangChain retries off', async () => {
    const base = { model: 'm', apiKey: 'k', timeoutMs: 1_000 };
    const ollama = await createChatModel({ provider: 'ollama', baseUrl: server.url, ...base });
    const openai = await createChatModel({ provider: 'openai', baseUrl: `${server.url}/v1`, ...base });
    const mistral = await createChatModel({ provider: 'mistral', baseUrl: server.url, ...base });
    expect([ollama._llmType(), openai._llmType(), mistral._llmType()]).toEqual(['ollama', 'openai', 'mistral_ai']);
    for (const m of [ollama, openai]) expect((m.caller as unknown as { maxRetries: number }).maxRetries).toBe(0);
    expect((mistral as unknown as { maxRetries: number }).maxRetries).toBe(0);
  });

  it('Mistral: streams a line through the same chat-completions API (serverURL)', async () => {
    server.requests.length = 0;
    const model = await createChatModel({ provider: 'mistral', baseUrl: server.url, model: 'mistral-small-latest', apiKey: 'k', timeoutMs: 5_000 });
    const r = await speakAsTenant(model, sampleRequest(), sampleGuard(), { engine: 'llm:mistral/mistral-small-latest' });
    expect(r).toEqual({ text: 'Mon Dieu, ça coule toujours, je ne sais plus quoi faire !', engine: 'llm:mistral/mistral-small-latest' });
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', body: { model: 'mistral-small-latest', stream: true } });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer k');
  });

  it('Mistral: the timeout holds although the client does not pass the call’s signal to fetch', async () => {
    server.requests.length = 0;
    server.next(hang);
    const model = await createChatModel({ provider: 'mistral', baseUrl: server.url, model: 'm', apiKey: 'k', timeoutMs: 300 });
    const r = await speakAsTenant(model, sampleRequest(), sampleGuard(), { engine: 'llm:mistral/m', timeoutMs: 300 });
    expect(r.fallbackReason).toBe('error:timeout');
    await expect.poll(() => server.requests[0]?.closed, { timeout: 2_000 }).toBe(true);
  });

  it('Mistral: HTTP 500 is named and retried like the others', async () => {
    server.requests.length = 0;
    const fail = json(500, { message: 'boom' });
    server.next(fail, fail, fail);
    const model = await createChatModel({ provider: 'mistral', baseUrl: server.url, model: 'm', apiKey: 'k', timeoutMs: 5_000 });
    const r = await speakAsTenant(model, sampleRequest(), sampleGuard(), { engine: 'llm:mistral/m', retry: { baseDelayMs: 1 } });
    expect(r.fallbackReason).toBe('error:http-500');
    expect(server.count('/v1/chat/completions')).toBe(3);
  });
});
