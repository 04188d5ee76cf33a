import type { Condition } from '../scenario/scenario.schema.ts';
import type { DialogueContext } from './compiled.ts';

/**
 * The effects of a junior turn on the dialogue context, as pure functions. The XState registry's
 * actions and guards call them, and so does the lint's fast stepper (`step.ts`): one definition of
 * what a turn does.
 */

/**
 * Evaluates a guard; `turn` is the number of the turn being played (1-based), `acts` the acts of
 * the reply being played (none when deciding which choices to offer).
 */
export function evalCondition(c: Condition, ctx: DialogueContext, turn: number, acts: readonly string[] = []): boolean {
  if ('flag' in c) return ctx.flags.includes(c.flag);
  if ('fact' in c) return ctx.facts.includes(c.fact);
  if ('said' in c) return acts.includes(c.said);
  if ('mood' in c) return within(ctx.mood, c.mood);
  if ('turn' in c) return within(turn, c.turn);
  if ('all' in c) return c.all.every((x) => evalCondition(x, ctx, turn, acts));
  if ('any' in c) return c.any.some((x) => evalCondition(x, ctx, turn, acts));
  return !evalCondition(c.not, ctx, turn, acts);
}

function within(v: number, b: { atLeast?: number | undefined; atMost?: number | undefined }): boolean {
  return (b.atLeast === undefined || v >= b.atLeast) && (b.atMost === undefined || v <= b.atMost);
}

/** Does a transition for `act` (with its optional guard) apply to this reply? */
export function replyHas(ctx: DialogueContext, acts: readonly string[], act: string, when: Condition | undefined): boolean {
  return acts.includes(act) && (!when || evalCondition(when, ctx, ctx.turn + 1, acts));
}

function released(ctx: DialogueContext, acts: readonly string[], direct: readonly string[], byAct: Record<string, string[]>): string[] {
  const fresh: string[] = [];
  const add = (f: string): void => {
    if (!ctx.facts.includes(f) && !fresh.includes(f)) fresh.push(f);
  };
  direct.forEach(add);
  for (const a of acts) (byAct[a] ?? []).forEach(add);
  return fresh;
}

export interface ApplyTurnParams {
  state: string;
  act: string;
  index: number;
  mood: number;
  release: string[];
  set: string[];
  unset: string[];
  releases: Record<string, string[]>;
}

export interface OtherwiseParams {
  state: string;
  mood: number;
  releases: Record<string, string[]>;
}

export interface MoodBounds {
  min: number;
  max: number;
}

const clamp = (m: number, b: MoodBounds): number => Math.min(b.max, Math.max(b.min, m));

/** A transition for one of the reply's acts applies. */
export function applyTurn(ctx: DialogueContext, acts: readonly string[], p: ApplyTurnParams, bounds: MoodBounds): DialogueContext {
  const fresh = released(ctx, acts, p.release, p.releases);
  const mood = clamp(ctx.mood + p.mood, bounds);
  const flags = ctx.flags.filter((f) => !p.unset.includes(f));
  for (const f of p.set) if (!flags.includes(f)) flags.push(f);
  return {
    ...ctx,
    turn: ctx.turn + 1,
    mood,
    maxMood: Math.max(ctx.maxMood, mood),
    facts: fresh.length > 0 ? [...ctx.facts, ...fresh] : ctx.facts,
    flags,
    last: { kind: 'act', state: p.state, act: p.act, index: p.index, released: fresh },
  };
}

/** No transition applies: the state's `otherwise` reaction. */
export function applyOtherwise(ctx: DialogueContext, acts: readonly string[], p: OtherwiseParams, bounds: MoodBounds): DialogueContext {
  const fresh = released(ctx, acts, [], p.releases);
  const mood = clamp(ctx.mood + p.mood, bounds);
  return {
    ...ctx,
    turn: ctx.turn + 1,
    mood,
    maxMood: Math.max(ctx.maxMood, mood),
    facts: fresh.length > 0 ? [...ctx.facts, ...fresh] : ctx.facts,
    last: { kind: 'otherwise', state: p.state, released: fresh },
  };
}
