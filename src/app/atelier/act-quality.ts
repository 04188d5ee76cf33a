import { MIN_EXAMPLES } from '../../core/lint/lint.ts';
import type { Library } from '../../core/scenario/library.ts';
import { EmbeddedUnderstanding } from '../../core/understanding/embedded.ts';
import { crossValidate, evaluateHeldOut, type ActAccuracy } from '../../core/understanding/evaluate.ts';
import type { ActExamples } from '../../core/understanding/understanding.ts';

/**
 * The Atelier's « how well is this act recognised » indicator. It reads the scenario as the forms
 * have it (a plain value straight from the YAML, valid or not), so the figure follows the senior's
 * typing even while the scenario does not compile yet.
 */

/** good ≥ 85 %, fair ≥ 60 %, poor below; `few` when there are too few examples to tell. */
export type QualityLevel = 'good' | 'fair' | 'poor' | 'few';

export interface ActQuality {
  act: string;
  /** Examples recognised as this act when held out of training. */
  correct: number;
  /** Examples of this act (shared library plus the scenario's own). */
  total: number;
  /** 0–1. */
  accuracy: number;
  /** What it was mistaken for, most frequent first; `act` is undefined for « not understood ». */
  confusions: Array<{ act: string | undefined; count: number }>;
  level: QualityLevel;
}

export const GOOD_ACCURACY = 0.85;
export const FAIR_ACCURACY = 0.6;

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
}

/** The act ids a value names: `greet` or `[greet, introduce]`. */
function actIds(v: unknown): string[] {
  return typeof v === 'string' ? [v] : strings(v);
}

/**
 * Training data as the scenario would get it: every shared act's examples, the scenario's own
 * acts, and its extra phrasings for shared acts (same rule as `scenarioExamples`, on raw data).
 *
 * @example
 * examplesFor({ acts: [{ extends: 'greet', examples: ['Salut, c’est Karim'] }] }, library).greet?.at(-1);
 * // 'Salut, c’est Karim'
 */
export function examplesFor(data: unknown, library: Library): ActExamples {
  const out: Record<string, string[]> = {};
  for (const act of library.acts.values()) out[act.id] = [...act.examples];
  const acts = record(data)?.acts;
  if (Array.isArray(acts)) {
    for (const a of acts) {
      const act = record(a);
      const id = typeof act?.id === 'string' ? act.id : typeof act?.extends === 'string' ? act.extends : undefined;
      if (id) (out[id] ??= []).push(...strings(act?.examples));
    }
  }
  for (const [id, list] of Object.entries(out)) if (list.length === 0) delete out[id];
  return out;
}

/**
 * The acts the indicator is shown for: those the scenario defines or extends, and those its states,
 * choices and hidden facts react to.
 */
export function scenarioActs(data: unknown): string[] {
  const acts = new Set<string>();
  const root = record(data);
  if (Array.isArray(root?.acts)) {
    for (const a of root.acts) {
      const act = record(a);
      const id = act?.id ?? act?.extends;
      if (typeof id === 'string') acts.add(id);
    }
  }
  for (const state of Object.values(record(root?.states) ?? {})) {
    const st = record(state);
    for (const act of Object.keys(record(st?.on) ?? {})) acts.add(act);
    if (Array.isArray(st?.choices)) for (const c of st.choices) for (const id of actIds(record(c)?.act)) acts.add(id);
  }
  const facts = record(root?.persona)?.hiddenFacts;
  if (Array.isArray(facts)) {
    for (const f of facts) {
      const by = record(f)?.releasedBy;
      if (Array.isArray(by)) for (const r of by) for (const id of actIds(record(r)?.act)) acts.add(id);
    }
  }
  return [...acts];
}

export function qualityLevel(correct: number, total: number): QualityLevel {
  if (total < MIN_EXAMPLES) return 'few';
  const accuracy = correct / total;
  return accuracy >= GOOD_ACCURACY ? 'good' : accuracy >= FAIR_ACCURACY ? 'fair' : 'poor';
}

/**
 * Cross-validates the embedded understanding on the scenario's training data and reports, for each
 * of the scenario's acts, how many of its examples are recognised when held out. About 100 ms and
 * more on a full library: callers debounce it, and skip it when `examplesKey` has not changed.
 *
 * @example
 * const quality = actQuality(data, library);
 * quality['announce-debt']?.level; // 'good'
 */
export function actQuality(data: unknown, library: Library, folds = 5): Record<string, ActQuality> {
  const acts = scenarioActs(data);
  const report = crossValidate(examplesFor(data, library), folds, {}, new Set(acts));
  return summarise(acts, report.perAct);
}

/**
 * The same figures as `actQuality`, one fold at a time, handing the main thread back between folds
 * (a full library takes a good half-second on a modest machine). Resolves to undefined when
 * `signal` aborts, e.g. because the senior typed again.
 */
export async function actQualityInSteps(
  data: unknown,
  library: Library,
  options: { folds?: number; signal?: AbortSignal; pause?: () => Promise<void> } = {},
): Promise<Record<string, ActQuality> | undefined> {
  const folds = options.folds ?? 5;
  const pause = options.pause ?? ((): Promise<void> => new Promise((done) => setTimeout(done, 0)));
  const acts = scenarioActs(data);
  const only = new Set(acts);
  const examples = examplesFor(data, library);
  const perAct: Record<string, ActAccuracy> = {};
  for (let k = 0; k < folds; k++) {
    await pause();
    if (options.signal?.aborted) return undefined;
    // Same round-robin folds as crossValidate: example i of each act is held out in fold i % folds.
    const train: Record<string, string[]> = {};
    const heldOut: Record<string, string[]> = {};
    for (const [act, list] of Object.entries(examples)) {
      train[act] = list.filter((_, i) => i % folds !== k);
      heldOut[act] = list.filter((_, i) => i % folds === k);
    }
    const fold = evaluateHeldOut(new EmbeddedUnderstanding(train), heldOut, only);
    for (const [act, a] of Object.entries(fold.perAct)) {
      const sum = (perAct[act] ??= { correct: 0, total: 0, confusedWith: {} });
      sum.correct += a.correct;
      sum.total += a.total;
      for (const [other, n] of Object.entries(a.confusedWith)) sum.confusedWith[other] = (sum.confusedWith[other] ?? 0) + n;
    }
  }
  return options.signal?.aborted ? undefined : summarise(acts, perAct);
}

function summarise(acts: readonly string[], perAct: Record<string, ActAccuracy>): Record<string, ActQuality> {
  const out: Record<string, ActQuality> = {};
  for (const act of acts) {
    const a = perAct[act] ?? { correct: 0, total: 0, confusedWith: {} };
    out[act] = {
      act,
      correct: a.correct,
      total: a.total,
      accuracy: a.total > 0 ? a.correct / a.total : 0,
      confusions: Object.entries(a.confusedWith)
        .map(([other, count]) => ({ act: other === '(abstention)' ? undefined : other, count }))
        .sort((x, y) => y.count - x.count || String(x.act).localeCompare(String(y.act))),
      level: qualityLevel(a.correct, a.total),
    };
  }
  return out;
}

/** What the indicator depends on in the scenario: unchanged key, unchanged result. */
export function examplesKey(data: unknown): string {
  const root = record(data);
  return JSON.stringify([root?.acts ?? null, scenarioActs(data)]);
}
