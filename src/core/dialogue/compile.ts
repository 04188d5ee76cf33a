import { hashOf } from '../hash.ts';
import { ids, isActExtension } from '../scenario/guards.ts';
import type { Library } from '../scenario/library.ts';
import type { Scenario } from '../scenario/scenario.schema.ts';
import { transitionList } from '../scenario/validate.ts';
import {
  COMPILED_FORMAT,
  type CompiledAct,
  type CompiledScenario,
  type CompiledState,
  type MachineConfigJson,
  type StateNodeJson,
  type TransitionJson,
} from './compiled.ts';

/** Said when free text is not understood and the scenario gives no line of its own. */
export const DEFAULT_REPHRASE = [
  'Pardon ? Je n’ai pas bien compris ce que vous voulez dire.',
  'Excusez-moi, vous pouvez reformuler ?',
];

const POLARITY_RANK = { bad: 0, good: 1, neutral: 2 } as const;

/**
 * Compiles a validated scenario into its runtime artifact: scenario data the screens need and an
 * XState machine config that is plain JSON (guards and actions named, see `registry.ts`).
 * Call only on a scenario without errors (`parseScenario` returns it only then).
 *
 * @example
 * const compiled = compileScenario(scenario, library);
 * const actor = createActor(createDialogueMachine(compiled)).start();
 */
export function compileScenario(s: Scenario, library: Library): CompiledScenario {
  const acts: Record<string, CompiledAct> = {};
  for (const a of library.acts.values()) acts[a.id] = { id: a.id, label: a.label, description: a.description, polarity: a.polarity };
  const extraExamples: Record<string, string[]> = {};
  for (const a of s.acts) {
    if (isActExtension(a)) {
      (extraExamples[a.extends] ??= []).push(...a.examples);
    } else {
      acts[a.id] = { id: a.id, label: a.label, description: a.description, polarity: a.polarity };
      if (a.examples.length > 0) (extraExamples[a.id] ??= []).push(...a.examples);
    }
  }

  const escalationState =
    s.rules.escalation?.state ??
    Object.entries(s.states).find(([, st]) => st.final && st.outcome === 'escalation')?.[0] ??
    s.rules.turnLimit.state;

  // Facts declare which acts release them in which states; index that per state.
  const releases: Record<string, Record<string, string[]>> = {};
  for (const f of s.persona.hiddenFacts) {
    for (const r of f.releasedBy) {
      for (const st of r.in) {
        for (const a of ids(r.act)) ((releases[st] ??= {})[a] ??= []).push(f.id);
      }
    }
  }

  const states: Record<string, CompiledState> = {};
  const machineStates: Record<string, StateNodeJson> = {};
  for (const [id, st] of Object.entries(s.states)) {
    const on: CompiledState['on'] = {};
    for (const [act, tr] of Object.entries(st.on ?? {})) {
      on[act] = transitionList(tr).map((t, index) => ({
        index,
        target: t.target,
        mood: t.mood,
        say: t.say,
        release: t.release,
        set: t.set,
        unset: t.unset,
        when: t.when,
      }));
    }
    const authored = Object.keys(on);
    const actOrder = [...authored].sort(
      (a, b) =>
        POLARITY_RANK[acts[a]?.polarity ?? 'neutral'] - POLARITY_RANK[acts[b]?.polarity ?? 'neutral'] ||
        authored.indexOf(a) - authored.indexOf(b),
    );
    const compiled: CompiledState = {
      id,
      label: st.label ?? id,
      beat: st.beat,
      narration: st.narration,
      lines: st.lines,
      hint: st.hint,
      final: st.final === true,
      outcome: st.outcome,
      choices: (st.choices ?? []).map((c, index) => ({ index, text: c.text, acts: ids(c.act), ...(c.when ? { when: c.when } : {}) })),
      on,
      actOrder,
      otherwise: st.otherwise ? { say: st.otherwise.say, mood: st.otherwise.mood, target: st.otherwise.target } : undefined,
      releases: releases[id] ?? {},
    };
    states[id] = compiled;
    machineStates[id] = compiled.final ? { type: 'final' } : stateNode(compiled, s, escalationState);
  }

  const machine: MachineConfigJson = {
    id: s.id,
    initial: s.initial,
    context: { mood: s.mood.start, maxMood: s.mood.start, turn: 0, hints: 0, facts: [], flags: [], last: null },
    states: machineStates,
  };

  return {
    format: COMPILED_FORMAT,
    id: s.id,
    version: s.version,
    hash: hashOf(s),
    rubricHash: hashOf(s.rubric),
    meta: {
      title: s.title,
      summary: s.summary,
      channel: s.channel,
      level: s.level,
      estimatedMinutes: s.estimatedMinutes,
      competencies: s.competencies,
      author: s.author,
      validatedBy: s.validatedBy,
      validatedOn: s.validatedOn,
      reviewBy: s.reviewBy,
    },
    briefing: s.briefing,
    persona: s.persona,
    mood: s.mood,
    initial: s.initial,
    states,
    acts,
    extraExamples,
    rules: {
      turnLimit: s.rules.turnLimit.turns,
      turnLimitState: s.rules.turnLimit.state,
      escalationState,
      rephrase: s.rules.rephrase ?? DEFAULT_REPHRASE,
    },
    rubric: s.rubric,
    tests: s.tests,
    reference: s.reference,
    machine,
  };
}

function stateNode(st: CompiledState, s: Scenario, escalationState: string): StateNodeJson {
  const releases = st.releases;
  const junior: TransitionJson[] = [];
  for (const act of st.actOrder) {
    for (const t of st.on[act] ?? []) {
      const tr: TransitionJson = {
        guard: { type: 'replyHas', params: { act, ...(t.when ? { when: t.when } : {}) } },
        actions: [
          {
            type: 'applyTurn',
            params: { state: st.id, act, index: t.index, mood: t.mood, release: t.release, set: t.set, unset: t.unset, releases },
          },
        ],
      };
      if (t.target !== undefined) tr.target = t.target;
      junior.push(tr);
    }
  }
  const fallback: TransitionJson = {
    actions: [{ type: 'applyOtherwise', params: { state: st.id, mood: st.otherwise?.mood ?? 0, releases } }],
  };
  if (st.otherwise?.target !== undefined) fallback.target = st.otherwise.target;
  junior.push(fallback);
  return {
    // Global rules, checked after every turn that leaves the conversation in a non-final state.
    always: [
      { guard: { type: 'moodAtLeast', params: { value: s.mood.max } }, target: escalationState },
      { guard: { type: 'turnsAtLeast', params: { value: s.rules.turnLimit.turns } }, target: s.rules.turnLimit.state },
    ],
    on: {
      'junior.act': junior,
      'junior.hint': { actions: [{ type: 'countHint' }] },
    },
  };
}
