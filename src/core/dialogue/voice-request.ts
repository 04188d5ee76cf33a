import type { CompiledScenario } from './compiled.ts';
import type { SessionSnapshot } from './session.ts';
import type { TenantLine } from './trace.ts';

/**
 * What a tenant voice (a language model, in `src/ai`) may know to say one line. Structure, not
 * prompt wording, keeps secrets: there is no field for the hidden facts not yet released, the
 * rubric or the senior's notes, so they cannot reach a prompt by mistake.
 */
export interface VoiceRequest {
  persona: {
    name: string;
    age: number;
    household: string;
    situation: string;
    temperament: string;
    speech: string;
    goals: string[];
  };
  /** What the tenant must convey now (the state's beat), and the authored line it replaces. */
  beat: string;
  scripted: string;
  /** How the conversation happens (a phone call is heard, a visit is seen). */
  channel: 'telephone' | 'loge' | 'visite-a-domicile' | 'accueil-agence';
  mood: { name: string; value: number; max: number; label: string | undefined };
  /** Hidden facts the conversation has released so far: the tenant may mention these. */
  releasedFacts: string[];
  /** The conversation so far, oldest first (narration excluded). */
  transcript: Array<{ speaker: 'tenant' | 'junior'; text: string }>;
  /** Most characters the line may have. */
  maxLength: number;
}

/** Checks a model's line must pass before it replaces the scripted one (not sent to the model). */
export interface VoiceGuard {
  /** Per hidden fact not yet released: words that would give it away. */
  forbidden: Array<{ fact: string; keywords: string[] }>;
  maxLength: number;
}

/**
 * Lines a voice may rewrite: the tenant's own words (not facts, which keep the senior's wording,
 * not narration, and not a line that is only a stage direction « (Il se tait.) »).
 */
export function voiceable(line: TenantLine): boolean {
  const kind = line.source === 'state' || line.source === 'transition' || line.source === 'otherwise';
  return kind && !/^\s*\([^)]*\)\s*$/.test(line.text);
}

/**
 * The request for one tenant line, from the compiled scenario and the session's snapshot.
 *
 * @example
 * const req = voiceRequest(compiled, session.snapshot(), entry.tenant[0]);
 */
export function voiceRequest(compiled: CompiledScenario, snap: SessionSnapshot, line: TenantLine): VoiceRequest {
  const p = compiled.persona;
  const state = compiled.states[snap.state];
  const scriptedLength = line.text.length;
  // The conversation up to the line being voiced (the scripted version is already in the trace).
  const lines = snap.transcript.filter((l) => l.speaker !== 'narrator');
  let cut = lines.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i]?.speaker === 'tenant' && lines[i]?.text === line.text) {
      cut = i;
      break;
    }
  }
  return {
    persona: { name: p.name, age: p.age, household: p.household, situation: p.situation, temperament: p.temperament, speech: p.speech, goals: p.goals },
    beat: state?.beat ?? line.text,
    scripted: line.text,
    channel: compiled.meta.channel,
    mood: { name: compiled.mood.name, value: snap.mood, max: compiled.mood.max, label: snap.moodLabel },
    releasedFacts: snap.facts.map((f) => f.text),
    transcript: lines.slice(0, cut).map((l) => ({ speaker: l.speaker as 'tenant' | 'junior', text: l.text })),
    maxLength: Math.max(280, Math.round(scriptedLength * 2.5)),
  };
}

/** The guard for that request: the keywords of every hidden fact still hidden. */
export function voiceGuard(compiled: CompiledScenario, snap: SessionSnapshot, req: VoiceRequest): VoiceGuard {
  const released = new Set(snap.facts.map((f) => f.id));
  return {
    forbidden: compiled.persona.hiddenFacts.filter((f) => !released.has(f.id)).map((f) => ({ fact: f.id, keywords: f.keywords })),
    maxLength: req.maxLength,
  };
}
