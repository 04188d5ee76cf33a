import {
  Document,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  Scalar,
  stringify,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { Diagnostic, PathSegment } from '../../core/diagnostics/diagnostic.ts';
import { scenarioKeyOrder, type EditPath } from './edit-paths.ts';
import { readYamlWithPositions } from '../../core/scenario/yaml-source.ts';

/**
 * Edits a scenario's YAML source one node at a time, for the Atelier's forms. The source text stays
 * the single source of truth: each edit returns a new text in which only the edited node's lines
 * differ, so the senior's comments, blank lines, quoting and folding elsewhere survive byte for
 * byte. The `yaml` Document API finds the nodes and their source ranges; the changed node is
 * rendered by `yaml` too and spliced into the text at its range (re-serialising the whole document
 * would re-fold long texts and move comments).
 */

export type { EditPath };

export interface EditableSource {
  doc: Document.Parsed;
  /** The plain value, undefined when the YAML does not parse. */
  data: unknown;
  /** Located YAML syntax errors (`yaml_syntax`, `yaml_duplicate_key`); empty when `data` is set. */
  errors: Diagnostic[];
}

/** Thrown when an edit is asked of a source that does not parse: the forms never offer one. */
export class YamlEditError extends Error {
  override readonly name = 'YamlEditError';
}

const RENDER = { lineWidth: 0, singleQuote: false, flowCollectionPadding: false } as const;

/**
 * Parses a scenario source for the forms. Syntax errors come back as located diagnostics from the
 * same catalogue as the checker; nothing throws. The last result is reused for the same text:
 * treat `doc` as read-only.
 *
 * @example
 * parseForEdit('title: Bonjour\n').data; // { title: 'Bonjour' }
 * parseForEdit('title: [\n').errors[0]?.code; // 'yaml_syntax'
 */
export function parseForEdit(source: string, file = 'scenario.yaml'): EditableSource {
  // The forms and the source view ask several questions of the same text in a row.
  if (lastParse && lastParse.source === source && lastParse.file === file) return lastParse.result;
  const result = parseUncached(source, file);
  lastParse = { source, file, result };
  return result;
}

let lastParse: { source: string; file: string; result: EditableSource } | undefined;

function parseUncached(source: string, file: string): EditableSource {
  const doc = parseDocument(source, { uniqueKeys: true });
  if (doc.errors.length === 0) {
    try {
      return { doc, data: doc.toJS({ maxAliasCount: 100 }), errors: [] };
    } catch {
      // An unresolved alias: the positional reader below explains it.
    }
  }
  const errors = readYamlWithPositions(source, file).diagnostics;
  return { doc, data: undefined, errors };
}

function parseOrThrow(source: string): Document.Parsed {
  const { doc, data } = parseForEdit(source);
  if (data === undefined && doc.errors.length > 0) throw new YamlEditError('The YAML source does not parse; fix it in the source view first.');
  return doc;
}

// ── Locating nodes ─────────────────────────────────────────────────────────────────────────────

/** Where a node hangs: a pair of a map, or an item of a sequence. */
type Slot =
  | { kind: 'pair'; parent: YAMLMap; pair: Pair; node: Node | null }
  | { kind: 'item'; parent: YAMLSeq; index: number; node: Node | null };

interface Resolved {
  /** Slots from the root down, one per resolved path segment. */
  slots: Slot[];
  /** The node at the end of the resolved part (the root's contents when nothing resolved). */
  node: Node | null;
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

function resolve(doc: Document.Parsed, path: EditPath): Resolved {
  let node = doc.contents as Node | null;
  const slots: Slot[] = [];
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyOf(p) === String(seg));
      if (!pair) break;
      const value = (pair.value as Node | null) ?? null;
      slots.push({ kind: 'pair', parent: node, pair, node: value });
      node = value;
    } else if (isSeq(node) && typeof seg === 'number' && seg >= 0 && seg < node.items.length) {
      const value = (node.items[seg] as Node | null) ?? null;
      slots.push({ kind: 'item', parent: node, index: seg, node: value });
      node = value;
    } else {
      break;
    }
  }
  return { slots, node };
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Only blanks between the start of the line and `offset`. */
function startsLine(text: string, offset: number): boolean {
  return text.slice(lineStart(text, offset), offset).trim() === '';
}

/** The end of a node's last line, past any comment and the newline (a line start, or the end of text). */
function nodeEnd(node: Node): number {
  const range = node.range ?? [0, 0, 0];
  return isCollection(node) && !node.flow ? range[1] : range[2];
}

/** The offset of the `-` that introduces a block sequence item. */
function dashOf(text: string, item: Node): number {
  const start = item.range?.[0] ?? 0;
  const before = text.slice(lineStart(text, start), start);
  const m = /-\s*$/.exec(before);
  return m ? lineStart(text, start) + m.index : start;
}

function isBlock(node: Node | null): boolean {
  return isCollection(node) && !node.flow;
}

// ── Rendering values ───────────────────────────────────────────────────────────────────────────

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const ID_LIKE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Lists of ids or numbers read best on one line: `[accueil, empathie]`. */
function prefersFlow(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' || (typeof x === 'string' && ID_LIKE.test(x)));
}

/** Small values that may stay inside braces or brackets when they already were. */
function fitsFlow(v: unknown): boolean {
  if (Array.isArray(v)) return v.every((x) => !isPlainObject(x) && !Array.isArray(x));
  if (isPlainObject(v)) return Object.values(v).every((x) => !isPlainObject(x) && !Array.isArray(x));
  return true;
}

/** A value that needs lines of its own under its key. */
function needsBlock(v: unknown, oldWasFlow: boolean): boolean {
  if (Array.isArray(v)) return v.length > 0 && !(oldWasFlow && fitsFlow(v)) && !prefersFlow(v);
  if (isPlainObject(v)) return Object.keys(v).length > 0 && !(oldWasFlow && fitsFlow(v));
  return false;
}

/** One scalar as it may appear inside `[ ]` or `{ }`. */
function flowScalar(v: unknown): string {
  return stringify([v], { ...RENDER, collectionStyle: 'flow' }).trim().slice(1, -1);
}

function renderFlow(v: unknown, padMaps: boolean): string {
  if (Array.isArray(v)) return `[${v.map((x) => renderFlow(x, padMaps)).join(', ')}]`;
  if (isPlainObject(v)) {
    const inner = Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${flowScalar(k)}: ${renderFlow(x, padMaps)}`)
      .join(', ');
    if (inner === '') return '{}';
    return padMaps ? `{ ${inner} }` : `{${inner}}`;
  }
  return flowScalar(v);
}

/** Prefixes every line but the first with `indent` spaces. */
function indentRest(fragment: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return fragment
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : pad + line))
    .join('\n');
}

/** A block collection rendered at the left margin, lists of ids kept on one line. */
function renderBlock(v: unknown): string {
  const doc = new Document(v);
  const flowIds = (node: unknown): void => {
    if (isSeq(node) && prefersFlow(node.toJSON())) node.flow = true;
    if (isCollection(node)) for (const item of node.items) flowIds(isPair(item) ? item.value : item);
  };
  flowIds(doc.contents);
  return doc.toString(RENDER).replace(/\n$/, '');
}

/**
 * A scalar for a block context. Text that was folded (`>-`) or literal (`|`) keeps that style; text
 * with line breaks becomes literal; the rest is plain, or double-quoted when plain would misread.
 */
function renderScalar(v: unknown, old: Node | null, contentIndent: number): string {
  if (typeof v === 'string' && v.trim() !== '') {
    const oldType = isScalar(old) ? old.type : undefined;
    const type = v.includes('\n') ? 'BLOCK_LITERAL' : oldType === 'BLOCK_FOLDED' || oldType === 'BLOCK_LITERAL' ? oldType : undefined;
    if (type) {
      const scalar = new Scalar(v);
      scalar.type = type;
      const width = type === 'BLOCK_FOLDED' ? Math.max(40, 100 - contentIndent) : 0;
      return indentRest(new Document(scalar).toString({ ...RENDER, lineWidth: width }).replace(/\n$/, ''), contentIndent);
    }
  }
  return stringify(v === undefined ? null : v, RENDER).replace(/\n$/, '');
}

// ── Splicing ───────────────────────────────────────────────────────────────────────────────────

function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

/** `text` with a line break at its end, so a line can be added after its last line. */
function withFinalNewline(text: string, at: number): { text: string; at: number } {
  if (at === text.length && text.length > 0 && !text.endsWith('\n')) return { text: `${text}\n`, at: text.length + 1 };
  return { text, at };
}

function parentPath(path: EditPath): PathSegment[] {
  return path.slice(0, -1);
}

/** The JS value of a collection node with one entry replaced (or removed when `value` is undefined). */
function replacedIn(parent: YAMLMap | YAMLSeq, seg: PathSegment, value: unknown): unknown {
  const js: unknown = parent.toJS(new Document());
  if (Array.isArray(js)) {
    const copy = [...js];
    if (value === undefined) copy.splice(Number(seg), 1);
    else copy[Number(seg)] = value;
    return copy;
  }
  const copy = { ...(js as Record<string, unknown>) };
  if (value === undefined) delete copy[String(seg)];
  else copy[String(seg)] = value;
  return copy;
}

/** Replaces the node in `slot` by `value`. */
function replaceSlot(text: string, path: EditPath, slot: Slot, value: unknown): string {
  if (slot.parent.flow) return setAt(text, parentPath(path), replacedIn(slot.parent, path[path.length - 1] ?? '', value));
  const old = slot.node;
  const range = old?.range;
  const oldFlow = isCollection(old) && old.flow === true;
  const oldText = range ? text.slice(range[0], range[1]) : '';
  const padMaps = /^\{\s/.test(oldText);
  const block = needsBlock(value, oldFlow);

  if (slot.kind === 'pair') {
    const key = slot.pair.key as Node;
    const keyEnd = key.range?.[1] ?? 0;
    const keyCol = column(text, key.range?.[0] ?? 0);
    const colon = text.indexOf(':', keyEnd);
    const valueFrom = colon + 1;
    if (!range || (isScalar(old) && old.value === null && range[0] === range[1])) {
      // `key:` with nothing after it.
      const inline = block ? `\n${' '.repeat(keyCol + 2)}${indentRest(renderBlock(value), keyCol + 2)}` : ` ${renderValueInline(value, null, keyCol + 2, padMaps)}`;
      return splice(text, valueFrom, valueFrom, inline);
    }
    if (isBlock(old)) {
      const trailing = text[range[1] - 1] === '\n' ? '\n' : '';
      if (block) {
        const col = column(text, range[0]);
        return splice(text, range[0], range[1], indentRest(renderBlock(value), col) + trailing);
      }
      return splice(text, valueFrom, range[1], ` ${renderValueInline(value, old, keyCol + 2, padMaps)}${trailing}`);
    }
    const trailing = isScalar(old) && (old.type === 'BLOCK_FOLDED' || old.type === 'BLOCK_LITERAL') && text[range[1] - 1] === '\n' ? '\n' : '';
    if (block) return splice(text, valueFrom, range[1], `\n${' '.repeat(keyCol + 2)}${indentRest(renderBlock(value), keyCol + 2)}${trailing}`);
    return splice(text, range[0], range[1], renderValueInline(value, old, keyCol + 2, padMaps) + trailing);
  }

  // A sequence item.
  const start = range?.[0] ?? 0;
  const dash = old ? dashOf(text, old) : start;
  const contentCol = column(text, dash) + 2;
  if (!range) throw new YamlEditError('Cannot edit an empty sequence item.');
  const trailing = (isBlock(old) || (isScalar(old) && (old.type === 'BLOCK_FOLDED' || old.type === 'BLOCK_LITERAL'))) && text[range[1] - 1] === '\n' ? '\n' : '';
  const rendered = block ? indentRest(renderBlock(value), column(text, start)) : renderValueInline(value, old, contentCol, padMaps);
  return splice(text, start, range[1], rendered + trailing);
}

function renderValueInline(value: unknown, old: Node | null, contentIndent: number, padMaps: boolean): string {
  if (Array.isArray(value) || isPlainObject(value)) return renderFlow(value, padMaps);
  return renderScalar(value, old, contentIndent);
}

/**
 * Where a new key goes among a map's keys: right after its nearest predecessor in the schema's
 * order, else right before its nearest successor, else at the end.
 */
function insertionIndex(map: YAMLMap, key: string, order: readonly string[]): number {
  const rank = order.indexOf(key);
  if (rank < 0) return map.items.length;
  const ranks = map.items.map((p) => {
    const k = keyOf(p as Pair);
    return k === undefined ? -1 : order.indexOf(k);
  });
  let before = -1;
  let after = -1;
  ranks.forEach((r, i) => {
    if (r >= 0 && r < rank && (before < 0 || r > (ranks[before] ?? -1))) before = i;
    if (r > rank && (after < 0 || r < (ranks[after] ?? Infinity))) after = i;
  });
  if (before >= 0) return before + 1;
  if (after >= 0) return after;
  return map.items.length;
}

/** Adds `key: value` to a block map, in the schema's key order. */
function addPair(text: string, path: EditPath, map: YAMLMap, key: string, value: unknown): string {
  const firstKey = (map.items[0] as Pair | undefined)?.key as Node | undefined;
  const col = column(text, firstKey?.range?.[0] ?? map.range?.[0] ?? 0);
  const index = insertionIndex(map, key, scenarioKeyOrder(path));
  const line = (): string => {
    const keyText = flowScalar(key);
    if (needsBlock(value, false)) return `${' '.repeat(col)}${keyText}:\n${' '.repeat(col + 2)}${indentRest(renderBlock(value), col + 2)}\n`;
    return `${' '.repeat(col)}${keyText}: ${renderValueInline(value, null, col + 2, false)}\n`;
  };
  const next = map.items[index] as Pair | undefined;
  const nextKeyStart = (next?.key as Node | undefined)?.range?.[0];
  if (next && nextKeyStart !== undefined && startsLine(text, nextKeyStart)) {
    const at = lineStart(text, nextKeyStart);
    return splice(text, at, at, line());
  }
  const prev = map.items[Math.min(index, map.items.length) - 1] as Pair | undefined;
  const prevEnd = prev ? ((prev.value as Node | null) ? nodeEnd(prev.value as Node) : ((prev.key as Node).range?.[2] ?? 0)) : (map.range?.[1] ?? text.length);
  const at = prevEnd > 0 && text[prevEnd - 1] !== '\n' ? text.indexOf('\n', prevEnd) + 1 || text.length : prevEnd;
  const fixed = withFinalNewline(text, at);
  return splice(fixed.text, fixed.at, fixed.at, line());
}

/** `value` wrapped in the objects (or one-item lists) that the missing path segments name. */
function nest(segments: readonly PathSegment[], value: unknown): unknown {
  return segments.reduceRight<unknown>((inner, seg) => (typeof seg === 'number' ? [inner] : { [seg]: inner }), value);
}

/**
 * The source with the value at `path` set to `value`; missing maps along the path are created,
 * a new key goes where the schema orders it. `undefined` deletes. Only that node's text changes.
 *
 * @example
 * setAt('title: Avant # garde ce commentaire\nlevel: 1\n', ['title'], 'Après');
 * // 'title: Après # garde ce commentaire\nlevel: 1\n'
 */
export function setAt(source: string, path: EditPath, value: unknown): string {
  if (value === undefined) return deleteAt(source, path);
  if (path.length === 0) throw new YamlEditError('Cannot replace the whole document.');
  const doc = parseOrThrow(source);
  const { slots, node } = resolve(doc, path);
  if (slots.length === path.length) {
    const slot = slots[slots.length - 1];
    if (!slot) throw new YamlEditError('Unreachable: empty slot list.');
    return replaceSlot(source, path, slot, value);
  }
  const at = slots.length;
  const seg = path[at] ?? '';
  const rest = path.slice(at + 1);
  const here = path.slice(0, at);
  if (isMap(node)) {
    if (node.flow) return setAt(source, here, replacedIn(node, seg, nest(rest, value)));
    return addPair(source, here, node, String(seg), nest(rest, value));
  }
  if (isSeq(node) && typeof seg === 'number' && seg === node.items.length) return insertAt(source, here, nest(rest, value));
  if (at > 0 && (node === null || (isScalar(node) && node.value === null))) {
    // `key:` left empty: it becomes the map (or list) the path needs.
    return setAt(source, here, nest(path.slice(at), value));
  }
  throw new YamlEditError(`Cannot set ${JSON.stringify(path)}: ${JSON.stringify(here)} is not a map.`);
}

/**
 * The source without the node at `path` (a key and its value, or a list item, with their lines).
 * A path that does not exist leaves the source as it is.
 *
 * @example
 * deleteAt('a: 1\nb: 2 # b\nc: 3\n', ['b']); // 'a: 1\nc: 3\n'
 */
export function deleteAt(source: string, path: EditPath): string {
  if (path.length === 0) throw new YamlEditError('Cannot delete the whole document.');
  const doc = parseOrThrow(source);
  const { slots } = resolve(doc, path);
  const slot = slots[path.length - 1];
  if (slots.length < path.length || !slot) return source;
  const seg = path[path.length - 1] ?? '';
  const parent = slot.parent;
  if (parent.flow) return setAt(source, parentPath(path), replacedIn(parent, seg, undefined));
  if (parent.items.length === 1) return setAt(source, parentPath(path), isMap(parent) ? {} : []);

  if (slot.kind === 'pair') {
    const keyStart = (slot.pair.key as Node).range?.[0] ?? 0;
    if (!startsLine(source, keyStart)) return setAt(source, parentPath(path), replacedIn(parent, seg, undefined));
    const end = slot.node ? nodeEnd(slot.node) : ((slot.pair.key as Node).range?.[2] ?? keyStart);
    const to = end > 0 && source[end - 1] !== '\n' ? source.indexOf('\n', end) + 1 || source.length : end;
    return splice(source, lineStart(source, keyStart), to, '');
  }
  const item = slot.node;
  if (!item) return source;
  const dash = dashOf(source, item);
  if (!startsLine(source, dash)) return setAt(source, parentPath(path), replacedIn(parent, seg, undefined));
  const end = nodeEnd(item);
  const to = end > 0 && source[end - 1] !== '\n' ? source.indexOf('\n', end) + 1 || source.length : end;
  return splice(source, lineStart(source, dash), to, '');
}

/**
 * The source with `value` appended to the sequence at `path` (created when missing or empty).
 *
 * @example
 * insertAt('goals:\n  - Être écoutée\n', ['goals'], 'Être rassurée');
 * // 'goals:\n  - Être écoutée\n  - Être rassurée\n'
 */
export function insertAt(source: string, path: EditPath, value: unknown): string {
  const doc = parseOrThrow(source);
  const { slots, node } = resolve(doc, path);
  if (slots.length < path.length || node === null || (isScalar(node) && node.value === null)) return setAt(source, path, [value]);
  if (!isSeq(node)) throw new YamlEditError(`Cannot append to ${JSON.stringify(path)}: it is not a list.`);
  const list = node.toJS(new Document()) as unknown[];
  if (node.flow || node.items.length === 0) return setAt(source, path, [...list, value]);
  const last = node.items[node.items.length - 1] as Node;
  const dash = dashOf(source, last);
  const dashCol = column(source, dash);
  const end = nodeEnd(last);
  const at0 = end > 0 && source[end - 1] !== '\n' ? source.indexOf('\n', end) + 1 || source.length : end;
  const { text, at } = withFinalNewline(source, at0);
  // A new item looks like its siblings: `- { from: 3, label: … }` after flow-map items.
  const siblingFlow = isCollection(last) && last.flow === true && fitsFlow(value);
  const padMaps = /^\{\s/.test(source.slice(last.range?.[0] ?? 0));
  const body = needsBlock(value, siblingFlow) ? indentRest(renderBlock(value), dashCol + 2) : renderValueInline(value, null, dashCol + 2, padMaps);
  return splice(text, at, at, `${' '.repeat(dashCol)}- ${body}\n`);
}

// ── Paths and ranges ───────────────────────────────────────────────────────────────────────────

/**
 * The document path at a source offset: the deepest key or list item whose lines hold it (a key's
 * own text designates that key's entry). Used to follow the cursor of the source view in the forms.
 *
 * @example
 * pathOf('author:\n  name: Ana\n', 12); // ['author', 'name']
 */
export function pathOf(source: string, offset: number): PathSegment[] {
  const { doc } = parseForEdit(source);
  const path: PathSegment[] = [];
  let node = doc.contents as Node | null;
  for (;;) {
    if (isMap(node)) {
      const hit = node.items.find((p) => {
        const from = (p.key as Node | null)?.range?.[0];
        const value = p.value as Node | null;
        const to = value?.range ? nodeEnd(value) : (p.key as Node | null)?.range?.[2];
        return from !== undefined && to !== undefined && offset >= from && (offset < to || (to === source.length && offset === to));
      });
      const key = hit ? keyOf(hit) : undefined;
      if (!hit || key === undefined) return path;
      path.push(key);
      const value = hit.value as Node | null;
      if (!value?.range || offset < value.range[0]) return path;
      node = value;
    } else if (isSeq(node)) {
      const flow = node.flow === true;
      const index = node.items.findIndex((it) => {
        const item = it as Node;
        const from = flow ? (item.range?.[0] ?? 0) : dashOf(source, item);
        return offset >= from && offset < nodeEnd(item);
      });
      if (index < 0) return path;
      path.push(index);
      const item = node.items[index] as Node;
      if (offset < (item.range?.[0] ?? 0)) return path;
      node = item;
    } else {
      return path;
    }
  }
}

/**
 * Where the node at `path` sits in the source: from its key (or its list dash) to the end of its
 * value. Undefined when the path is not in the document (or the source does not parse).
 *
 * @example
 * rangeOf('author:\n  name: Ana\n', ['author', 'name']); // { from: 10, to: 19 }
 */
export function rangeOf(source: string, path: EditPath): { from: number; to: number } | undefined {
  const { doc, data } = parseForEdit(source);
  if (data === undefined) return undefined;
  if (path.length === 0) {
    const r = (doc.contents as Node | null)?.range;
    return r ? { from: r[0], to: r[1] } : undefined;
  }
  const { slots } = resolve(doc, path);
  const slot = slots[path.length - 1];
  if (slots.length < path.length || !slot) return undefined;
  const value = slot.node;
  let to = value?.range ? value.range[1] : ((slot.kind === 'pair' ? (slot.pair.key as Node).range?.[1] : undefined) ?? 0);
  while (to > 0 && source[to - 1] === '\n') to--;
  if (slot.kind === 'pair') {
    const from = (slot.pair.key as Node).range?.[0] ?? 0;
    return { from, to: Math.max(to, from) };
  }
  const from = value ? (slot.parent.flow ? (value.range?.[0] ?? 0) : dashOf(source, value)) : 0;
  return { from, to: Math.max(to, from) };
}
