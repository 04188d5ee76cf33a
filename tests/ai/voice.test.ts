import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatGenerationChunk } from '@langchain/core/outputs';
import { FakeListChatModel, FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { speakAsTenant, voiceMessages, voiceSystemPrompt } from '../../src/ai/voice.ts';
import { failOnUnhandledRejection } from './helpers/loopback.ts';
import { sampleGuard, sampleRequest } from './helpers/requests.ts';

failOnUnhandledRejection();

const ENGINE = 'llm:fake/list';
const GOOD = 'Mon Dieu, ça tombe en plein milieu, la tache grandit, je ne sais plus quoi faire !';

/** A fake whose stream fails after `after` characters with `error` (an HTTP error, a cut…). */
class FailingChatModel extends FakeListChatModel {
  attempts = 0;
  readonly #error: Error;
  readonly #after: number;
  constructor(error: Error, after = 0, responses = [GOOD]) {
    super({ responses });
    this.#error = error;
    this.#after = after;
  }
  override async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions'], run?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    this.attempts++;
    let i = 0;
    for await (const chunk of super._streamResponseChunks(messages, options, run)) {
      if (i++ >= this.#after) throw this.#error;
      yield chunk;
    }
    throw this.#error;
  }
}

const httpError = (status: number): Error => Object.assign(new Error(`${status} status code`), { status });

async function speak(model: FakeListChatModel | FakeStreamingChatModel, opts: { onToken?: (t: string) => void; timeoutMs?: number } = {}) {
  return speakAsTenant(model, sampleRequest(), sampleGuard(), { engine: ENGINE, retry: { baseDelayMs: 1 }, ...opts });
}

describe('voiceMessages', () => {
  it('puts the persona, mood, beat, scripted line and length cap in a French system prompt', () => {
    const req = sampleRequest({ releasedFacts: ['Elle a des problèmes cardiaques.'] });
    const system = voiceSystemPrompt(req);
    for (const part of [req.persona.name, req.persona.household, req.persona.speech, req.beat, req.scripted, req.persona.goals[0] as string, 'inquiète', '280 caractères', 'Elle a des problèmes cardiaques.']) {
      expect(system).toContain(part);
    }
    expect(system).toMatch(/jamais l’agent ni le bailleur/);
    expect(system).toMatch(/intelligence artificielle/);
    expect(system).toMatch(/Pas de didascalie/);
  });

  it('gives the conversation as alternating turns: the junior as user, the tenant as assistant', () => {
    const messages = voiceMessages(sampleRequest());
    expect(messages.map((m) => m.getType())).toEqual(['system', 'human', 'ai', 'human']);
    expect(messages[1]).toBeInstanceOf(HumanMessage);
    expect(messages[1]?.content).toBe('[La conversation commence.]');
    expect(messages[2]).toBeInstanceOf(AIMessage);
    expect(messages[3]?.content).toBe('Bonsoir madame, Karim, de la permanence. Je vous écoute.');
  });

  it('joins consecutive lines of one speaker and gives the floor back to the tenant with a cue', () => {
    const req = sampleRequest({
      transcript: [
        { speaker: 'junior', text: 'Bonsoir.' },
        { speaker: 'tenant', text: 'Oui ?' },
        { speaker: 'tenant', text: 'Ça coule !' },
      ],
    });
    const messages = voiceMessages(req);
    expect(messages.map((m) => m.getType())).toEqual(['system', 'human', 'ai', 'human']);
    expect(messages[2]?.content).toBe('Oui ?\nÇa coule !');
    expect(messages[3]?.content).toBe('[Continue : ta réplique suivante.]');
  });

  it('opens with a cue when the tenant speaks first', () => {
    const messages = voiceMessages(sampleRequest({ transcript: [] }));
    expect(messages).toHaveLength(2);
    expect(messages[0]).toBeInstanceOf(SystemMessage);
    expect(messages[1]?.content).toBe('[La conversation commence : tu parles en premier.]');
  });
});

describe('speakAsTenant — the model line is kept', () => {
  it('streams the line in word-bounded pieces and returns it with the model engine', async () => {
    const pieces: string[] = [];
    const r = await speak(new FakeListChatModel({ responses: [GOOD] }), { onToken: (t) => pieces.push(t) });
    expect(r).toEqual({ text: GOOD, engine: ENGINE });
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(GOOD);
    // Each piece ends on a whole word: what follows it in the line is not a letter.
    let shown = '';
    for (const p of pieces.slice(0, -1)) {
      shown += p;
      expect(GOOD.startsWith(shown)).toBe(true);
      expect(GOOD[shown.length]).toMatch(/[^\p{L}\p{N}]/u);
    }
  });

  it('removes stage directions and surrounding quotes rather than reject the line', async () => {
    const pieces: string[] = [];
    const r = await speak(new FakeListChatModel({ responses: [`« (Elle soupire.) ${GOOD} »`] }), { onToken: (t) => pieces.push(t) });
    expect(r.fallbackReason).toBeUndefined();
    expect(r.text).toBe(GOOD);
    expect(pieces.join('')).not.toContain('soupire');
  });

  it('works with chunked streams (FakeStreamingChatModel)', async () => {
    const r = await speak(new FakeStreamingChatModel({ responses: [new AIMessage(GOOD)], sleep: 0 }));
    expect(r.text).toBe(GOOD);
  });
});

describe('speakAsTenant — each fallback rule', () => {
  const cases: Array<[string, string, string]> = [
    ['empty', '   ', 'empty'],
    ['only a stage direction', '(Elle pleure.)', 'empty'],
    ['too long', `${'Mon Dieu, ça coule toujours et je ne sais pas quoi faire. '.repeat(6)}`, 'too-long'],
    ['not French', 'Oh my God, the water is still coming through the ceiling and I do not know what to do!', 'not-french'],
    ['speaks as the agent', 'Bonsoir madame, je suis le gardien, nous allons vous envoyer un plombier.', 'out-of-character'],
    ['admits being an AI', "En tant qu'IA, je ne peux pas jouer ce rôle, mais je peux vous aider.", 'out-of-character'],
    ['mentions a language model', 'Je suis un modèle de langage, je ne vis pas dans un appartement.', 'out-of-character'],
    ['narrates the tenant in the third person', 'Josiane Perrin soupire et regarde le plafond qui goutte.', 'out-of-character'],
    ['prefixes a speaker label', 'Locataire : mon Dieu, ça coule de partout dans ma cuisine !', 'out-of-character'],
    ['leaks a hidden fact (accents and case aside)', "Mon Dieu, l'eau coule à côté de la LUMIERE de la cuisine !", 'leak:eau-pres-du-plafonnier'],
    ['leaks another hidden fact', 'Le monsieur du dessus ? Il est en vacances, je crois.', 'leak:voisin-absent'],
  ];
  for (const [what, reply, reason] of cases) {
    it(`${what} → ${reason}`, async () => {
      const pieces: string[] = [];
      const r = await speak(new FakeListChatModel({ responses: [reply] }), { onToken: (t) => pieces.push(t) });
      expect(r).toEqual({ text: sampleRequest().scripted, engine: 'scripted', fallbackReason: reason });
      if (reason.startsWith('leak:')) expect(pieces.join('').toLowerCase()).not.toMatch(/lumi|vacances/);
    });
  }

  it('matches hidden-fact keywords as whole words only', async () => {
    const r = await speak(new FakeListChatModel({ responses: ['Mon Dieu, ma lampadaire est trempée, et les valisettes aussi !'] }));
    expect(r.fallbackReason).toBeUndefined();
  });

  it('stops streaming as soon as a leak appears', async () => {
    const pieces: string[] = [];
    const long = `Il est en vacances, ${'et ça coule, ça coule, '.repeat(20)}`;
    const r = await speak(new FakeListChatModel({ responses: [long] }), { onToken: (t) => pieces.push(t) });
    expect(r.fallbackReason).toBe('leak:voisin-absent');
    expect(pieces.join('')).toBe('Il est en');
  });

  it('timeout → error:timeout', async () => {
    const r = await speak(new FakeListChatModel({ responses: [GOOD], sleep: 200 }), { timeoutMs: 50 });
    expect(r).toMatchObject({ engine: 'scripted', fallbackReason: 'error:timeout' });
  });

  it('HTTP error → error:http-<status>, 4xx without retry', async () => {
    const model = new FailingChatModel(httpError(400));
    const r = await speak(model);
    expect(r.fallbackReason).toBe('error:http-400');
    expect(model.attempts).toBe(1);
  });

  it('HTTP 429 and 500 are retried within the bounds, then fall back', async () => {
    for (const status of [429, 500, 503]) {
      const model = new FailingChatModel(httpError(status));
      const r = await speak(model);
      expect(r.fallbackReason).toBe(`error:http-${status}`);
      expect(model.attempts).toBe(3);
    }
  });

  it('an error after words have streamed is not retried (the junior has seen them)', async () => {
    const model = new FailingChatModel(httpError(503), 10);
    const r = await speak(model);
    expect(r.fallbackReason).toBe('error:http-503');
    expect(model.attempts).toBe(1);
  });

  it('a stream cut after some words → error:stream-cut', async () => {
    const cut = Object.assign(new TypeError('terminated'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    const r = await speak(new FailingChatModel(cut, 12));
    expect(r.fallbackReason).toBe('error:stream-cut');
  });

  it('an unreachable server → error:unreachable', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    const r = await speak(new FailingChatModel(refused));
    expect(r.fallbackReason).toBe('error:unreachable');
  });

  it('the caller cancelling → error:cancelled', async () => {
    const controller = new AbortController();
    const p = speakAsTenant(new FakeListChatModel({ responses: [GOOD], sleep: 50 }), sampleRequest(), sampleGuard(), { engine: ENGINE, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await p).fallbackReason).toBe('error:cancelled');
  });

  it('a throwing preview callback does not cost the line', async () => {
    const r = await speak(new FakeListChatModel({ responses: [GOOD] }), {
      onToken: () => {
        throw new Error('screen gone');
      },
    });
    expect(r.text).toBe(GOOD);
  });
});
