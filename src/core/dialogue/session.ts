import { createActor, type Actor, type AnyStateMachine } from 'xstate';
import type { Outcome } from '../scenario/common.schema.ts';
import type { CompiledChoice, CompiledScenario, DialogueContext } from './compiled.ts';
import { evalCondition } from './effects.ts';
import { createDialogueMachine } from './registry.ts';
import type { HintEntry, TenantLine, Trace, TraceEntry, TurnEntry, UnclearEntry } from './trace.ts';
import { normaliseSeed, scriptedLine } from './voice.ts';

export interface SessionOptions {
  seed?: number | string;
  /** Clock in milliseconds; injected so tests and replays are deterministic. */
  now?: () => number;
}

export interface TranscriptLine {
  /** `narrator`: a stage direction of the scenario, not spoken by anyone. */
  speaker: 'tenant' | 'junior' | 'narrator';
  text: string;
  /** Junior turn the line belongs to (0 = the tenant's opening). */
  turn: number;
  /** For junior lines: the acts recognised (empty when not understood). */
  acts?: string[];
  /** For tenant and narrator lines: where the line sits in the trace (-1 = the opening). */
  entry?: number;
  line?: number;
  source?: TenantLine['source'];
  /** Who voiced it (`scripted`, or the model), and why a model's words were refused. */
  engine?: string;
  fallbackReason?: string;
}

/** Everything a screen or a terminal needs to show the conversation now. */
export interface SessionSnapshot {
  state: string;
  stateLabel: string;
  done: boolean;
  outcome: Outcome | undefined;
  mood: number;
  moodLabel: string | undefined;
  maxMood: number;
  turn: number;
  turnLimit: number;
  hintsUsed: number;
  hintAvailable: boolean;
  facts: Array<{ id: string; text: string }>;
  flags: string[];
  choices: CompiledChoice[];
  transcript: TranscriptLine[];
  /** The tenant's most recent lines (the reply to the last turn, or the opening). */
  lastTenant: TenantLine[];
}

/**
 * The transcript of a trace, line by line (what `SessionSnapshot.transcript` shows), from the trace
 * alone: no compiled scenario needed, so a trainer can read an attempt whose scenario is unknown
 * here. An unclear reply belongs to the turn it tried to be (the next one).
 *
 * @example
 * transcriptOf(trace)[0]; // { speaker: 'tenant', turn: 0, text: 'Allô ? …', entry: -1, line: 0, … }
 */
export function transcriptOf(trace: Trace): TranscriptLine[] {
  const said = (l: TenantLine, turn: number, entry: number, line: number): TranscriptLine => ({
    speaker: l.source === 'narration' ? 'narrator' : 'tenant',
    text: l.text,
    turn,
    entry,
    line,
    source: l.source,
    engine: l.engine,
    ...(l.fallbackReason ? { fallbackReason: l.fallbackReason } : {}),
  });
  const out: TranscriptLine[] = trace.opening.map((l, i) => said(l, 0, -1, i));
  let turn = 0;
  trace.entries.forEach((e, index) => {
    if (e.kind === 'turn') {
      turn = e.turn;
      out.push({ speaker: 'junior', text: e.text, turn, acts: e.acts });
      e.tenant.forEach((l, i) => out.push(said(l, turn, index, i)));
    } else if (e.kind === 'unclear') {
      out.push({ speaker: 'junior', text: e.text, turn: turn + 1, acts: [] });
      e.tenant.forEach((l, i) => out.push(said(l, turn + 1, index, i)));
    }
  });
  return out;
}

/** A junior reply: the acts it carries and, for the record, the text and who understood it. */
export interface Reply {
  acts: string[];
  text?: string;
  choice?: number;
  engine?: string;
  scores?: Record<string, number>;
}

export interface Session {
  readonly compiled: CompiledScenario;
  readonly trace: Trace;
  snapshot(): SessionSnapshot;
  /** Plays a guided choice by its index in `snapshot().choices`. */
  choose(index: number): TurnEntry | undefined;
  /** Plays a reply whose acts are known (guided, understood free text, scripts). */
  reply(reply: Reply): TurnEntry | undefined;
  /** Free text that was not understood: the tenant asks to rephrase; the machine does not move. */
  unclear(text: string, engine?: string): UnclearEntry | undefined;
  /** Shows the senior's hint for the current state and counts it. */
  hint(): HintEntry | undefined;
  /**
   * Replaces the words of one tenant line already in the trace (a model voiced it, or its words
   * were refused and the scripted line stays with the reason). The dialogue machine is untouched.
   */
  revoice(entryIndex: number, lineIndex: number, line: TenantLine): boolean;
  subscribe(listener: (s: SessionSnapshot) => void): () => void;
}

/**
 * Starts an attempt on a compiled scenario. One API for the screens, the tests and the terminal.
 *
 * @example
 * const session = createSession(compiled, { seed: 42 });
 * session.choose(0);
 * session.snapshot().lastTenant[0]?.text;
 */
export function createSession(compiled: CompiledScenario, options: SessionOptions = {}): Session {
  const seed = normaliseSeed(options.seed ?? 1);
  return new DialogueSession(compiled, seed, options.now ?? (() => Date.now()), undefined);
}

/**
 * Rebuilds a session from a saved trace: replays its entries into a fresh machine and keeps the
 * recorded tenant lines, so the snapshot is exactly the one that was saved.
 * Throws `ResumeError` when the trace does not fit this scenario (another hash, or a turn that
 * lands elsewhere than recorded).
 */
export function resumeSession(compiled: CompiledScenario, trace: Trace, options: Pick<SessionOptions, 'now'> = {}): Session {
  if (trace.scenarioHash !== compiled.hash) {
    throw new ResumeError(`trace recorded against scenario ${trace.scenarioId}@${trace.scenarioHash.slice(0, 8)}, not ${compiled.hash.slice(0, 8)}`);
  }
  return new DialogueSession(compiled, trace.seed, options.now ?? (() => Date.now()), trace);
}

export class ResumeError extends Error {
  override name = 'ResumeError';
}

class DialogueSession implements Session {
  readonly compiled: CompiledScenario;
  readonly trace: Trace;
  readonly #machine: AnyStateMachine;
  readonly #actor: Actor<AnyStateMachine>;
  readonly #now: () => number;
  readonly #start: number;
  readonly #listeners = new Set<(s: SessionSnapshot) => void>();
  #lastTenant: TenantLine[];

  constructor(compiled: CompiledScenario, seed: number, now: () => number, saved: Trace | undefined) {
    this.compiled = compiled;
    this.#machine = createDialogueMachine(compiled);
    this.#actor = createActor(this.#machine).start();
    this.#now = now;
    this.#start = now() - lastAt(saved);
    const opening = saved?.opening ?? this.#entering(compiled.initial, seed, 0);
    this.trace = {
      scenarioId: compiled.id,
      scenarioVersion: compiled.version,
      scenarioHash: compiled.hash,
      seed,
      opening,
      entries: [],
    };
    this.#lastTenant = opening;
    if (saved) this.#replay(saved);
  }

  #replay(saved: Trace): void {
    for (const entry of saved.entries) {
      if (entry.kind === 'turn') {
        const before = this.#state();
        this.#actor.send({ type: 'junior.act', acts: entry.acts, ...(entry.text ? { text: entry.text } : {}) });
        const after = this.#state();
        if (before !== entry.stateBefore || after !== entry.stateAfter) {
          throw new ResumeError(`turn ${entry.turn}: recorded ${entry.stateBefore}→${entry.stateAfter}, replayed ${before}→${after}`);
        }
        this.#lastTenant = entry.tenant;
      } else if (entry.kind === 'hint') {
        this.#actor.send({ type: 'junior.hint' });
      } else {
        this.#lastTenant = entry.tenant;
      }
      this.trace.entries.push(entry);
    }
    this.#settle();
  }

  #ctx(): DialogueContext {
    return this.#actor.getSnapshot().context as DialogueContext;
  }

  #state(): string {
    return String(this.#actor.getSnapshot().value);
  }

  #line(lines: readonly string[], source: TenantLine['source'], ref: string, seed: number, turn: number): TenantLine {
    return scriptedLine(lines, source, ref, seed, turn);
  }

  /** What is shown on entering a state: its stage direction, if any, then the tenant's line. */
  #entering(stateId: string, seed: number, turn: number): TenantLine[] {
    const st = this.compiled.states[stateId];
    if (!st) return [];
    const out: TenantLine[] = [];
    if (st.narration) out.push({ text: st.narration, source: 'narration', ref: stateId, variant: 0, engine: 'scripted' });
    out.push(this.#line(st.lines, 'state', stateId, seed, turn));
    return out;
  }

  #elapsed(): number {
    return Math.max(0, this.#now() - this.#start);
  }

  #settle(): void {
    const snap = this.#actor.getSnapshot();
    if (snap.status === 'done') {
      const st = this.compiled.states[this.#state()];
      this.trace.outcome = st?.outcome;
      this.trace.finalState = st?.id;
    }
    if (this.#listeners.size > 0) {
      const s = this.snapshot();
      for (const l of this.#listeners) l(s);
    }
  }

  snapshot(): SessionSnapshot {
    const ctx = this.#ctx();
    const state = this.compiled.states[this.#state()];
    const done = this.#actor.getSnapshot().status === 'done';
    const transcript = transcriptOf(this.trace);
    const labels = [...this.compiled.mood.labels].sort((a, b) => a.from - b.from);
    const moodLabel = labels.filter((l) => l.from <= ctx.mood).pop()?.label;
    return {
      state: state?.id ?? this.#state(),
      stateLabel: state?.label ?? this.#state(),
      done,
      outcome: done ? state?.outcome : undefined,
      mood: ctx.mood,
      moodLabel,
      maxMood: ctx.maxMood,
      turn: ctx.turn,
      turnLimit: this.compiled.rules.turnLimit,
      hintsUsed: ctx.hints,
      hintAvailable: !done && state?.hint !== undefined,
      facts: ctx.facts.map((id) => ({ id, text: this.compiled.persona.hiddenFacts.find((f) => f.id === id)?.text ?? id })),
      flags: [...ctx.flags],
      choices: done ? [] : (state?.choices ?? []).filter((c) => !c.when || evalCondition(c.when, ctx, ctx.turn + 1)),
      transcript,
      lastTenant: this.#lastTenant,
    };
  }

  choose(index: number): TurnEntry | undefined {
    const choice = this.snapshot().choices[index];
    if (!choice) return undefined;
    return this.reply({ acts: choice.acts, text: choice.text, choice: choice.index, engine: 'guided' });
  }

  reply(reply: Reply): TurnEntry | undefined {
    if (this.#actor.getSnapshot().status === 'done') return undefined;
    const seed = this.trace.seed;
    const before = this.#ctx();
    const stateBefore = this.#state();
    this.#actor.send({ type: 'junior.act', acts: reply.acts, ...(reply.text ? { text: reply.text } : {}) });
    const ctx = this.#ctx();
    const stateAfter = this.#state();
    const last = ctx.last;
    const turn = ctx.turn;
    const tenant: TenantLine[] = [];
    const from = this.compiled.states[stateBefore];
    if (last?.kind === 'act') {
      const t = from?.on[last.act]?.[last.index];
      if (t?.say) tenant.push(this.#line(t.say, 'transition', `${stateBefore}/${last.act}/${last.index}`, seed, turn));
    } else if (from?.otherwise) {
      tenant.push(this.#line(from.otherwise.say, 'otherwise', stateBefore, seed, turn));
    }
    for (const factId of last?.released ?? []) {
      const fact = this.compiled.persona.hiddenFacts.find((f) => f.id === factId);
      if (fact) tenant.push(this.#line(fact.say, 'fact', factId, seed, turn));
    }
    const explicitReentry = last?.kind === 'act' && from?.on[last.act]?.[last.index]?.target === stateBefore;
    if (stateAfter !== stateBefore || (explicitReentry && tenant.length === 0)) tenant.push(...this.#entering(stateAfter, seed, turn));
    // The tenant never goes silent: with nothing new to say, they restate where they are.
    if (tenant.length === 0) {
      const here = this.compiled.states[stateAfter];
      if (here) tenant.push(this.#line(here.lines, 'state', stateAfter, seed, turn));
    }
    const entry: TurnEntry = {
      kind: 'turn',
      turn,
      text: reply.text ?? '',
      acts: [...reply.acts],
      ...(reply.choice !== undefined ? { choice: reply.choice } : {}),
      engine: reply.engine ?? 'script',
      ...(reply.scores ? { scores: reply.scores } : {}),
      stateBefore,
      stateAfter,
      moodBefore: before.mood,
      moodAfter: ctx.mood,
      reaction: last?.kind === 'act' ? 'act' : 'otherwise',
      ...(last?.kind === 'act' ? { act: last.act, transitionIndex: last.index } : {}),
      released: [...(last?.released ?? [])],
      flags: [...ctx.flags],
      tenant,
      at: this.#elapsed(),
    };
    this.#push(entry, tenant);
    return entry;
  }

  unclear(text: string, engine = 'embedded'): UnclearEntry | undefined {
    if (this.#actor.getSnapshot().status === 'done') return undefined;
    const state = this.#state();
    const count = this.trace.entries.filter((e) => e.kind === 'unclear').length;
    const line = this.#line(this.compiled.rules.rephrase, 'rephrase', state, this.trace.seed, 1000 + count);
    const entry: UnclearEntry = { kind: 'unclear', text, engine, state, tenant: [line], at: this.#elapsed() };
    this.#push(entry, [line]);
    return entry;
  }

  hint(): HintEntry | undefined {
    const state = this.compiled.states[this.#state()];
    if (!state?.hint || this.#actor.getSnapshot().status === 'done') return undefined;
    this.#actor.send({ type: 'junior.hint' });
    const entry: HintEntry = { kind: 'hint', state: state.id, hint: state.hint, afterTurn: this.#ctx().turn, at: this.#elapsed() };
    this.#push(entry, undefined);
    return entry;
  }

  #push(entry: TraceEntry, tenant: TenantLine[] | undefined): void {
    this.trace.entries.push(entry);
    if (tenant) this.#lastTenant = tenant;
    this.#settle();
  }

  revoice(entryIndex: number, lineIndex: number, line: TenantLine): boolean {
    const lines = entryIndex < 0 ? this.trace.opening : (this.trace.entries[entryIndex] as { tenant?: TenantLine[] } | undefined)?.tenant;
    if (!lines || !lines[lineIndex]) return false;
    lines[lineIndex] = line;
    this.#settle();
    return true;
  }

  subscribe(listener: (s: SessionSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

function lastAt(trace: Trace | undefined): number {
  const last = trace?.entries[trace.entries.length - 1];
  return last?.at ?? 0;
}
