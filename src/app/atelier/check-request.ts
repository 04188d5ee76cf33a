import { checkScenario } from '../../core/check.ts';
import type { Diagnostic } from '../../core/diagnostics/diagnostic.ts';
import type { CompiledScenario } from '../../core/dialogue/compiled.ts';
import type { LintReport } from '../../core/lint/lint.ts';
import type { Library } from '../../core/scenario/library.ts';

/** What the editor asks: check this source, with or without the (slower) whole-scenario lint. */
export interface CheckRequest {
  source: string;
  /** Name shown in diagnostics (`<id>.yaml`). */
  file: string;
  lint: boolean;
  /** `AAAA-MM-JJ`, for overdue review dates. */
  today: string;
}

export interface CheckOutcome {
  diagnostics: Diagnostic[];
  compiled: CompiledScenario | undefined;
  /** Present when the lint ran (no error before it). */
  lint: LintReport | undefined;
  /** Milliseconds the check took. */
  ms: number;
}

/** Runs one check (in the worker, or inline where workers are missing). */
export function runCheck(request: CheckRequest, library: Library): CheckOutcome {
  const t0 = performance.now();
  const r = checkScenario(request.source, request.file, library, { lint: request.lint, today: request.today });
  return { diagnostics: r.diagnostics, compiled: r.compiled, lint: r.lint, ms: performance.now() - t0 };
}
