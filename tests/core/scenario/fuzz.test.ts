import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkScenario, type CheckResult } from '../../../src/core/check.ts';
import { library } from '../../helpers/scenarios.ts';

/**
 * Reliability: 10,000 mutated scenario files (half changed as text, half changed in structure),
 * each either valid or reported with located diagnostics — and the checker never throws.
 */
const mini = readFileSync('tests/fixtures/mini.yaml', 'utf8');
const data = parse(mini) as unknown;

function assertReported(r: CheckResult, text: string): void {
  for (const d of r.diagnostics) {
    expect(d.line, `${d.code} in:\n${text}`).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.messageEn.length).toBeGreaterThan(0);
  }
  if (!r.compiled) expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
}

/** Every path to a node of a JSON-like value. */
function paths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  const out = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
  return out;
}
const allPaths = paths(data).filter((p) => p.length > 0);

type Mutation = 'delete' | 'null' | 'number' | 'string' | 'list' | 'map' | 'duplicate' | 'huge';
const replacement: Record<Exclude<Mutation, 'delete' | 'duplicate'>, unknown> = {
  null: null,
  number: -7.5,
  string: 'inconnu : « valeur » ; <script>alert(1)</script>',
  list: ['a', 1, null],
  map: { x: { y: 'z' } },
  huge: 'x'.repeat(5000),
};

/** A deep copy of the scenario with one node changed. */
function mutate(path: Array<string | number>, how: Mutation): unknown {
  const copy = structuredClone(data) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (how === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (how === 'duplicate') {
    if (Array.isArray(parent)) parent.push(structuredClone(parent[last]));
    else parent[`${String(last)}-bis`] = structuredClone(parent[last]);
  } else {
    parent[last] = replacement[how];
  }
  return copy;
}

/** 5,000 files take 15–25 s alone here and twice that beside other work: a correctness test, not a timed one. */
const FUZZ_TIMEOUT_MS = 180_000;

describe('the checker on 10,000 mutated scenario files', () => {
  it('text mutations (5,000): junk inserted, text cut, lines swapped — never throws, always located', () => {
    const lines = mini.split('\n');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(fc.constant('splice' as const), fc.string({ maxLength: 80 }), fc.nat(mini.length), fc.nat(60)),
          fc.tuple(fc.constant('swap' as const), fc.string({ maxLength: 0 }), fc.nat(lines.length - 1), fc.nat(lines.length - 1)),
          fc.tuple(fc.constant('indent' as const), fc.constantFrom(' ', '  ', '\t', ''), fc.nat(lines.length - 1), fc.nat(3)),
        ),
        ([kind, text, a, b]) => {
          let source: string;
          if (kind === 'splice') source = mini.slice(0, a) + text + mini.slice(a + b);
          else if (kind === 'swap') {
            const copy = [...lines];
            [copy[a], copy[b]] = [copy[b] ?? '', copy[a] ?? ''];
            source = copy.join('\n');
          } else {
            const copy = [...lines];
            copy[a] = text.repeat(b + 1) + (copy[a] ?? '');
            source = copy.join('\n');
          }
          assertReported(checkScenario(source, 'fuzz.yaml', library(), { lint: false }), source);
        },
      ),
      { numRuns: 5_000, seed: 20261129 },
    );
  }, FUZZ_TIMEOUT_MS);

  it('structure mutations (5,000): a node deleted, retyped or duplicated — never throws, always located', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...allPaths),
        fc.constantFrom<Mutation>('delete', 'null', 'number', 'string', 'list', 'map', 'duplicate', 'huge'),
        (path, how) => {
          const source = stringify(mutate(path, how));
          assertReported(checkScenario(source, 'fuzz.yaml', library(), { lint: false }), source);
        },
      ),
      { numRuns: 5_000, seed: 20261129 },
    );
  }, FUZZ_TIMEOUT_MS);
});
