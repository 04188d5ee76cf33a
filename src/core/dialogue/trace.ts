import type { Outcome } from '../scenario/common.schema.ts';

/** Where a tenant line comes from in the scenario. */
export type LineSource = 'state' | 'transition' | 'otherwise' | 'fact' | 'rephrase' | 'narration';

export interface TenantLine {
  text: string;
  source: LineSource;
  /** State id (state, transition, otherwise, rephrase) or fact id (fact). */
  ref: string;
  /** Which variant of the authored lines was used (scripted voice). */
  variant: number;
  /** `scripted`, or the model that voiced it (`llm:<provider>/<model>`). */
  engine: string;
  /** Why a model's line was replaced by the scripted one, when it was. */
  fallbackReason?: string;
}

/** A junior reply that moved the dialogue machine. */
export interface TurnEntry {
  kind: 'turn';
  /** 1-based number of this junior turn. */
  turn: number;
  text: string;
  acts: string[];
  /** Index of the guided choice in the state's authored list, when the reply was one. */
  choice?: number;
  /** Understanding engine: `guided`, `embedded`, `llm:<provider>/<model>`, `script` (tests). */
  engine: string;
  /** Per-act confidence when an understanding engine classified free text. */
  scores?: Record<string, number>;
  stateBefore: string;
  stateAfter: string;
  moodBefore: number;
  moodAfter: number;
  reaction: 'act' | 'otherwise';
  /** The act whose transition applied (reaction `act`). */
  act?: string;
  transitionIndex?: number;
  released: string[];
  flags: string[];
  tenant: TenantLine[];
  /** Milliseconds since the attempt started. */
  at: number;
}

/** Free text the understanding could not place: the tenant asked to rephrase; no act recorded. */
export interface UnclearEntry {
  kind: 'unclear';
  text: string;
  engine: string;
  state: string;
  tenant: TenantLine[];
  at: number;
}

export interface HintEntry {
  kind: 'hint';
  state: string;
  hint: string;
  /** Junior turns taken before the hint was asked. */
  afterTurn: number;
  at: number;
}

export type TraceEntry = TurnEntry | UnclearEntry | HintEntry;

/** The ordered record of an attempt; enough to rebuild its exact snapshot and to score it. */
export interface Trace {
  scenarioId: string;
  scenarioVersion: number;
  scenarioHash: string;
  seed: number;
  opening: TenantLine[];
  entries: TraceEntry[];
  /** Set once the conversation reached a final state. */
  outcome?: Outcome;
  finalState?: string;
}

export function turnsOf(trace: Trace): TurnEntry[] {
  return trace.entries.filter((e): e is TurnEntry => e.kind === 'turn');
}
