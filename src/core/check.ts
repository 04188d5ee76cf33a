import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic.ts';
import { compileScenario } from './dialogue/compile.ts';
import type { CompiledScenario } from './dialogue/compiled.ts';
import { lintScenario, type LintOptions, type LintReport } from './lint/lint.ts';
import type { Library } from './scenario/library.ts';
import { parseScenario } from './scenario/parse.ts';
import type { Scenario } from './scenario/scenario.schema.ts';
import { locateAll } from './scenario/yaml-source.ts';

export interface CheckResult {
  scenario: Scenario | undefined;
  compiled: CompiledScenario | undefined;
  /** Located and sorted: parse, schema, references, then lint. */
  diagnostics: Diagnostic[];
  lint: LintReport | undefined;
}

/**
 * The whole pipeline on one scenario file: parse → validate → compile → lint. The command line,
 * the Atelier and the tests all go through it. Never throws on bad input.
 *
 * @example
 * const { diagnostics } = checkScenario(text, 'scenarios/fuite.yaml', library, { lint: true });
 */
export function checkScenario(
  text: string,
  file: string,
  library: Library,
  options: LintOptions & { lint?: boolean } = {},
): CheckResult {
  const parsed = parseScenario(text, file, library);
  if (!parsed.scenario) {
    return { scenario: undefined, compiled: undefined, diagnostics: sortDiagnostics(parsed.diagnostics), lint: undefined };
  }
  const compiled = compileScenario(parsed.scenario, library);
  let lint: LintReport | undefined;
  let diagnostics = parsed.diagnostics;
  if (options.lint !== false && !hasErrors(diagnostics)) {
    lint = lintScenario(compiled, library, options);
    diagnostics = [...diagnostics, ...locateAll(lint.diagnostics, parsed.source)];
  }
  return { scenario: parsed.scenario, compiled, diagnostics: sortDiagnostics(diagnostics), lint };
}
