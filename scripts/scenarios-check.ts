/**
 * npm run scenarios:check [paths…] [--json] [--lang=en] [--today=AAAA-MM-JJ]
 *
 * Validates and lints every scenario in scenarios/ (or only the files and folders named), prints
 * located diagnostics and a summary per file, and exits with 1 when there is any error.
 */
import { checkScenario } from '../src/core/check.ts';
import { diagnostic, formatDiagnostic, type Diagnostic, type Lang } from '../src/core/diagnostics/diagnostic.ts';
import { display, isMain, loadLibrary, readText, scenarioFiles } from './lib/files.ts';

interface FileReport {
  file: string;
  id: string | undefined;
  diagnostics: Diagnostic[];
  summary?: {
    states: number;
    reachableOutcomes: string[];
    bestPercent: number;
    bestGuidedPercent: number;
    tests: { poor: number; average: number; senior: number };
    explored: number;
  };
}

function parseArgs(argv: readonly string[]): { paths: string[]; json: boolean; lang: Lang; today: string | undefined } {
  const paths: string[] = [];
  let json = false;
  let lang: Lang = 'fr';
  let today: string | undefined;
  for (const a of argv) {
    if (a === '--json') json = true;
    else if (a === '--lang=en') lang = 'en';
    else if (a.startsWith('--today=')) today = a.slice('--today='.length);
    else paths.push(a);
  }
  return { paths, json, lang, today };
}

/**
 * The command, as a function: tests call it in-process. Returns the exit code; output goes to
 * `write`.
 */
export function runScenariosCheck(argv: readonly string[], write: (text: string) => void): number {
  const args = parseArgs(argv);
  const { library, diagnostics: libraryDiagnostics } = loadLibrary();
  const { files, missing } = scenarioFiles(args.paths);
  const reports: FileReport[] = [];
  if (libraryDiagnostics.length > 0) {
    reports.push({ file: 'scenarios/ (bibliothèque)', id: undefined, diagnostics: libraryDiagnostics });
  }
  for (const m of missing) {
    reports.push({ file: display(m), id: undefined, diagnostics: [{ ...diagnostic('file_unreadable', [], { reason: 'ENOENT' }), file: display(m) }] });
  }
  for (const path of files) {
    const file = display(path);
    const read = readText(path);
    if ('error' in read) {
      reports.push({ file, id: undefined, diagnostics: [read.error] });
      continue;
    }
    const result = checkScenario(read.text, file, library, { ...(args.today ? { today: args.today } : {}) });
    const report: FileReport = { file, id: result.scenario?.id, diagnostics: result.diagnostics };
    if (result.lint && result.compiled) {
      report.summary = {
        states: Object.keys(result.compiled.states).length,
        reachableOutcomes: [...result.lint.exploration.outcomes].sort(),
        bestPercent: Math.max(result.lint.exploration.bestPercent, result.lint.tests.senior.card.percent),
        bestGuidedPercent: result.lint.exploration.bestGuidedPercent,
        tests: {
          poor: result.lint.tests.poor.card.percent,
          average: result.lint.tests.average.card.percent,
          senior: result.lint.tests.senior.card.percent,
        },
        explored: result.lint.exploration.nodes,
      };
    }
    reports.push(report);
  }

  const all = reports.flatMap((r) => r.diagnostics);
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.filter((d) => d.severity === 'warning').length;
  if (args.json) {
    write(`${JSON.stringify({ errors, warnings, files: reports }, null, 2)}\n`);
  } else {
    const fr = args.lang === 'fr';
    for (const r of reports) {
      for (const d of r.diagnostics) write(`${formatDiagnostic(d, args.lang)}\n`);
      const e = r.diagnostics.filter((d) => d.severity === 'error').length;
      const w = r.diagnostics.filter((d) => d.severity === 'warning').length;
      const mark = e > 0 ? '✗' : '✓';
      let line = `${mark} ${r.file} — ${e} ${fr ? 'erreur(s)' : 'error(s)'}, ${w} ${fr ? 'avertissement(s)' : 'warning(s)'}`;
      if (r.summary) {
        const s = r.summary;
        line += fr
          ? ` · ${s.states} états · issues atteignables : ${s.reachableOutcomes.join(', ')} · meilleur parcours ${s.bestPercent} % (guidé ${s.bestGuidedPercent} %) · tests poor/average/senior ${s.tests.poor} / ${s.tests.average} / ${s.tests.senior} %`
          : ` · ${s.states} states · reachable outcomes: ${s.reachableOutcomes.join(', ')} · best path ${s.bestPercent}% (guided ${s.bestGuidedPercent}%) · tests poor/average/senior ${s.tests.poor} / ${s.tests.average} / ${s.tests.senior}%`;
      }
      write(`${line}\n`);
    }
    write(
      fr
        ? `${files.length} scénario(s) vérifié(s) : ${errors} erreur(s), ${warnings} avertissement(s).\n`
        : `${files.length} scenario(s) checked: ${errors} error(s), ${warnings} warning(s).\n`,
    );
  }
  return errors > 0 ? 1 : 0;
}

if (isMain(import.meta.url)) {
  process.exitCode = runScenariosCheck(process.argv.slice(2), (t) => process.stdout.write(t));
}
