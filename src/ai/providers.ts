import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { engineName, type AiConfig } from './config.ts';

/**
 * The LangChain client for a configuration. Each provider package is loaded by dynamic import
 * only, on the first call: the first screen never pays for LangChain (≈ 180–240 KB gzip per
 * provider, STACK.md), and a user without AI never loads it at all.
 *
 * - `maxRetries: 0`: our own bounded retry (retry.ts) applies one policy and one total budget to
 *   every provider; LangChain's AsyncCaller would otherwise retry 6 times with its own backoff.
 * - The timeout is enforced with an AbortSignal on every HTTP request, through the one hook each
 *   client offers (`configuration.fetch` for openai, `fetch` for ollama, a `beforeRequest` hook
 *   for Mistral's SDK). It matters because ChatOllama and ChatMistralAI do not pass the call's
 *   signal down to `fetch`: without it a hung server would keep a socket open forever. The
 *   functions of this layer also race each call against their own deadline (deadline.ts).
 */
export interface ChatModelOptions {
  /** The fetch to use (tests, or a proxying fetch); defaults to the global one. */
  fetch?: typeof fetch;
  temperature?: number;
}

/**
 * @example
 * const model = await createChatModel(config);
 * const line = await speakAsTenant(model, req, guard, { engine: engineName(config), timeoutMs: config.timeoutMs });
 */
export async function createChatModel(config: AiConfig, options: ChatModelOptions = {}): Promise<BaseChatModel> {
  const baseFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const timedFetch = withTimeout(baseFetch, config.timeoutMs);
  const temperature = options.temperature ?? 0.7;
  switch (config.provider) {
    case 'ollama': {
      const { ChatOllama } = await import('@langchain/ollama');
      return new ChatOllama({
        model: config.model,
        baseUrl: config.baseUrl,
        maxRetries: 0,
        temperature,
        fetch: timedFetch,
        // An Ollama behind an authenticating reverse proxy.
        ...(config.apiKey ? { headers: { Authorization: `Bearer ${config.apiKey}` } } : {}),
      });
    }
    case 'openai': {
      const { ChatOpenAI } = await import('@langchain/openai');
      return new ChatOpenAI({
        model: config.model,
        // Local servers (vLLM, LM Studio, llama.cpp) take any key; the openai SDK refuses none.
        apiKey: config.apiKey || 'no-key',
        maxRetries: 0,
        timeout: config.timeoutMs,
        temperature,
        // `stream_options` is rejected by some OpenAI-compatible servers.
        streamUsage: false,
        configuration: { baseURL: config.baseUrl, fetch: timedFetch, dangerouslyAllowBrowser: true },
      });
    }
    case 'mistral': {
      const { ChatMistralAI } = await import('@langchain/mistralai');
      const timeoutMs = config.timeoutMs;
      return new ChatMistralAI({
        model: config.model,
        apiKey: config.apiKey ?? '',
        serverURL: config.baseUrl,
        maxRetries: 0,
        temperature,
        streamUsage: false,
        beforeRequestHooks: [(req: Request) => new Request(req, { signal: anySignal([req.signal, AbortSignal.timeout(timeoutMs)]) })],
      });
    }
  }
}

/** The engine name and budget to pass along with a model created from `config`. */
export function callSettings(config: AiConfig): { engine: string; timeoutMs: number } {
  return { engine: engineName(config), timeoutMs: config.timeoutMs };
}

/** A fetch whose every request aborts after `ms`, on top of the caller's own signal. */
export function withTimeout(base: typeof fetch, ms: number): typeof fetch {
  return (input: RequestInfo | URL, init?: RequestInit) => {
    const own = init?.signal ?? (typeof Request !== 'undefined' && input instanceof Request ? input.signal : undefined);
    const signal = anySignal([own ?? undefined, AbortSignal.timeout(ms)]);
    return base(input, { ...init, signal });
  };
}

function anySignal(signals: Array<AbortSignal | undefined>): AbortSignal {
  const list = signals.filter((s): s is AbortSignal => s !== undefined);
  if (list.length === 1) return list[0] as AbortSignal;
  return AbortSignal.any(list);
}
