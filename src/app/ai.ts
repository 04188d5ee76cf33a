import type { AiConfig } from '../ai/config.ts';
import type { CompiledScenario } from '../core/dialogue/compiled.ts';
import type { TenantLine } from '../core/dialogue/trace.ts';
import { voiceable, voiceGuard, voiceRequest } from '../core/dialogue/voice-request.ts';
import { judgeRequest, type JudgeProposal } from '../core/scoring/judge-request.ts';
import type { EmbeddedUnderstanding } from '../core/understanding/embedded.ts';
import type { UnderstandingResult } from '../core/understanding/understanding.ts';
import type { PalierDatabase } from '../db/db.ts';
import type { PracticeRun } from './practice.ts';
import { storedAttempt } from './card-texts.ts';

/**
 * The optional AI provider, as the app uses it: its settings on the device (the API key apart,
 * never exported), and an attempt's AI support — the tenant's voice, the reading of free text and
 * proposals for judged criteria — loaded only when an AI attempt starts (LangChain is heavy) and
 * switched off for the rest of the attempt at its first failure, the embedded engines taking over.
 */

const CONFIG = 'ai:config';
// The key's name marks it as a secret: data exports skip such settings (see profiles.ts).
const API_KEY = 'ai:api-key';

/** The provider configured on this device, if any. */
export async function loadAiConfig(db: PalierDatabase): Promise<AiConfig | undefined> {
  const stored = (await db.settings.get(CONFIG))?.value as Omit<AiConfig, 'apiKey'> | undefined;
  if (!stored) return undefined;
  const apiKey = (await db.settings.get(API_KEY))?.value;
  return typeof apiKey === 'string' && apiKey.length > 0 ? { ...stored, apiKey } : { ...stored };
}

/** Saves the provider (or removes it with `undefined`); the key is stored apart. */
export async function saveAiConfig(db: PalierDatabase, config: AiConfig | undefined): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    if (!config) {
      await db.settings.bulkDelete([CONFIG, API_KEY]);
      return;
    }
    const { apiKey, ...rest } = config;
    await db.settings.put({ key: CONFIG, value: rest });
    if (apiKey) await db.settings.put({ key: API_KEY, value: apiKey });
    else await db.settings.delete(API_KEY);
  });
}

/** Why the AI stopped helping during an attempt (shown once, in plain words). */
export interface AiOutage {
  code: string;
  detail: string;
}

/**
 * A failure code that means the provider itself failed (unreachable, timed out, refused the
 * call, dropped the stream), as opposed to one answer of the model being unusable (malformed,
 * unfounded, refused by the checks): the first switches the AI off for the attempt.
 */
function isOutage(code: string | undefined): boolean {
  if (code === undefined) return false;
  const c = code.replace(/^error:/, '');
  return c === 'timeout' || c === 'unreachable' || c === 'stream-cut' || c === 'unknown' || c.startsWith('http-');
}

/**
 * One AI attempt's support. Every method falls back to the embedded engines and never throws;
 * after the first provider failure the support is off for the rest of the attempt.
 */
type ChatModel = import('@langchain/core/language_models/chat_models').BaseChatModel;
interface AiModules {
  voice: typeof import('../ai/voice.ts');
  understanding: typeof import('../ai/understanding.ts');
  judge: typeof import('../ai/judge.ts');
}

export class AiAssist {
  readonly config: AiConfig;
  readonly engine: string;
  outage: AiOutage | undefined;
  readonly #voice: ChatModel;
  readonly #precise: ChatModel;
  readonly #ai: AiModules;

  private constructor(config: AiConfig, engine: string, voice: ChatModel, precise: ChatModel, ai: AiModules) {
    this.config = config;
    this.engine = engine;
    this.#voice = voice;
    this.#precise = precise;
    this.#ai = ai;
  }

  /** Loads LangChain and the provider's client (dynamic imports: the first screen never pays). */
  static async start(config: AiConfig): Promise<AiAssist | AiOutage> {
    try {
      const [providers, configModule, voice, understanding, judge] = await Promise.all([
        import('../ai/providers.ts'),
        import('../ai/config.ts'),
        import('../ai/voice.ts'),
        import('../ai/understanding.ts'),
        import('../ai/judge.ts'),
      ]);
      const [voiceModel, preciseModel] = await Promise.all([
        providers.createChatModel(config, { temperature: 0.7 }),
        providers.createChatModel(config, { temperature: 0 }),
      ]);
      return new AiAssist(config, configModule.engineName(config), voiceModel, preciseModel, { voice, understanding, judge });
    } catch (e) {
      return { code: 'error:load', detail: e instanceof Error ? e.message : String(e) };
    }
  }

  get available(): boolean {
    return this.outage === undefined;
  }

  /** Reads free text with both engines and the documented combination policy. */
  async understand(text: string, compiled: CompiledScenario, embedded: EmbeddedUnderstanding): Promise<UnderstandingResult> {
    const own = embedded.understand(text);
    if (!this.available) return own;
    const { LlmUnderstanding, combineUnderstanding } = this.#ai.understanding;
    const llm = new LlmUnderstanding(this.#precise, Object.values(compiled.acts), { engine: this.engine, timeoutMs: this.config.timeoutMs });
    let answer: UnderstandingResult | Error;
    try {
      answer = await llm.understand(text);
    } catch (e) {
      answer = e instanceof Error ? e : new Error(String(e));
      const code = (e as { code?: string }).code ?? 'unknown';
      if (isOutage(code)) this.outage = { code: `error:${code}`, detail: answer.message };
    }
    return combineUnderstanding(own, answer);
  }

  /**
   * Voices the tenant's lines of one committed entry (or of the opening, `entryIndex` -1): each
   * line is streamed to `onText`, then stored — the model's words, or the scripted ones with the
   * reason they were refused.
   */
  async voice(run: PracticeRun, entryIndex: number, onText: (lineIndex: number, text: string) => void, signal?: AbortSignal): Promise<void> {
    const entry = entryIndex < 0 ? undefined : run.session.trace.entries[entryIndex];
    const lines: TenantLine[] = entryIndex < 0 ? run.session.trace.opening : entry && 'tenant' in entry ? entry.tenant : [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (!line || !voiceable(line) || !this.available) continue;
      const snap = run.session.snapshot();
      const req = voiceRequest(run.compiled, snap, line);
      const guard = voiceGuard(run.compiled, snap, req);
      let streamed = '';
      const result = await this.#ai.voice.speakAsTenant(this.#voice, req, guard, {
        engine: this.engine,
        timeoutMs: this.config.timeoutMs,
        ...(signal ? { signal } : {}),
        onToken: (piece) => {
          streamed += piece;
          onText(i, streamed);
        },
      });
      const spoken: TenantLine = {
        ...line,
        text: result.text,
        engine: result.engine,
        ...(result.fallbackReason ? { fallbackReason: result.fallbackReason } : {}),
      };
      if (result.fallbackReason?.startsWith('error:') && isOutage(result.fallbackReason)) {
        this.outage = { code: result.fallbackReason, detail: '' };
      }
      onText(i, spoken.text);
      await run.revoice(entryIndex, i, spoken);
    }
  }

  /** Proposals for the scenario's judged criteria, quotes checked; stored on the attempt. */
  async judge(run: PracticeRun): Promise<JudgeProposal[]> {
    if (!this.available) return [];
    const proposals: JudgeProposal[] = [];
    for (const c of run.compiled.rubric.criteria) {
      if (!('judged' in c)) continue;
      const r = await this.#ai.judge.proposeLevel(this.#precise, judgeRequest(c, run.session.trace), this.engine, { timeoutMs: this.config.timeoutMs });
      if ('levelId' in r) proposals.push(r);
      else if (isOutage(r.discarded)) {
        this.outage = { code: r.discarded, detail: r.detail ?? '' };
        break;
      }
    }
    if (proposals.length > 0) {
      const next = { ...run.attempt, proposals };
      await run.db.transaction('rw', run.db.attempts, run.db.rubricTexts, () => storedAttempt(run.db, next));
      run.attempt = next;
    }
    return proposals;
  }
}
