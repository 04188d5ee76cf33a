import { join } from 'node:path';
import type { Plugin } from 'vite';
import { checkScenario } from '../src/core/check.ts';
import { formatDiagnostic, hasErrors } from '../src/core/diagnostics/diagnostic.ts';
import type { CompiledScenario } from '../src/core/dialogue/compiled.ts';
import { display, loadLibrary, readText, scenarioFiles, SCENARIOS_DIR } from './lib/files.ts';

const VIRTUAL_ID = 'virtual:palier-scenarios';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/**
 * Compiles the bundled scenarios at build time, so the app ships their runtime artifacts and never
 * needs the YAML parser or the schema validator to practise. A scenario with errors fails the
 * build with located diagnostics.
 */
export function palierScenarios(): Plugin {
  return {
    name: 'palier-scenarios',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const { library, diagnostics } = loadLibrary();
      const problems = diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d));
      const compiled: CompiledScenario[] = [];
      this.addWatchFile(join(SCENARIOS_DIR, 'acts.yaml'));
      this.addWatchFile(join(SCENARIOS_DIR, 'competencies.yaml'));
      for (const file of scenarioFiles([]).files) {
        this.addWatchFile(file);
        const read = readText(file);
        if ('error' in read) {
          problems.push(formatDiagnostic(read.error));
          continue;
        }
        const result = checkScenario(read.text, display(file), library, { lint: false });
        if (!result.compiled || hasErrors(result.diagnostics)) {
          problems.push(...result.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d)));
        } else {
          compiled.push(result.compiled);
        }
      }
      if (problems.length > 0) this.error(`Scénarios invalides :\n${problems.join('\n')}`);
      const catalogue = compiled.map((c) => ({ id: c.id, version: c.version, ...c.meta }));
      return `export const catalogue = ${JSON.stringify(catalogue)};\n`;
    },
  };
}
