import { join } from 'node:path';
import type { Plugin } from 'vite';
import { checkScenario } from '../src/core/check.ts';
import { formatDiagnostic, hasErrors } from '../src/core/diagnostics/diagnostic.ts';
import type { CompiledScenario } from '../src/core/dialogue/compiled.ts';
import type { Library } from '../src/core/scenario/library.ts';
import { display, loadLibrary, readText, scenarioFiles, SCENARIOS_DIR } from './lib/files.ts';

const CATALOGUE_ID = 'virtual:palier-scenarios';
const SCENARIO_PREFIX = 'virtual:palier-scenario/';
const ACTS_ID = 'virtual:palier-acts';
const ATELIER_ID = 'virtual:palier-atelier';
const SOURCE_PREFIX = 'virtual:palier-source/';

interface Build {
  library: Library;
  compiled: Map<string, CompiledScenario>;
  /** The YAML source of each bundled scenario, by id (for the Atelier: read, duplicate). */
  sources: Map<string, { file: string; text: string }>;
}

/**
 * Compiles the bundled scenarios at build time, so the app ships their runtime artifacts and never
 * needs the YAML parser or the schema validator to practise. Three kinds of virtual modules:
 * - `virtual:palier-scenarios`: the catalogue (metadata, small, on the first screen) and a
 *   loader per scenario;
 * - `virtual:palier-scenario/<id>`: one compiled scenario, its own chunk, loaded when played;
 * - `virtual:palier-acts`: the shared act examples, loaded for free-text play only;
 * - `virtual:palier-atelier`: the act library and the competencies, loaded by the Atelier only
 *   (seniors check scenarios in the browser), with a loader per bundled scenario's YAML source;
 * - `virtual:palier-source/<id>`: one bundled scenario's YAML source, its own chunk.
 * A scenario with errors fails the build with located diagnostics.
 */
export function palierScenarios(): Plugin {
  let cache: Build | undefined;

  const build = (ctx: { addWatchFile(f: string): void; error(m: string): never }): Build => {
    if (cache) return cache;
    const { library, diagnostics } = loadLibrary();
    const problems = diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d));
    const compiled = new Map<string, CompiledScenario>();
    const sources = new Map<string, { file: string; text: string }>();
    ctx.addWatchFile(join(SCENARIOS_DIR, 'acts.yaml'));
    ctx.addWatchFile(join(SCENARIOS_DIR, 'competencies.yaml'));
    for (const file of scenarioFiles([]).files) {
      ctx.addWatchFile(file);
      const read = readText(file);
      if ('error' in read) {
        problems.push(formatDiagnostic(read.error));
        continue;
      }
      const result = checkScenario(read.text, display(file), library, { lint: false });
      if (!result.compiled || hasErrors(result.diagnostics)) {
        problems.push(...result.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d)));
      } else {
        compiled.set(result.compiled.id, result.compiled);
        sources.set(result.compiled.id, { file: display(file), text: read.text });
      }
    }
    if (problems.length > 0) ctx.error(`Scénarios invalides :\n${problems.join('\n')}`);
    cache = { library, compiled, sources };
    return cache;
  };

  return {
    name: 'palier-scenarios',
    resolveId(id) {
      if (id === CATALOGUE_ID || id === ACTS_ID || id === ATELIER_ID || id.startsWith(SCENARIO_PREFIX) || id.startsWith(SOURCE_PREFIX)) return `\0${id}`;
      return undefined;
    },
    load(id) {
      if (!id.startsWith('\0virtual:palier-')) return undefined;
      const { library, compiled, sources } = build(this);
      const key = id.slice(1);
      if (key === CATALOGUE_ID) {
        const entries = [...compiled.values()].map((c) => ({
          id: c.id,
          version: c.version,
          hash: c.hash,
          ...c.meta,
        }));
        const competencies = [...library.competencies.values()];
        const loaders = [...compiled.keys()]
          .map((sid) => `  ${JSON.stringify(sid)}: () => import(${JSON.stringify(SCENARIO_PREFIX + sid)}).then((m) => m.default),`)
          .join('\n');
        return [
          `export const catalogue = ${JSON.stringify(entries)};`,
          `export const competencies = ${JSON.stringify(competencies)};`,
          `export const loaders = {\n${loaders}\n};`,
        ].join('\n');
      }
      if (key === ACTS_ID) {
        const examples = Object.fromEntries([...library.acts.values()].map((a) => [a.id, a.examples]));
        return `export default ${JSON.stringify(examples)};`;
      }
      if (key === ATELIER_ID) {
        return [
          `export const acts = ${JSON.stringify([...library.acts.values()])};`,
          `export const competencies = ${JSON.stringify([...library.competencies.values()])};`,
          `export const sources = {\n${[...sources.keys()]
            .map((sid) => `  ${JSON.stringify(sid)}: () => import(${JSON.stringify(SOURCE_PREFIX + sid)}).then((m) => m.default),`)
            .join('\n')}\n};`,
        ].join('\n');
      }
      if (key.startsWith(SOURCE_PREFIX)) {
        const source = sources.get(key.slice(SOURCE_PREFIX.length));
        if (!source) this.error(`Scénario inconnu : ${key}`);
        return `export default ${JSON.stringify(source)};`;
      }
      const scenario = compiled.get(key.slice(SCENARIO_PREFIX.length));
      if (!scenario) this.error(`Scénario inconnu : ${key}`);
      return `export default ${JSON.stringify(scenario)};`;
    },
    handleHotUpdate(ctx) {
      if (!ctx.file.startsWith(SCENARIOS_DIR)) return undefined;
      // An edited scenario: recompile everything and reload the page.
      cache = undefined;
      for (const mod of ctx.server.moduleGraph.idToModuleMap.values()) {
        if (mod.id?.startsWith('\0virtual:palier-')) ctx.server.moduleGraph.invalidateModule(mod);
      }
      ctx.server.ws.send({ type: 'full-reload' });
      return [];
    },
  };
}
