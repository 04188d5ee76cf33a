import { EmbeddedUnderstanding, type EmbeddedOptions } from './embedded.ts';
import type { ActExamples } from './understanding.ts';

export interface ActAccuracy {
  correct: number;
  total: number;
  /** Acts this act was mistaken for (or `(abstention)`), with counts. */
  confusedWith: Record<string, number>;
}

export interface AccuracyReport {
  correct: number;
  total: number;
  /** Top-1 accuracy, 0–1; an abstention counts as wrong. */
  accuracy: number;
  abstentions: number;
  perAct: Record<string, ActAccuracy>;
}

function emptyReport(): AccuracyReport {
  return { correct: 0, total: 0, accuracy: 0, abstentions: 0, perAct: {} };
}

function record(report: AccuracyReport, expected: string, got: string | undefined): void {
  const a = (report.perAct[expected] ??= { correct: 0, total: 0, confusedWith: {} });
  a.total++;
  report.total++;
  if (got === expected) {
    a.correct++;
    report.correct++;
  } else {
    const key = got ?? '(abstention)';
    a.confusedWith[key] = (a.confusedWith[key] ?? 0) + 1;
    if (got === undefined) report.abstentions++;
  }
}

function finish(report: AccuracyReport): AccuracyReport {
  report.accuracy = report.total > 0 ? report.correct / report.total : 0;
  return report;
}

/**
 * Top-1 accuracy on phrasings the engine was not trained on.
 *
 * @example
 * evaluateHeldOut(new EmbeddedUnderstanding(examples), { greet: ['salut, c’est Paul le gardien'] });
 */
export function evaluateHeldOut(engine: EmbeddedUnderstanding, heldOut: ActExamples, only?: ReadonlySet<string>): AccuracyReport {
  const report = emptyReport();
  for (const [act, list] of Object.entries(heldOut)) {
    if (only && !only.has(act)) continue;
    for (const text of list) {
      const r = engine.understand(text);
      record(report, act, r.abstained ? undefined : r.candidates[0]?.act);
    }
  }
  return finish(report);
}

/**
 * k-fold cross-validation over the examples themselves: each example is classified by an engine
 * trained without it. This is the « how well is this act recognised » figure for authors.
 * Folds are assigned round-robin within each act, so the result is deterministic.
 */
export function crossValidate(examples: ActExamples, folds = 5, options: EmbeddedOptions = {}, only?: ReadonlySet<string>): AccuracyReport {
  const report = emptyReport();
  for (let k = 0; k < folds; k++) {
    const train: Record<string, string[]> = {};
    const test: Array<[string, string]> = [];
    for (const [act, list] of Object.entries(examples)) {
      train[act] = [];
      list.forEach((text, i) => {
        if (i % folds === k) test.push([act, text]);
        else train[act]?.push(text);
      });
    }
    const engine = new EmbeddedUnderstanding(train, options);
    for (const [act, text] of test) {
      if (only && !only.has(act)) continue;
      const r = engine.understand(text);
      record(report, act, r.abstained ? undefined : r.candidates[0]?.act);
    }
  }
  return finish(report);
}
