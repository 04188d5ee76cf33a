import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AiConfig } from '../../src/ai/config.ts';
import { createChatModel } from '../../src/ai/providers.ts';
import { speakAsTenant, voiceSystemPrompt } from '../../src/ai/voice.ts';
import { createSession } from '../../src/core/dialogue/session.ts';
import { voiceGuard, voiceRequest, voiceable, type VoiceRequest } from '../../src/core/dialogue/voice-request.ts';
import type { CompiledScenario } from '../../src/core/dialogue/compiled.ts';
import { bundledScenarios } from '../helpers/scenarios.ts';
import { failOnUnhandledRejection, ollamaStream, openaiStream, startLoopback, type Loopback } from './helpers/loopback.ts';
import { realRequest, waterScenario } from './helpers/requests.ts';

/**
 * What actually leaves the device: the loopback servers record the exact request bodies the real
 * clients send for a real compiled scenario, mid-attempt. Released facts are there; hidden facts
 * not yet released, the rubric and the seniors' words are not (DESIGN: structure, not prompt
 * wording, keeps them secret). Checked independently of the AI layer's own matcher.
 */
failOnUnhandledRejection();

const fold = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/g, 'oe')
    .replace(/[’']/g, "'");
const hasWord = (text: string, word: string): boolean => new RegExp(`(^|[^a-z0-9])${fold(word).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z0-9]|$)`).test(fold(text));

/** Every text content of the messages of a recorded chat request (OpenAI or Ollama shape). */
function sentText(body: unknown): string {
  const messages = (body as { messages: Array<{ role: string; content: unknown }> }).messages;
  return messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('\n');
}

function secretsOf(c: CompiledScenario, released: ReadonlySet<string>) {
  const hidden = c.persona.hiddenFacts.filter((f) => !released.has(f.id));
  return {
    hiddenTexts: hidden.flatMap((f) => [f.text, ...f.say]),
    hiddenKeywords: hidden.flatMap((f) => f.keywords.map((k) => ({ fact: f.id, keyword: k }))),
    rubricTexts: c.rubric.criteria.flatMap((cr) => [cr.label, cr.note, ...('seniorWould' in cr && cr.seniorWould ? [cr.seniorWould] : [])]).filter((t): t is string => !!t),
  };
}

const servers: Record<'openai' | 'ollama', Loopback | undefined> = { openai: undefined, ollama: undefined };

beforeAll(async () => {
  servers.openai = await startLoopback(openaiStream(['Mon Dieu, ça tombe au milieu, la tache grandit encore !']));
  servers.ollama = await startLoopback(ollamaStream(['Mon Dieu, ça tombe au milieu, la tache grandit encore !']));
});
afterAll(async () => {
  await servers.openai?.close();
  await servers.ollama?.close();
});

async function send(provider: 'openai' | 'ollama', req: VoiceRequest, guard: ReturnType<typeof voiceGuard>): Promise<string> {
  const server = servers[provider] as Loopback;
  server.requests.length = 0;
  const config: AiConfig = { provider, baseUrl: provider === 'openai' ? `${server.url}/v1` : server.url, model: 'test-model', timeoutMs: 5_000 };
  const r = await speakAsTenant(await createChatModel(config), req, guard, { engine: `llm:${provider}/test-model` });
  expect(r.fallbackReason).toBeUndefined();
  expect(server.requests).toHaveLength(1);
  return sentText(server.requests[0]?.body);
}

describe('the tenant model’s context, as sent over the wire', () => {
  for (const provider of ['openai', 'ollama'] as const) {
    it(`${provider}: released facts in; unreleased facts, their keywords, the rubric and the seniors’ words out`, async () => {
      const { session, req, guard } = realRequest();
      const c = waterScenario();
      const released = new Set(session.snapshot().facts.map((f) => f.id));
      expect([...released]).toEqual(['vit-seule-cardiaque']);
      const sent = await send(provider, req, guard);

      for (const f of session.snapshot().facts) expect(sent).toContain(f.text);
      expect(sent).toContain(req.scripted);
      expect(sent).toContain(req.beat);

      const { hiddenTexts, hiddenKeywords, rubricTexts } = secretsOf(c, released);
      expect(hiddenKeywords.map((k) => k.fact).sort()).toEqual(['eau-pres-du-plafonnier', 'eau-pres-du-plafonnier', 'eau-pres-du-plafonnier', 'eau-pres-du-plafonnier', 'voisin-absent', 'voisin-absent', 'voisin-absent', 'voisin-absent']);
      for (const t of hiddenTexts) expect(sent).not.toContain(t);
      for (const { keyword } of hiddenKeywords) expect(hasWord(sent, keyword), keyword).toBe(false);
      for (const t of rubricTexts) expect(sent).not.toContain(t);
      for (const h of Object.values(c.states).map((s) => s.hint).filter((h): h is string => !!h)) expect(sent).not.toContain(h);
      expect(sent).not.toContain(c.briefing.objective);
    });
  }

  it('at the opening, no hidden fact, keyword or text, is sent', async () => {
    // The checker warns (hidden_keyword_public) when a secret's keyword is already in the public
    // persona; the bundled scenario is clean, so nothing secret at all may appear.
    const c = waterScenario();
    const session = createSession(c, { seed: 3, now: () => 0 });
    const line = session.snapshot().lastTenant.filter(voiceable).at(-1);
    if (!line) throw new Error('no opening line');
    const snap = session.snapshot();
    const req = voiceRequest(c, snap, line);
    const sent = await send('openai', req, voiceGuard(c, snap, req));
    const { hiddenTexts, hiddenKeywords } = secretsOf(c, new Set());
    for (const t of hiddenTexts) expect(sent).not.toContain(t);
    expect(hiddenKeywords.filter(({ keyword }) => hasWord(sent, keyword))).toEqual([]);
  });

  it('the prompt template itself contains no hidden-fact keyword of any bundled scenario', () => {
    const blank: VoiceRequest = {
      persona: { name: 'X', age: 1, household: '', situation: '', temperament: '', speech: '', goals: [] },
      beat: '',
      scripted: '',
      channel: 'telephone',
      mood: { name: 'humeur', value: 0, max: 10, label: undefined },
      releasedFacts: [],
      transcript: [],
      maxLength: 280,
    };
    const template = voiceSystemPrompt(blank);
    const hits = bundledScenarios().flatMap(({ file, compiled }) =>
      compiled.persona.hiddenFacts.flatMap((f) => f.keywords.filter((k) => hasWord(template, k)).map((k) => `${file}: ${f.id}/${k}`)),
    );
    expect(hits).toEqual([]);
  });
});
