import { describe, expect, it } from 'vitest';
import { deadline } from '../../src/ai/deadline.ts';
import { AiError, failureCode, httpStatusOf, retryAfterMsOf } from '../../src/ai/failure.ts';

const withCause = <T extends Error>(e: T, cause: unknown): T => Object.assign(e, { cause });

describe('failureCode', () => {
  it('names HTTP errors of each client by their status', () => {
    expect(failureCode(Object.assign(new Error('500 status code'), { status: 500 }))).toBe('http-500'); // openai
    expect(failureCode(Object.assign(new Error('model not found'), { status_code: 404 }))).toBe('http-404'); // ollama
    expect(failureCode(Object.assign(new Error('API error'), { statusCode: 429 }))).toBe('http-429'); // mistral
    expect(httpStatusOf(new Error('outer', { cause: { response: { status: 503 } } }))).toBe(503);
  });

  it('tells unreachable (no connection) from a cut stream (connection broken)', () => {
    const refused = withCause(new TypeError('fetch failed'), Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect(failureCode(refused)).toBe('unreachable');
    expect(failureCode(new Error('Connection error.', { cause: refused }))).toBe('unreachable'); // openai's wrapper
    expect(failureCode(new TypeError('Failed to fetch'))).toBe('unreachable'); // a browser
    expect(failureCode(new TypeError('Failed to fetch'), { streamed: true })).toBe('stream-cut');
    expect(failureCode(withCause(new TypeError('terminated'), Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })))).toBe('stream-cut');
    expect(failureCode(new Error('Did not receive done or success response in stream.'))).toBe('stream-cut'); // ollama
  });

  it('names timeouts from our deadline first, whatever the client made of the abort', async () => {
    const d = deadline(5);
    await new Promise((r) => setTimeout(r, 20));
    expect(failureCode(Object.assign(new Error('Request was aborted.'), { name: 'AbortError' }), { deadline: d })).toBe('timeout');
    d.dispose();
    expect(failureCode(Object.assign(new Error('Request timed out.'), { name: 'TimeoutError' }))).toBe('timeout');
  });

  it('names cancellation by the caller', () => {
    const c = new AbortController();
    const d = deadline(10_000, c.signal);
    c.abort();
    expect(failureCode(new Error('aborted'), { deadline: d })).toBe('cancelled');
    d.dispose();
  });

  it('names malformed answers bad-response, keeps AiError codes, and falls back to unknown', () => {
    expect(failureCode(new SyntaxError('Unexpected token < in JSON at position 0'))).toBe('bad-response');
    expect(failureCode(Object.assign(new Error('Failed to parse. Text: "oops"'), { name: 'OutputParserException' }))).toBe('bad-response');
    expect(failureCode(new AiError('http-502'))).toBe('http-502');
    expect(failureCode(new Error('something odd'))).toBe('unknown');
  });
});

describe('retryAfterMsOf', () => {
  it('reads Headers objects and plain header records', () => {
    expect(retryAfterMsOf({ headers: new Headers({ 'Retry-After': '3' }) })).toBe(3000);
    expect(retryAfterMsOf({ headers: { 'retry-after-ms': '120' } })).toBe(120);
    expect(retryAfterMsOf({ rawResponse: { headers: new Headers({ 'retry-after': '1.5' }) } })).toBe(1500);
    expect(retryAfterMsOf(new Error('no headers'))).toBeUndefined();
  });
});
