import { z } from 'zod';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { ActLibraryFile, type ActDefinition } from './act.schema.ts';
import { CompetencyFile, type Competency } from './competency.schema.ts';
import type { Library } from './library.ts';
import { Scenario, SCHEMA_VERSION } from './scenario.schema.ts';
import { issuesToDiagnostics } from './schema-issues.ts';
import { validateReferences } from './validate.ts';
import { locateAll, readYaml, type YamlSource } from './yaml-source.ts';

let keysCache: string[] | undefined;

/** Every field name the language knows, for « did you mean » on unknown fields. */
function knownKeys(): string[] {
  if (keysCache) return keysCache;
  const keys = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'properties' && v && typeof v === 'object') Object.keys(v).forEach((p) => keys.add(p));
        walk(v);
      }
    }
  };
  walk(z.toJSONSchema(Scenario, { io: 'input', unrepresentable: 'any' }));
  keysCache = [...keys];
  return keysCache;
}

interface Parsed<T> {
  value: T | undefined;
  source: YamlSource;
  diagnostics: Diagnostic[];
}

function parseWith<T>(text: string, file: string, schema: z.ZodType<T>): Parsed<T> {
  const source = readYaml(text, file);
  if (hasErrors(source.diagnostics)) return { value: undefined, source, diagnostics: source.diagnostics };
  const raw = source.value;
  const version = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).schemaVersion : undefined;
  // Another version number: refuse before anything else (the shape may differ entirely). A value
  // of the wrong type is left to the schema, which says so.
  if (typeof version === 'number' && version !== SCHEMA_VERSION) {
    const d = diagnostic('schema_version_unsupported', ['schemaVersion'], { found: String(version), supported: SCHEMA_VERSION });
    return { value: undefined, source, diagnostics: locateAll([d], source) };
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const ds = issuesToDiagnostics(result.error.issues, raw, knownKeys());
    return { value: undefined, source, diagnostics: locateAll(ds, source) };
  }
  return { value: result.data, source, diagnostics: [] };
}

/**
 * Reads one scenario file: YAML, then the schema, then cross-references against the library.
 * Never throws; `scenario` is set only when there is no error (warnings may remain).
 *
 * @example
 * const { scenario, diagnostics } = parseScenario(text, 'scenarios/fuite.yaml', library);
 * if (!scenario) console.log(diagnostics.map((d) => d.code));
 */
export function parseScenario(
  text: string,
  file: string,
  library: Library,
): { scenario: Scenario | undefined; source: YamlSource; diagnostics: Diagnostic[] } {
  const parsed = parseWith(text, file, Scenario);
  if (!parsed.value) return { scenario: undefined, source: parsed.source, diagnostics: parsed.diagnostics };
  const refs = locateAll(validateReferences(parsed.value, library), parsed.source);
  return { scenario: hasErrors(refs) ? undefined : parsed.value, source: parsed.source, diagnostics: refs };
}

/** Reads `scenarios/acts.yaml`. */
export function parseActLibrary(text: string, file: string): { acts: ActDefinition[]; diagnostics: Diagnostic[] } {
  const parsed = parseWith(text, file, ActLibraryFile);
  if (!parsed.value) return { acts: [], diagnostics: parsed.diagnostics };
  const seen = new Set<string>();
  const ds: Diagnostic[] = [];
  parsed.value.acts.forEach((a, i) => {
    if (seen.has(a.id)) ds.push(diagnostic('duplicate_id', ['acts', i, 'id'], { id: a.id, kind: 'acts' }));
    seen.add(a.id);
  });
  return { acts: parsed.value.acts, diagnostics: locateAll(ds, parsed.source) };
}

/** Reads `scenarios/competencies.yaml`. */
export function parseCompetencies(text: string, file: string): { competencies: Competency[]; diagnostics: Diagnostic[] } {
  const parsed = parseWith(text, file, CompetencyFile);
  if (!parsed.value) return { competencies: [], diagnostics: parsed.diagnostics };
  const seen = new Set<string>();
  const ds: Diagnostic[] = [];
  parsed.value.competencies.forEach((c, i) => {
    if (seen.has(c.id)) ds.push(diagnostic('duplicate_id', ['competencies', i, 'id'], { id: c.id, kind: 'competencies' }));
    seen.add(c.id);
  });
  return { competencies: parsed.value.competencies, diagnostics: locateAll(ds, parsed.source) };
}
