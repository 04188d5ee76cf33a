import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { diffSources, readSourceFields, setSourceFields } from '../../../src/app/atelier/versions.ts';
import { bundledSources } from '../../helpers/atelier.ts';

describe('diffSources', () => {
  it('gives one entry per line, with the line numbers on each side', () => {
    expect(diffSources('a\nb\nc\n', 'a\nB\nc\nd\n')).toEqual([
      { kind: 'same', text: 'a', oldLine: 1, newLine: 1 },
      { kind: 'removed', text: 'b', oldLine: 2 },
      { kind: 'added', text: 'B', newLine: 2 },
      { kind: 'same', text: 'c', oldLine: 3, newLine: 3 },
      { kind: 'added', text: 'd', newLine: 4 },
    ]);
  });

  it('sees no change between equal texts, whatever their line endings', () => {
    const lines = diffSources('x: 1\r\ny: 2\r\n', 'x: 1\ny: 2');
    expect(lines.map((l) => l.kind)).toEqual(['same', 'same']);
    expect(lines.map((l) => l.text)).toEqual(['x: 1', 'y: 2']);
  });

  it('shows an empty before as all added', () => {
    expect(diffSources('', 'a\nb')).toEqual([
      { kind: 'added', text: 'a', newLine: 1 },
      { kind: 'added', text: 'b', newLine: 2 },
    ]);
  });
});

describe('setSourceFields', () => {
  it('changes the values only: comments, layout and other fields are kept byte for byte', () => {
    const before = '# en-tête\nid: a # fixe\nversion: 1 # auto\ntitle: >-\n  Un titre\n  sur deux lignes\nlevel: 1\n';
    const after = setSourceFields(before, { version: 2, id: 'b' });
    expect(after).toBe('# en-tête\nid: b # fixe\nversion: 2 # auto\ntitle: >-\n  Un titre\n  sur deux lignes\nlevel: 1\n');
  });

  it('quotes a text only when YAML needs it, and replaces a block scalar', () => {
    const after = setSourceFields('title: >-\n  Ancien\nlevel: 1\n', { title: 'Attention : urgent' });
    expect(parse(after ?? '')).toEqual({ title: 'Attention : urgent', level: 1 });
    expect(setSourceFields('title: x\n', { title: 'Fuite (copie)' })).toBe('title: Fuite (copie)\n');
    expect(parse(setSourceFields('title: x\n', { title: 'a: b' }) ?? '')).toEqual({ title: 'a: b' });
  });

  it('adds a missing field before the first one, and fills an empty one', () => {
    expect(setSourceFields('# c\nid: a\n', { version: 3 })).toBe('# c\nversion: 3\nid: a\n');
    expect(parse(setSourceFields('id: a\nversion:\n', { version: 3 }) ?? '')).toEqual({ id: 'a', version: 3 });
  });

  it('refuses YAML it cannot read', () => {
    expect(setSourceFields('id: [a\n', { version: 2 })).toBeUndefined();
    expect(setSourceFields('- a\n- b\n', { version: 2 })).toBeUndefined();
  });

  it('bumps a bundled scenario with a one-line diff', async () => {
    const sources = await bundledSources();
    const text = sources['degat-des-eaux-nuit']?.text ?? '';
    const changed = diffSources(text, setSourceFields(text, { version: 7 }) ?? '').filter((l) => l.kind !== 'same');
    expect(changed).toHaveLength(2);
    expect(changed[1]?.text).toMatch(/^version: 7\b/);
  });
});

describe('readSourceFields', () => {
  it('reads title, author and review date leniently', () => {
    expect(readSourceFields('title: Fuite\nauthor: { name: Awa Diallo, role: Gardienne }\nreviewBy: 2027-01-31\nlevel: oops\n')).toEqual({
      title: 'Fuite',
      author: 'Awa Diallo',
      reviewBy: '2027-01-31',
    });
    expect(readSourceFields('title: [\n')).toBeUndefined();
  });
});
