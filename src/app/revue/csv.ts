/**
 * CSV that French Excel opens correctly by a double click, for the Revue exports (issue 7).
 * Pure: returns the file's text; the caller makes the Blob (`type: 'text/csv;charset=utf-8'`).
 *
 * What French Excel needs, and what this writes:
 * - UTF-8 with a byte order mark (`\uFEFF`): without it Excel reads the file as Windows-1252 and
 *   "é" becomes "Ã©". No `sep=;` line: Excel then ignores the BOM.
 * - `;` between fields (the list separator of the French locale), CRLF after every record.
 * - Numbers with a decimal comma and no thousands separator (`72,5`, `1234`); NaN and ±Infinity
 *   are written as empty cells (Excel has no spelling for them).
 * - Dates as `AAAA-MM-JJ HH:MM` (year-month-day, 24 h), which Excel recognises as a date and time
 *   in every locale and sorts as text too. The default is the device's local time — the clock of
 *   the trainer who reads the file — without a zone suffix (Excel would turn a suffixed value into
 *   text); `{ dates: 'utc' }` writes UTC instead, for files compared across time zones.
 *   An invalid Date is an empty cell.
 * - Booleans as `oui` / `non`; null and undefined as empty cells.
 * - Quoting per RFC 4180: a field holding `;`, `"`, CR or LF, or starting or ending with
 *   whitespace (Excel would trim it), is wrapped in `"` with inner quotes doubled. A record that
 *   would be an empty line (one column, empty value) is written `""` so no reader skips it.
 * - Formula injection (OWASP "CSV Injection"): a text cell — header or value — starting with
 *   `=`, `+`, `-`, `@`, tab or CR is prefixed with `'` so Excel shows it as text instead of running
 *   it. A negative number is a number, not text, and stays `-3,5`.
 */

/** A value a cell can hold. */
export type CsvCell = string | number | boolean | null | undefined | Date;

/** Options of {@link toFrenchCsv}. */
export interface FrenchCsvOptions {
  /** Clock dates are written in: the device's local time (default) or UTC. */
  dates?: 'local' | 'utc';
}

const BOM = '\uFEFF';
const SEPARATOR = ';';
const EOL = '\r\n';
/** First characters that make Excel (or LibreOffice) read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[;"\r\n]|^\s|\s$/;

/**
 * The text of a CSV file for French Excel: BOM, `;`, CRLF, decimal commas, `oui`/`non`,
 * `AAAA-MM-JJ HH:MM` dates, RFC 4180 quoting and formula-injection protection (see the module
 * comment for each choice).
 *
 * @throws RangeError when the header is empty or a row does not have as many cells as the header
 *   (naming the row, counted from 1 after the header).
 * @example
 * toFrenchCsv(['Junior', 'Score', 'Réussi', 'Date'], [
 *   ['Léa', 72.5, true, new Date(2025, 2, 4, 9, 5)],
 *   ['=HYPERLINK("x")', -3, false, null],
 * ]);
 * // '\uFEFFJunior;Score;Réussi;Date\r\n' +
 * // 'Léa;72,5;oui;2025-03-04 09:05\r\n' +
 * // '"\'=HYPERLINK(""x"")";-3;non;\r\n'
 */
export function toFrenchCsv(
  header: readonly string[],
  rows: ReadonlyArray<readonly CsvCell[]>,
  options: FrenchCsvOptions = {},
): string {
  if (header.length === 0) throw new RangeError('toFrenchCsv: the header has no column');
  const lines = [record(header, options)];
  rows.forEach((row, i) => {
    if (row.length !== header.length) {
      throw new RangeError(
        `toFrenchCsv: row ${i + 1} has ${row.length} cells, the header has ${header.length}`,
      );
    }
    lines.push(record(row, options));
  });
  return BOM + lines.join(EOL) + EOL;
}

function record(cells: readonly CsvCell[], options: FrenchCsvOptions): string {
  const line = cells.map((cell) => field(cell, options)).join(SEPARATOR);
  return line === '' ? '""' : line;
}

function field(value: CsvCell, options: FrenchCsvOptions): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'number') return frenchNumber(value);
  if (value instanceof Date) return dateTime(value, options.dates ?? 'local');
  return quoted(FORMULA_START.test(value) ? `'${value}` : value);
}

/**
 * The shortest text that reads back as the same number (ECMAScript's Number → String), with a
 * decimal comma. That has no thousands separator; very large or very small magnitudes
 * (≥ 1e21, < 1e-6) keep their exponent (`1,5e-7`), which Excel reads as a number too.
 */
function frenchNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  return String(value).replace('.', ',');
}

function dateTime(date: Date, zone: 'local' | 'utc'): string {
  if (Number.isNaN(date.getTime())) return '';
  const utc = zone === 'utc';
  const year = utc ? date.getUTCFullYear() : date.getFullYear();
  const month = (utc ? date.getUTCMonth() : date.getMonth()) + 1;
  const day = utc ? date.getUTCDate() : date.getDate();
  const hours = utc ? date.getUTCHours() : date.getHours();
  const minutes = utc ? date.getUTCMinutes() : date.getMinutes();
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)} ${two(hours)}:${two(minutes)}`;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function quoted(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
