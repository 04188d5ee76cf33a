import type { Diagnostic } from '../../core/diagnostics/diagnostic.ts';
import { testDiagnostics } from '../../core/lint/lint.ts';
import type { CompiledScenario } from '../../core/dialogue/compiled.ts';
import { hashOf } from '../../core/hash.ts';
import { runPlaythrough, type PlaythroughResult } from '../../core/dialogue/playthrough.ts';
import type { Trace } from '../../core/dialogue/trace.ts';
import type { Library } from '../../core/scenario/library.ts';
import type { CriterionStatus } from '../../core/scoring/score.ts';
import { EmbeddedUnderstanding } from '../../core/understanding/embedded.ts';
import { scenarioExamples } from '../../core/understanding/scenario-examples.ts';

/**
 * What the Atelier's playtest and test-replies panels compute, apart from the screen: the
 * understanding of a draft, the reference turns of a playthrough, and the test replies' verdict.
 */

export const TEST_KINDS = ['poor', 'average', 'senior'] as const;
export type TestKind = (typeof TEST_KINDS)[number];
export type TestRuns = Record<TestKind, PlaythroughResult>;

/** One junior turn of a reference path, as `onRecordReference` receives it. */
export interface ReferenceTurn {
  acts: string[];
  text?: string;
}

let engines = new Map<string, EmbeddedUnderstanding>();

/**
 * The embedded understanding of a draft: trained on every shared act's examples plus the
 * scenario's own, as the lint and a junior's free-text session use it. Cached per scenario hash,
 * so the playtest and the test replies share one engine while the draft does not change.
 *
 * @example
 * understandingOf(compiled, library).understand('Bonjour, je suis le gardien').acts; // ['greet']
 */
export function understandingOf(compiled: CompiledScenario, library: Library): EmbeddedUnderstanding {
  const cached = engines.get(compiled.hash);
  if (cached) return cached;
  const engine = new EmbeddedUnderstanding(scenarioExamples(compiled, library.acts.values()));
  // A senior editing a draft makes a new hash at each change: keep only the last few.
  if (engines.size >= 4) engines = new Map([...engines].slice(-2));
  engines.set(compiled.hash, engine);
  return engine;
}

/**
 * What a playthrough depends on: the compiled scenario without its identity, metadata, briefing,
 * test replies and reference path. Recording a reference (or fixing a test reply) changes the
 * draft's hash but not this key, so a playtest in progress is not restarted for it.
 *
 * @example
 * playKey({ ...compiled, reference: path }) === playKey(compiled); // true
 */
export function playKey(compiled: CompiledScenario): string {
  return hashOf({ ...compiled, hash: '', version: 0, meta: null, briefing: null, tests: null, reference: null });
}

/**
 * The junior side of a playthrough as a reference path: each turn that moved the dialogue (its
 * acts and what was said or chosen). Replies the understanding could not place and hints are left
 * out — they carry no act, and a reference replays acts.
 *
 * @example
 * referenceTurns(session.trace); // [{ acts: ['greet'], text: 'Bonsoir madame…' }, …]
 */
export function referenceTurns(trace: Trace): ReferenceTurn[] {
  const out: ReferenceTurn[] = [];
  for (const e of trace.entries) {
    if (e.kind !== 'turn' || e.acts.length === 0) continue;
    const text = e.text.trim();
    out.push(text ? { acts: [...e.acts], text } : { acts: [...e.acts] });
  }
  return out;
}

/** Yields to the browser so a busy state paints and input stays responsive between runs. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Plays the scenario's three test replies (poor, average, senior), one per task so the page stays
 * responsive, with the same engine and seed as the lint.
 *
 * @example
 * const runs = await runTestReplies(compiled, library);
 * runs.senior.card.percent; // 100
 */
export async function runTestReplies(
  compiled: CompiledScenario,
  library: Library,
  pause: () => Promise<void> = nextTask,
): Promise<TestRuns> {
  await pause();
  const engine = understandingOf(compiled, library);
  const runs: Partial<TestRuns> = {};
  for (const kind of TEST_KINDS) {
    await pause();
    runs[kind] = runPlaythrough(compiled, compiled.tests[kind], engine);
  }
  return runs as TestRuns;
}

/**
 * What the lint says about the test replies, with the same codes and paths (`tests_unordered`,
 * `test_not_finished`, `test_step_after_end`, `test_step_misread`, `test_step_not_understood`,
 * `senior_test_not_success`), from runs already played — the lint's own `testDiagnostics`. Errors first.
 *
 * @example
 * testsVerdict(compiled, runs).map((d) => d.code); // [] when poor < average < senior
 */
export function testsVerdict(compiled: CompiledScenario, runs: TestRuns): Diagnostic[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return testDiagnostics(compiled, runs).sort((x, y) => rank[x.severity] - rank[y.severity]);
}

export interface CriterionRow {
  id: string;
  label: string;
  weight: number;
  critical: boolean;
  status: Record<TestKind, CriterionStatus>;
}

/** The rubric's criteria as rows, with each run's status: the table of the test-replies panel. */
export function criterionRows(runs: TestRuns): CriterionRow[] {
  return runs.poor.card.criteria.map((c, i) => ({
    id: c.id,
    label: c.label,
    weight: c.weight,
    critical: c.critical,
    status: {
      poor: c.status,
      average: runs.average.card.criteria[i]?.status ?? 'pending',
      senior: runs.senior.card.criteria[i]?.status ?? 'pending',
    },
  }));
}

/** Where a run stopped: its final state, or the state its last turn left it in. */
export function stoppedAt(r: PlaythroughResult): string {
  return r.trace.finalState ?? lastState(r);
}

function lastState(r: PlaythroughResult): string {
  for (let i = r.trace.entries.length - 1; i >= 0; i--) {
    const e = r.trace.entries[i];
    if (e?.kind === 'turn') return e.stateAfter;
  }
  return '';
}
