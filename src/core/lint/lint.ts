import { diagnostic, type Diagnostic, type PathSegment } from '../diagnostics/diagnostic.ts';
import type { CompiledScenario } from '../dialogue/compiled.ts';
import { runPlaythrough, type PlaythroughResult } from '../dialogue/playthrough.ts';
import type { Library } from '../scenario/library.ts';
import { EmbeddedUnderstanding } from '../understanding/embedded.ts';
import { freeTextActs, scenarioExamples } from '../understanding/scenario-examples.ts';
import { explore, type ExplorationResult } from './explore.ts';
import { checkTraps } from './traps.ts';

export const MIN_EXAMPLES = 8;

export interface LintOptions {
  /** `AAAA-MM-JJ`; review dates before it are overdue. Defaults to the current date. */
  today?: string;
  maxNodes?: number;
  /** Reuse an engine already trained for this scenario. */
  understanding?: EmbeddedUnderstanding;
}

export interface LintReport {
  diagnostics: Diagnostic[];
  exploration: ExplorationResult;
  tests: Record<'poor' | 'average' | 'senior', PlaythroughResult>;
}

/**
 * Checks a compiled scenario as a whole before it is published: graph (reachability, dead ends,
 * outcomes), rubric (each criterion satisfiable, best path at 100 %), the scenario's own test
 * replies (ordered poor < average < senior), free-text acts with enough examples, review date.
 * Diagnostics carry paths into the scenario source; the caller locates them.
 *
 * @example
 * const { diagnostics } = lintScenario(compiled, library, { today: '2026-11-29' });
 */
export function lintScenario(compiled: CompiledScenario, library: Library, options: LintOptions = {}): LintReport {
  const out: Diagnostic[] = [];
  structural(compiled, out);

  const exploration = explore(compiled, options.maxNodes);
  for (const st of Object.values(compiled.states)) {
    if (exploration.visited.has(st.id)) continue;
    if (st.final) out.push(diagnostic('unreachable_outcome', ['states', st.id], { state: st.id, outcome: st.outcome ?? '?' }));
    else out.push(diagnostic('unreachable_state', ['states', st.id], { state: st.id }));
  }
  if (exploration.truncated) out.push(diagnostic('exploration_truncated', [], { nodes: exploration.nodes }));
  compiled.rubric.criteria.forEach((c, i) => {
    if (exploration.satisfiable[i] === false) {
      out.push(diagnostic('unsatisfiable_criterion', ['rubric', 'criteria', i], { criterion: c.id }));
    }
  });

  const traps = checkTraps(compiled, options.maxNodes);
  for (const t of traps.uncosted) {
    out.push(
      diagnostic('trap_without_cost', ['states', t.state, 'choices', t.choice], {
        state: t.state,
        acts: t.acts.join(' + '),
        path: t.path.map((acts) => acts.join('+') || '—').join(' › ') || '(début)',
      }),
    );
  }

  const engine = options.understanding ?? new EmbeddedUnderstanding(scenarioExamples(compiled, library.acts.values()));
  const tests = {
    poor: runPlaythrough(compiled, compiled.tests.poor, engine),
    average: runPlaythrough(compiled, compiled.tests.average, engine),
    senior: runPlaythrough(compiled, compiled.tests.senior, engine),
  };
  const best = Math.max(exploration.bestPercent, tests.senior.card.percent);
  if (exploration.bestExact && best < 100) out.push(diagnostic('best_score_below_max', ['rubric'], { best }));
  else if (!exploration.truncated && exploration.bestGuidedPercent < 100) {
    out.push(diagnostic('guided_best_below_max', ['states'], { best: exploration.bestGuidedPercent }));
  }

  out.push(...testDiagnostics(compiled, tests));

  const examples = scenarioExamples(compiled, library.acts.values());
  for (const act of freeTextActs(compiled)) {
    const count = examples[act]?.length ?? 0;
    if (count < MIN_EXAMPLES) out.push(diagnostic('few_examples', firstUse(compiled, act), { act, count, min: MIN_EXAMPLES }));
  }

  const today = options.today ?? new Date().toISOString().slice(0, 10);
  if (compiled.meta.reviewBy < today) out.push(diagnostic('review_overdue', ['reviewBy'], { date: compiled.meta.reviewBy }));

  return { diagnostics: out, exploration, tests };
}

function lastState(r: PlaythroughResult): string {
  for (let i = r.trace.entries.length - 1; i >= 0; i--) {
    const e = r.trace.entries[i];
    if (e?.kind === 'turn') return e.stateAfter;
  }
  return '';
}

/** Where the senior first uses an act, to point the « few examples » warning at it. */
function firstUse(compiled: CompiledScenario, act: string): PathSegment[] {
  for (const st of Object.values(compiled.states)) {
    if (st.on[act]) return ['states', st.id, 'on', act];
    const i = st.choices.findIndex((c) => c.acts.includes(act));
    if (i >= 0) return ['states', st.id, 'choices', i];
  }
  return ['acts'];
}

/** Checks on the authored graph alone: dead ends and turns where the tenant says nothing. */
function structural(compiled: CompiledScenario, out: Diagnostic[]): void {
  const edges = new Map<string, Set<string>>();
  for (const st of Object.values(compiled.states)) {
    const targets = new Set<string>();
    for (const list of Object.values(st.on)) for (const t of list) if (t.target) targets.add(t.target);
    if (st.otherwise?.target) targets.add(st.otherwise.target);
    edges.set(st.id, targets);
  }
  // States from which some final state can be reached (backwards closure).
  const canFinish = new Set(Object.values(compiled.states).filter((s) => s.final).map((s) => s.id));
  let grew = true;
  while (grew) {
    grew = false;
    for (const [id, targets] of edges) {
      if (!canFinish.has(id) && [...targets].some((t) => canFinish.has(t))) {
        canFinish.add(id);
        grew = true;
      }
    }
  }
  for (const st of Object.values(compiled.states)) {
    if (!st.final && !canFinish.has(st.id)) out.push(diagnostic('dead_end', ['states', st.id], { state: st.id }));
    for (const [act, list] of Object.entries(st.on)) {
      for (const t of list) {
        const silent = t.target === undefined && !t.say && t.release.length === 0 && !(st.releases[act]?.length);
        if (silent) out.push(diagnostic('silent_turn', ['states', st.id, 'on', act], { state: st.id, act }));
      }
    }
  }
}

/**
 * What the scenario's test replies say, once played: each run finished, every step understood as
 * written and none after the end, scores ordered poor < average < senior, the senior's run a
 * success. Shared by the lint and the Atelier's test-replies panel (same codes, same paths).
 *
 * @example
 * testDiagnostics(compiled, { poor, average, senior }).map((d) => d.code); // [] when all is well
 */
export function testDiagnostics(compiled: CompiledScenario, tests: Record<'poor' | 'average' | 'senior', PlaythroughResult>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const kind of ['poor', 'average', 'senior'] as const) {
    const r = tests[kind];
    if (!r.card.finished) {
      out.push(diagnostic('test_not_finished', ['tests', kind], { kind, state: r.trace.finalState ?? lastState(r) }));
    }
    for (const i of r.afterEnd) out.push(diagnostic('test_step_after_end', ['tests', kind, i], { kind, step: i + 1 }));
    for (const m of r.misread) {
      out.push(
        diagnostic('test_step_misread', ['tests', kind, m.step, 'text'], {
          expected: m.expected.join(' + '),
          got: m.got.join(' + ') || '—',
        }),
      );
    }
    for (const i of r.notUnderstood) {
      const step = compiled.tests[kind][i];
      const text = step && typeof step === 'object' && 'text' in step ? step.text : '';
      out.push(diagnostic('test_step_not_understood', ['tests', kind, i], { text }));
    }
  }
  const [p, a, s] = [tests.poor.card.percent, tests.average.card.percent, tests.senior.card.percent];
  if (!(p < a && a < s)) out.push(diagnostic('tests_unordered', ['tests'], { poor: p, average: a, senior: s }));
  if (tests.senior.card.finished && tests.senior.card.outcome !== 'success') {
    out.push(diagnostic('senior_test_not_success', ['tests', 'senior'], { outcome: tests.senior.card.outcome ?? '?' }));
  }
  return out;
}
