import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { toFrenchCsv, type CsvCell } from '../../../src/app/revue/csv.ts';

/**
 * Reads a file back the way a spreadsheet would: Papa Parse set to French Excel's dialect
 * (`;`, CRLF, `"`), every value as text. Fails on any parse error.
 */
function readBack(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  expect(csv.endsWith('\r\n')).toBe(true);
  // Papa Parse, like Excel, drops the BOM; the final CRLF ends the last record (RFC 4180) and
  // would otherwise read as one more, empty, record.
  const result = Papa.parse<string[]>(csv.slice(0, -2), {
    delimiter: ';',
    newline: '\r\n',
    quoteChar: '"',
    escapeChar: '"',
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
  });
  expect(result.errors).toEqual([]);
  return result.data;
}

/** What a text cell becomes: OWASP's formula triggers get a leading apostrophe. */
const neutralised = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

describe('toFrenchCsv', () => {
  it('writes the exact bytes French Excel expects: BOM, semicolons, CRLF, decimal commas', () => {
    const csv = toFrenchCsv(
      ['Junior', 'Score', 'Réussi', 'Tours'],
      [
        ['Léa', 72.5, true, 12],
        ['Noé', -3.25, false, null],
      ],
    );
    expect(csv).toBe('\uFEFFJunior;Score;Réussi;Tours\r\nLéa;72,5;oui;12\r\nNoé;-3,25;non;\r\n');
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    // Quoted only when needed: separator, quote, line break, and edge whitespace Excel would trim.
    expect(toFrenchCsv(['a', 'b', 'c', 'd', 'e'], [['  deux', 'fin ', 'dit "oui"', 'a;b', 'a, b']])).toBe(
      '\uFEFFa;b;c;d;e\r\n"  deux";"fin ";"dit ""oui""";"a;b";a, b\r\n',
    );
  });

  it('reads back identical through a CSV parser: accents, quotes, separators, newlines, spaces', () => {
    const header = ['Critère', 'Commentaire du formateur', 'Niveau', 'Note', 'Validé'];
    const rows: CsvCell[][] = [
      ['Écoute « active »', 'Très bien ; elle a reformulé.', 'acquis', 72.5, true],
      ['Cœur du problème', 'Il a dit "on verra", puis\r\nil a raccroché.', 'en cours', 0, false],
      ['Œuvre', 'ligne 1\nligne 2\rligne 3', 'non acquis', -12.75, null],
      ['  espaces  ', '\tdébut tabulé', '', 1234567, undefined],
      ['Nombres', 'virgule, point.', 'x', 0.1 + 0.2, 1e-7],
    ];
    expect(readBack(toFrenchCsv(header, rows))).toEqual([
      header,
      ['Écoute « active »', 'Très bien ; elle a reformulé.', 'acquis', '72,5', 'oui'],
      ['Cœur du problème', 'Il a dit "on verra", puis\r\nil a raccroché.', 'en cours', '0', 'non'],
      ['Œuvre', 'ligne 1\nligne 2\rligne 3', 'non acquis', '-12,75', ''],
      // A leading tab is a formula trigger for OWASP: prefixed, then kept verbatim.
      ['  espaces  ', "'\tdébut tabulé", '', '1234567', ''],
      ['Nombres', 'virgule, point.', 'x', '0,30000000000000004', '1e-7'],
    ]);
  });

  it('writes numbers without thousands separator, integers plain, NaN and Infinity empty', () => {
    const numbers = [1234567.891, 42, -0, Number.NaN, Infinity, -Infinity, 2.5e21];
    const back = readBack(toFrenchCsv(['n'], numbers.map((x) => [x])));
    expect(back.slice(1).map((row) => row[0])).toEqual([
      '1234567,891',
      '42',
      '0',
      '',
      '',
      '',
      '2,5e+21',
    ]);
  });

  it('keeps a one-column row with an empty value as a record, not a blank line', () => {
    const csv = toFrenchCsv(['Annotation'], [['première'], [''], [null], ['dernière']]);
    expect(csv).toBe('\uFEFFAnnotation\r\npremière\r\n""\r\n""\r\ndernière\r\n');
    expect(readBack(csv)).toEqual([['Annotation'], ['première'], [''], [''], ['dernière']]);
  });

  it('neutralises formula injection in text, header included, but leaves negative numbers alone', () => {
    const attacks = [
      '=1+1',
      '+33 6 12 34 56 78',
      '-2+3',
      '@SUM(A1:A2)',
      '\t=1',
      '\r=1',
      '=HYPERLINK("http://x","clic")',
    ];
    const csv = toFrenchCsv(
      ['=cmd|" /C calc"!A0', 'Valeur'],
      attacks.map((text) => [text, -3.5]),
    );
    const back = readBack(csv);
    expect(back[0]).toEqual([`'=cmd|" /C calc"!A0`, 'Valeur']);
    expect(back.slice(1)).toEqual(attacks.map((text) => [`'${text}`, '-3,5']));
    // Only a leading trigger counts; inside a text it is harmless.
    expect(readBack(toFrenchCsv(['a'], [['a=b-c+d@e']]))[1]).toEqual(['a=b-c+d@e']);
  });

  it('writes dates as AAAA-MM-JJ HH:MM, local time by default or UTC on request', () => {
    const local = new Date(2025, 0, 9, 7, 3, 59); // seconds are dropped, not rounded
    const back = readBack(toFrenchCsv(['Date'], [[local], [new Date(Number.NaN)]]));
    expect(back.slice(1)).toEqual([['2025-01-09 07:03'], ['']]);
    const utc = new Date(Date.UTC(2024, 11, 31, 23, 45));
    expect(readBack(toFrenchCsv(['Date'], [[utc]], { dates: 'utc' }))[1]).toEqual(['2024-12-31 23:45']);
  });

  it('gives what its documentation example says', () => {
    const csv = toFrenchCsv(
      ['Junior', 'Score', 'Réussi', 'Date'],
      [
        ['Léa', 72.5, true, new Date(2025, 2, 4, 9, 5)],
        ['=HYPERLINK("x")', -3, false, null],
      ],
    );
    expect(csv).toBe(
      '\uFEFFJunior;Score;Réussi;Date\r\n' +
        'Léa;72,5;oui;2025-03-04 09:05\r\n' +
        `"'=HYPERLINK(""x"")";-3;non;\r\n`,
    );
  });

  it('refuses rows that do not match the header, naming the row', () => {
    expect(() => toFrenchCsv(['a', 'b'], [['1', '2'], ['3']])).toThrow(/row 2 has 1 cells, the header has 2/);
    expect(() => toFrenchCsv([], [])).toThrow(/header has no column/);
  });

  it('round-trips any text through a CSV parser (property)', () => {
    const tricky = fc.constantFrom(
      ...[';', '"', '\r', '\n', '\r\n', ' ', '\t', '=', '+', '-', '@', "'"],
      ...['é', 'œ', '«', '»', '\u00a0', '\u202f', '😀'],
    );
    const unit = fc.oneof(tricky, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
    const text = fc.string({ unit, maxLength: 12 });
    const table = fc.array(fc.array(text, { minLength: 4, maxLength: 4 }), { maxLength: 6 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), table, (width, cells) => {
        const rows = cells.map((row) => row.slice(0, width));
        const header = Array.from({ length: width }, (_, i) => `colonne ${i + 1}`);
        const back = readBack(toFrenchCsv(header, rows));
        expect(back).toEqual([header, ...rows.map((row) => row.map(neutralised))]);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips any finite number as its French text (property)', () => {
    const numbers = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
      minLength: 1,
      maxLength: 20,
    });
    fc.assert(
      fc.property(numbers, (xs) => {
        const back = readBack(toFrenchCsv(['x'], xs.map((x) => [x])));
        back.slice(1).forEach(([cell], i) => {
          expect(cell).not.toContain('.');
          expect(cell).not.toMatch(/\s/);
          // -0 is written "0": the sign of zero means nothing in a spreadsheet.
          expect(Number(cell!.replace(',', '.'))).toBe(xs[i] === 0 ? 0 : xs[i]);
        });
      }),
      { numRuns: 200 },
    );
  });
});
