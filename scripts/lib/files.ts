import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diagnostic, type Diagnostic } from '../../src/core/diagnostics/diagnostic.ts';
import { createLibrary, type Library } from '../../src/core/scenario/library.ts';
import { parseActLibrary, parseCompetencies } from '../../src/core/scenario/parse.ts';

/** Files in `scenarios/` that are not scenarios. */
export const LIBRARY_FILES = new Set(['acts.yaml', 'competencies.yaml']);

export const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
export const SCENARIOS_DIR = join(ROOT, 'scenarios');

export function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

export function readText(path: string): { text: string } | { error: Diagnostic } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (e) {
    const reason = e instanceof Error && 'code' in e ? String((e as NodeJS.ErrnoException).code) : String(e);
    const d = diagnostic('file_unreadable', [], { reason });
    return { error: { ...d, file: display(path) } };
  }
}

/** Reads the shared act library and competencies next to the scenarios. */
export function loadLibrary(dir = SCENARIOS_DIR): { library: Library; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const actsPath = join(dir, 'acts.yaml');
  const compPath = join(dir, 'competencies.yaml');
  const actsText = readText(actsPath);
  const compText = readText(compPath);
  let acts: ReturnType<typeof parseActLibrary>['acts'] = [];
  let competencies: ReturnType<typeof parseCompetencies>['competencies'] = [];
  if ('error' in actsText) diagnostics.push(actsText.error);
  else {
    const r = parseActLibrary(actsText.text, display(actsPath));
    acts = r.acts;
    diagnostics.push(...r.diagnostics);
  }
  if ('error' in compText) diagnostics.push(compText.error);
  else {
    const r = parseCompetencies(compText.text, display(compPath));
    competencies = r.competencies;
    diagnostics.push(...r.diagnostics);
  }
  return { library: createLibrary(acts, competencies), diagnostics };
}

/** Scenario files named on the command line (files or folders), or every one in `scenarios/`. */
export function scenarioFiles(args: readonly string[]): { files: string[]; missing: string[] } {
  const targets = args.length > 0 ? args.map((a) => resolve(a)) : [SCENARIOS_DIR];
  const files: string[] = [];
  const missing: string[] = [];
  for (const t of targets) {
    if (!existsSync(t)) {
      missing.push(t);
      continue;
    }
    if (statSync(t).isDirectory()) {
      for (const name of readdirSync(t).sort()) {
        if (/\.ya?ml$/.test(name) && !LIBRARY_FILES.has(name)) files.push(join(t, name));
      }
    } else if (!LIBRARY_FILES.has(basename(t))) {
      // The act library and competencies are always checked by loadLibrary.
      files.push(t);
    }
  }
  return { files, missing };
}

/** True when the module at `url` is the script Node was started with (not imported by a test). */
export function isMain(url: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(resolve(entry)).href === url;
}
