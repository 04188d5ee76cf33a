import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenariosCheck } from '../../scripts/scenarios-check.ts';
import { CATALOGUE } from '../../src/core/diagnostics/catalogue.ts';
import type { Diagnostic } from '../../src/core/diagnostics/diagnostic.ts';

/**
 * Every file in tests/fixtures/invalid/ plants one defect and states on its first line what the
 * checker must report: `# expect: <code> at <line>:<column>`, then a French comment for humans.
 * The folder is read at run time, so a new fixture is picked up without touching this file.
 */
const DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'invalid');
const TODAY = '--today=2026-11-29';
const EXPECT = /^# expect: ([a-z_]+) at (\d+):(\d+)\s*$/;

interface Fixture {
  name: string;
  path: string;
  /** The first two lines, for error messages. */
  header: string;
  expectation: { code: string; line: number; column: number } | undefined;
  explanation: string | undefined;
}

interface JsonReport {
  errors: number;
  warnings: number;
  files: Array<{ file: string; diagnostics: Diagnostic[] }>;
}

function readFixtures(): Fixture[] {
  return readdirSync(DIR)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const path = join(DIR, name);
      const [first = '', second = ''] = readFileSync(path, 'utf8').split(/\r?\n/, 2);
      const m = EXPECT.exec(first);
      const explanation = /^#\s*\S/.test(second) ? second.replace(/^#\s*/, '') : undefined;
      return {
        name,
        path,
        header: `${first}\n${second}`,
        expectation: m ? { code: m[1] as string, line: Number(m[2]), column: Number(m[3]) } : undefined,
        explanation,
      };
    });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function run(argv: string[]): { code: number; output: string } {
  const chunks: string[] = [];
  const code = runScenariosCheck(argv, (t) => chunks.push(t));
  return { code, output: chunks.join('') };
}

const fixtures = readFixtures();

describe('invalid scenario fixtures', () => {
  it('the folder holds enough fixtures, each with a well-formed header', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(18);
    for (const f of fixtures) {
      expect(f.expectation, `${f.name}: first line must be "# expect: <code> at <line>:<column>", got:\n${f.header}`).toBeDefined();
      expect(f.explanation, `${f.name}: second line must be a French comment saying what is wrong`).toBeDefined();
      expect(f.expectation?.line ?? 0, `${f.name}: line is 1-based`).toBeGreaterThan(0);
      expect(f.expectation?.column ?? 0, `${f.name}: column is 1-based`).toBeGreaterThan(0);
    }
  });

  it('each expected code exists in the catalogue and is an error (so the CLI must fail)', () => {
    for (const f of fixtures) {
      const code = f.expectation?.code ?? '';
      expect(Object.keys(CATALOGUE), `${f.name}: unknown code "${code}"`).toContain(code);
      expect(CATALOGUE[code as keyof typeof CATALOGUE].severity, `${f.name}: "${code}" must be an error`).toBe('error');
    }
  });

  it('the fixtures cover at least 15 distinct error codes', () => {
    const codes = new Set(fixtures.map((f) => f.expectation?.code).filter((c): c is string => c !== undefined));
    expect(codes.size, [...codes].sort().join(', ')).toBeGreaterThanOrEqual(15);
  });

  describe.each(fixtures.map((f) => [f.name, f] as const))('%s', (name, f) => {
    it('JSON mode: exits non-zero and reports the planted defect as the first error, at its position', () => {
      const exp = f.expectation;
      expect(exp, `${name}: missing "# expect:" header`).toBeDefined();
      if (!exp) return;
      const { code, output } = run([f.path, '--json', TODAY]);
      expect(code).not.toBe(0);
      const report = JSON.parse(output) as JsonReport;
      expect(report.errors).toBeGreaterThan(0);

      const fileReport = report.files.find((r) => r.file.endsWith(name));
      expect(fileReport, `${name}: no report for this file in ${report.files.map((r) => r.file).join(', ')}`).toBeDefined();
      const diagnostics = fileReport?.diagnostics ?? [];
      const summary = diagnostics.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column}`).join('\n');

      const hit = diagnostics.find((d) => d.code === exp.code && d.line === exp.line && d.column === exp.column);
      expect(hit, `${name}: expected ${exp.code} at ${exp.line}:${exp.column}, got:\n${summary}`).toBeDefined();
      if (!hit) return;
      expect(hit.severity).toBe('error');
      expect(hit.file.endsWith(name), `file "${hit.file}" should end with "${name}"`).toBe(true);
      expect(hit.message.trim()).not.toBe('');
      expect(hit.messageEn.trim()).not.toBe('');
      expect(hit.message, 'French and English messages should differ').not.toBe(hit.messageEn);

      // The planted defect is the one to fix first: no other error comes before it.
      const firstError = diagnostics.find((d) => d.severity === 'error');
      expect(firstError, summary).toBe(hit);
    });

    it('human mode: prints <file>:<line>:<column> with the code', () => {
      const exp = f.expectation;
      expect(exp, `${name}: missing "# expect:" header`).toBeDefined();
      if (!exp) return;
      const { code, output } = run([f.path, TODAY]);
      expect(code).not.toBe(0);
      const where = `${name}:${exp.line}:${exp.column}`;
      expect(output).toContain(where);
      expect(output).toContain(exp.code);
      // Both on one line, compiler style: `<path>/<name>:<line>:<column>: erreur <code>: <message>`.
      const shape = new RegExp(`^\\S*${escapeRegExp(where)}: erreur ${exp.code}: \\S`);
      const line = output.split('\n').find((l) => shape.test(l));
      expect(line, `${name}: no line "…${where}: erreur ${exp.code}: …" in:\n${output}`).toBeDefined();
    });
  });
});
