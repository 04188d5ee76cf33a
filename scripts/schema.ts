/**
 * npm run schema [-- --check]
 *
 * Writes the JSON Schemas editors use (scenario, act library, competencies) from the zod schemas,
 * the single source of truth. With --check, writes nothing and exits 1 if a file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ActLibraryFile } from '../src/core/scenario/act.schema.ts';
import { CompetencyFile } from '../src/core/scenario/competency.schema.ts';
import { Scenario } from '../src/core/scenario/scenario.schema.ts';
import { display, SCENARIOS_DIR } from './lib/files.ts';

const targets: Array<{ file: string; schema: z.ZodType; title: string }> = [
  { file: 'scenario.schema.json', schema: Scenario, title: 'Scénario Palier' },
  { file: 'acts.schema.json', schema: ActLibraryFile, title: 'Bibliothèque d’actes Palier' },
  { file: 'competencies.schema.json', schema: CompetencyFile, title: 'Compétences Palier' },
];

function render(schema: z.ZodType, title: string): string {
  // Input shape (fields with defaults are optional for the author); draft-07 is what the YAML
  // language server in VS Code and most editors read.
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-7' });
  return `${JSON.stringify({ ...json, title }, null, 2)}\n`;
}

const check = process.argv.includes('--check');
let stale = 0;
for (const t of targets) {
  const path = join(SCENARIOS_DIR, t.file);
  const next = render(t.schema, t.title);
  let current: string;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = '';
  }
  if (current === next) continue;
  if (check) {
    stale++;
    process.stderr.write(`${display(path)} est périmé : lancez « npm run schema » et commitez le résultat.\n`);
  } else {
    writeFileSync(path, next);
    process.stdout.write(`écrit : ${display(path)}\n`);
  }
}
if (check && stale === 0) process.stdout.write('Schémas JSON à jour.\n');
process.exitCode = stale > 0 ? 1 : 0;
