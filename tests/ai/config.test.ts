import { describe, expect, it } from 'vitest';
import { DEFAULTS, PROVIDERS, defaultConfig, engineName, validateAiConfig, type AiConfigIssue } from '../../src/ai/config.ts';

const codes = (issues: AiConfigIssue[]) => issues.map((i) => `${i.field}:${i.code}`);

describe('AI configuration', () => {
  it('has a default per provider, Ollama on the loopback', () => {
    expect(defaultConfig('ollama')).toEqual({ provider: 'ollama', baseUrl: 'http://127.0.0.1:11434', model: 'mistral-nemo', timeoutMs: 60_000 });
    expect(defaultConfig('openai').baseUrl).toBe('http://127.0.0.1:8000/v1');
    expect(defaultConfig('mistral').baseUrl).toBe('https://api.mistral.ai');
    expect(Object.keys(DEFAULTS).sort()).toEqual([...PROVIDERS].sort());
    const a = defaultConfig('ollama');
    a.model = 'changed';
    expect(DEFAULTS.ollama.model).toBe('mistral-nemo');
  });

  it('names the engine for traces', () => {
    expect(engineName(defaultConfig('ollama'))).toBe('llm:ollama/mistral-nemo');
  });

  it('accepts a valid form, trimming and dropping the trailing slash and an empty key', () => {
    const r = validateAiConfig({ provider: 'openai', baseUrl: ' http://127.0.0.1:8000/v1/ ', model: ' qwen ', apiKey: '  ', timeoutMs: 30_000 });
    expect(r).toEqual({ ok: true, config: { provider: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen', timeoutMs: 30_000 }, warnings: [] });
  });

  it('locates each problem on its field, in French and English', () => {
    const r = validateAiConfig({ provider: 'ollama', baseUrl: 'localhost:11434', model: '', timeoutMs: 500 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(codes(r.issues)).toEqual(['baseUrl:base_url_protocol', 'model:model_required', 'timeoutMs:timeout_invalid']);
    for (const i of r.issues) {
      expect(i.message.length).toBeGreaterThan(10);
      expect(i.messageEn.length).toBeGreaterThan(10);
      expect(i.message).not.toBe(i.messageEn);
    }
  });

  it.each([
    [{ provider: 'anthropic' }, 'provider:provider_unknown'],
    [{ baseUrl: 'pas une adresse' }, 'baseUrl:base_url_invalid'],
    [{ baseUrl: '' }, 'baseUrl:base_url_required'],
    [{ baseUrl: 'ftp://127.0.0.1' }, 'baseUrl:base_url_protocol'],
    [{ timeoutMs: 1.5e3 + 0.5 }, 'timeoutMs:timeout_invalid'],
    [{ timeoutMs: 10 * 60_000 }, 'timeoutMs:timeout_invalid'],
    [{ timeoutMs: '30000' }, 'timeoutMs:timeout_invalid'],
    [{ provider: 'mistral', baseUrl: 'https://api.mistral.ai' }, 'apiKey:api_key_required'],
  ])('rejects %j', (over, expected) => {
    const r = validateAiConfig({ ...defaultConfig('ollama'), ...over });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(codes(r.issues)).toContain(expected);
  });

  it('warns (without blocking) when a key would travel over plain http to a remote host', () => {
    const remote = validateAiConfig({ provider: 'openai', baseUrl: 'http://llm.example.org/v1', model: 'm', apiKey: 'sk-1', timeoutMs: 30_000 });
    expect(remote.ok && codes(remote.warnings)).toEqual(['apiKey:api_key_cleartext']);
    const lan = validateAiConfig({ provider: 'openai', baseUrl: 'http://192.168.1.20:8000/v1', model: 'm', apiKey: 'sk-1', timeoutMs: 30_000 });
    expect(lan.ok && lan.warnings).toEqual([]);
  });
});
