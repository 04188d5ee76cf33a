import type { Polarity, Outcome, Channel } from '../scenario/common.schema.ts';
import type { Rubric } from '../scenario/rubric.schema.ts';
import type { Briefing, Condition, MoodScale, Persona, ReferencePath, TestReplies } from '../scenario/scenario.schema.ts';

/**
 * The runtime artifact a scenario compiles to. Plain JSON: it can be written at build time, stored
 * in IndexedDB, shipped in a pack, and run without the YAML parser or the schema validator.
 */
export const COMPILED_FORMAT = 1;

export interface CompiledTransition {
  /** Index in the authored list of this act's transitions (stable reference for the trace). */
  index: number;
  target: string | undefined;
  mood: number;
  say: string[] | undefined;
  release: string[];
  set: string[];
  unset: string[];
  when: Condition | undefined;
}

export interface CompiledChoice {
  /** Position in the authored list (stable reference for the trace). */
  index: number;
  text: string;
  acts: string[];
  /** Offered only when this holds. */
  when?: Condition | undefined;
}

export interface CompiledState {
  id: string;
  label: string;
  beat: string | undefined;
  narration: string | undefined;
  lines: string[];
  hint: string | undefined;
  final: boolean;
  outcome: Outcome | undefined;
  choices: CompiledChoice[];
  /** Act id → its transitions in authored order (guards are tried in that order). */
  on: Record<string, CompiledTransition[]>;
  /** Acts in the order the machine tries them: bad acts first, then authored order. */
  actOrder: string[];
  otherwise: { say: string[]; mood: number; target: string | undefined } | undefined;
  /** Act id → hidden facts that act releases in this state (declared on the fact). */
  releases: Record<string, string[]>;
}

export interface CompiledAct {
  id: string;
  label: string;
  description: string;
  polarity: Polarity;
}

export interface CompiledScenario {
  format: typeof COMPILED_FORMAT;
  id: string;
  version: number;
  /** SHA-256 of the validated scenario (canonical JSON): what an attempt was played against. */
  hash: string;
  /** SHA-256 of the rubric: what a ScoreCard was scored against. */
  rubricHash: string;
  meta: {
    title: string;
    summary: string;
    channel: Channel;
    level: number;
    estimatedMinutes: number;
    competencies: string[];
    author: { name: string; role: string; yearsOfExperience?: number | undefined };
    validatedBy: { name: string; role: string; yearsOfExperience?: number | undefined } | undefined;
    validatedOn: string | undefined;
    reviewBy: string;
  };
  briefing: Briefing;
  persona: Persona;
  mood: MoodScale;
  initial: string;
  states: Record<string, CompiledState>;
  /** Every act the scenario knows (shared library and its own), without examples. */
  acts: Record<string, CompiledAct>;
  /** Example phrasings the scenario adds (its own acts, and extensions of shared ones). */
  extraExamples: Record<string, string[]>;
  rules: {
    turnLimit: number;
    turnLimitState: string;
    escalationState: string;
    rephrase: string[];
  };
  rubric: Rubric;
  tests: TestReplies;
  /** A senior's recorded playthrough, when the scenario has one. */
  reference: ReferencePath | undefined;
  /** XState v5 machine config, plain JSON; implementations come from the one registry. */
  machine: MachineConfigJson;
}

/** Guard and action references are by name with JSON params. */
export interface NamedRef {
  type: string;
  params?: Record<string, unknown>;
}

export interface TransitionJson {
  target?: string;
  guard?: NamedRef;
  actions?: NamedRef[];
}

export interface StateNodeJson {
  type?: 'final';
  always?: TransitionJson[];
  on?: Record<string, TransitionJson | TransitionJson[]>;
}

export interface MachineConfigJson {
  id: string;
  initial: string;
  context: DialogueContext;
  states: Record<string, StateNodeJson>;
}

/** What the machine remembers between turns. */
export interface DialogueContext {
  mood: number;
  maxMood: number;
  /** Junior turns taken (acts sent). */
  turn: number;
  hints: number;
  facts: string[];
  flags: string[];
  /** What the last junior turn did, for the tenant voice and the trace. */
  last: LastReaction | null;
}

export type LastReaction =
  | { kind: 'act'; state: string; act: string; index: number; released: string[] }
  | { kind: 'otherwise'; state: string; released: string[] };
