import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { checkScenario } from '../../src/core/check.ts';
import type { CompiledScenario } from '../../src/core/dialogue/compiled.ts';
import type { Library } from '../../src/core/scenario/library.ts';
import { loadLibrary, scenarioFiles } from '../../scripts/lib/files.ts';

let cached: Library | undefined;

/** The real shared library (scenarios/acts.yaml and competencies.yaml). */
export function library(): Library {
  if (!cached) {
    const { library: lib, diagnostics } = loadLibrary();
    if (diagnostics.length > 0) throw new Error(`library has diagnostics: ${JSON.stringify(diagnostics)}`);
    cached = lib;
  }
  return cached;
}

/** Every bundled scenario, compiled (no lint). */
export function bundledScenarios(): Array<{ file: string; compiled: CompiledScenario }> {
  return scenarioFiles([]).files.map((file) => {
    const r = checkScenario(readFileSync(file, 'utf8'), basename(file), library(), { lint: false });
    if (!r.compiled) throw new Error(`${file} does not compile: ${r.diagnostics.map((d) => d.code).join(', ')}`);
    return { file: basename(file), compiled: r.compiled };
  });
}

export function compileFile(path: string): CompiledScenario {
  const r = checkScenario(readFileSync(path, 'utf8'), basename(path), library(), { lint: false });
  if (!r.compiled) throw new Error(`${path} does not compile: ${r.diagnostics.map((d) => d.code).join(', ')}`);
  return r.compiled;
}

/** A tiny valid scenario as YAML text, for tests that mutate one field at a time. */
export const STARTER = 'scenarios/degat-des-eaux-nuit.yaml';
