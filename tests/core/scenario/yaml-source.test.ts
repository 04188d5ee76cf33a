import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readYaml, readYamlWithPositions } from '../../../src/core/scenario/yaml-source.ts';

const files = [
  ...readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios', f)),
  ...readdirSync('tests/fixtures/invalid').map((f) => join('tests/fixtures/invalid', f)),
  'tests/fixtures/mini.yaml',
];

describe('reading YAML', () => {
  it.each(files)('the fast and the position-keeping parsers agree on %s', (file) => {
    const text = readFileSync(file, 'utf8');
    const fast = readYaml(text, file);
    const full = readYamlWithPositions(text, file);
    // Where the position-keeping parser reads a value, the fast one reads the same value.
    if (full.diagnostics.length === 0) expect(fast.value).toEqual(full.value);
    // A syntax error is always reported, with its position.
    if (fast.diagnostics.length > 0) expect(fast.diagnostics).toEqual(full.diagnostics);
  });

  it('locates paths lazily on a well-formed file', () => {
    const src = readYaml('a: 1\nb:\n  c: [x, y]\n', 'x.yaml');
    expect(src.diagnostics).toEqual([]);
    expect(src.locate(['b', 'c', 1])).toEqual({ line: 3, column: 10 });
    expect(src.locate(['b'])).toEqual({ line: 2, column: 1 });
  });

  it('reports a duplicate key and a syntax error with positions', () => {
    expect(readYaml('a: 1\na: 2\n', 'x.yaml').diagnostics.map((d) => [d.code, d.line])).toEqual([['yaml_duplicate_key', 2]]);
    expect(readYaml('a: [1, 2\nb: 3\n', 'x.yaml').diagnostics[0]?.code).toBe('yaml_syntax');
  });

  it('refuses an alias bomb without hanging or throwing', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
    const src = readYaml(bomb, 'bomb.yaml');
    expect(src.value).toBeUndefined();
    expect(src.diagnostics[0]?.code).toBe('yaml_syntax');
  });
});
