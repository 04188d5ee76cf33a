import { diffLines } from 'diff';
import { isMap, isScalar, parseDocument, stringify, type Node } from 'yaml';

/**
 * Versions of a scenario's YAML source: the line diff between two versions, and the surgical edit
 * of top-level fields (`id`, `version`, `title`) that publishing, duplicating and importing need.
 *
 * The edit changes the bytes of the edited values only. Re-serialising the whole document with the
 * `yaml` Document API (`toString`) would keep comments but re-fold every long text and re-indent
 * lists: about a thousand changed lines per bundled scenario, which would drown the diff between two
 * versions and undo the senior's layout. So the Document API locates the values, and the text is
 * patched in place.
 */

export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  /** The line, without its line break. */
  text: string;
  /** 1-based line number in `before` (same and removed lines). */
  oldLine?: number;
  /** 1-based line number in `after` (same and added lines). */
  newLine?: number;
}

/**
 * Line diff between two versions of a source (the `diff` package's `diffLines`), one entry per line.
 *
 * @example
 * diffSources('a\nb\n', 'a\nc\n');
 * // [{ kind: 'same', text: 'a', oldLine: 1, newLine: 1 }, { kind: 'removed', text: 'b', oldLine: 2 },
 * //  { kind: 'added', text: 'c', newLine: 2 }]
 */
export function diffSources(before: string, after: string): DiffLine[] {
  const out: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const change of diffLines(before, after, { stripTrailingCr: true, ignoreNewlineAtEof: true })) {
    for (const text of splitLines(change.value)) {
      if (change.added) out.push({ kind: 'added', text, newLine: newLine++ });
      else if (change.removed) out.push({ kind: 'removed', text, oldLine: oldLine++ });
      else out.push({ kind: 'same', text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return out;
}

function splitLines(value: string): string[] {
  const lines = value.replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A top-level value a source edit may write: plain scalars only. */
export type FieldValue = string | number;

/**
 * The source with some top-level fields set, everything else (comments, layout, other values) kept
 * byte for byte. A missing field is added on its own line before the first field. Returns
 * `undefined` when the source is not a readable YAML mapping (the caller reports the checker's
 * diagnostics instead).
 *
 * @example
 * setSourceFields('id: a # fixe\nversion: 1 # auto\n', { version: 2 });
 * // 'id: a # fixe\nversion: 2 # auto\n'
 */
export function setSourceFields(source: string, fields: Readonly<Record<string, FieldValue>>): string | undefined {
  const doc = parseDocument(source, { uniqueKeys: true });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const map = doc.contents;
  const edits: { start: number; end: number; text: string }[] = [];
  const missing: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    const node = pair?.value as Node | null | undefined;
    const range = node?.range;
    if (!pair || !range) {
      missing.push(`${key}: ${scalarText(value)}`);
      continue;
    }
    const [start, end] = range;
    // `key:` directly followed by the value's position (an empty value): keep a space after the colon.
    const space = source[start - 1] === ':' ? ' ' : '';
    // A block scalar's range ends after its line break: keep that break.
    const trailing = /\s*$/.exec(source.slice(start, end))?.[0] ?? '';
    edits.push({ start, end, text: space + scalarText(value) + trailing });
  }
  let text = source;
  for (const e of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  if (missing.length > 0) {
    const first = map.items[0]?.key as Node | undefined;
    const at = first?.range?.[0] ?? text.length;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const indent = text.slice(lineStart, at);
    const block = missing.map((line) => indent + line + '\n').join('');
    text = /^\s*$/.test(indent) ? text.slice(0, lineStart) + block + text.slice(lineStart) : text + (text.endsWith('\n') ? '' : '\n') + block;
  }
  return text;
}

/** A value as YAML writes it on one line (quoted only when it has to be). */
function scalarText(value: FieldValue): string {
  return typeof value === 'number' ? String(value) : stringify(value, { lineWidth: 0 }).trimEnd();
}

/**
 * Top-level fields of a source that a list shows (title, author's name, review date), read leniently
 * from YAML that may not validate yet. `undefined` when the YAML itself cannot be read.
 *
 * @example
 * readSourceFields('title: Fuite\nauthor: { name: Awa, role: Gardienne }\n'); // { title: 'Fuite', author: 'Awa' }
 */
export function readSourceFields(source: string): { title?: string; author?: string; reviewBy?: string } | undefined {
  const doc = parseDocument(source, { uniqueKeys: true });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const title = text(doc.get('title'));
  const author = text(doc.getIn(['author', 'name']));
  const rawReview = doc.get('reviewBy');
  // `reviewBy: 2027-11-29` is a plain string for the yaml library's core schema; a quoted one too.
  const reviewBy = text(rawReview);
  return {
    ...(title ? { title } : {}),
    ...(author ? { author } : {}),
    ...(reviewBy ? { reviewBy } : {}),
  };
}
