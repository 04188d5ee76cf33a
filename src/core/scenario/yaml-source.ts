import { load } from 'js-yaml';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { diagnostic, type Diagnostic, type PathSegment } from '../diagnostics/diagnostic.ts';

/** Where a path of the document sits in the text, 1-based. */
export interface Position {
  line: number;
  column: number;
}

/** A parsed YAML file that can point back from a document path to a line and column. */
export interface YamlSource {
  file: string;
  text: string;
  /** The plain JavaScript value (undefined when the YAML could not be read). */
  value: unknown;
  diagnostics: Diagnostic[];
  locate(path: readonly PathSegment[], preferKey?: boolean): Position;
}

// French wording for the yaml library's error codes; the English detail is the library's own.
const YAML_CODES_FR: Record<string, string> = {
  BAD_INDENT: 'indentation incorrecte',
  TAB_AS_INDENT: 'une tabulation sert d’indentation (utilisez des espaces)',
  MISSING_CHAR: 'un caractère manque (guillemet, crochet ou accolade fermants ?)',
  UNEXPECTED_TOKEN: 'élément inattendu',
  BLOCK_AS_IMPLICIT_KEY: 'une clé est mal placée (deux-points en trop ?)',
  MULTILINE_IMPLICIT_KEY: 'une clé s’étend sur plusieurs lignes',
  BAD_SCALAR_START: 'une valeur commence par un caractère réservé (mettez-la entre guillemets)',
  BLOCK_IN_FLOW: 'un bloc se trouve à l’intérieur de crochets ou d’accolades',
  MULTIPLE_DOCS: 'plusieurs documents dans un fichier (un seul scénario par fichier)',
  BAD_ALIAS: 'alias inconnu',
  TAG_RESOLVE_FAILED: 'étiquette YAML inconnue',
};

/**
 * Parses YAML so that every later diagnostic can name a line and column. Syntax errors become
 * diagnostics; this never throws.
 *
 * Two parsers, one job each: js-yaml reads a well-formed file about ten times faster (the whole
 * check of a scenario must stay under 20 ms), and `yaml` keeps the positions and explains syntax
 * errors. The position-keeping parse only runs when a file has a syntax error or when a
 * diagnostic needs locating. A test checks both read every fixture to the same value.
 *
 * @example
 * const src = readYaml('a: 1\nb: [', 'x.yaml');
 * src.diagnostics[0]?.code; // 'yaml_syntax'
 */
export function readYaml(text: string, file: string): YamlSource {
  let fast: unknown;
  try {
    fast = load(text, { maxAliases: 100, filename: file });
  } catch {
    return readYamlWithPositions(text, file);
  }
  let full: YamlSource | undefined;
  return {
    file,
    text,
    value: fast,
    diagnostics: [],
    locate: (path, preferKey) => (full ??= readYamlWithPositions(text, file)).locate(path, preferKey),
  };
}

/** The `yaml` library's parse: slower, but with positions and precise syntax errors. */
export function readYamlWithPositions(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed | undefined;
  const diagnostics: Diagnostic[] = [];
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    diagnostics.push(
      at(diagnostic('yaml_syntax', [], { detail: e instanceof Error ? e.message : String(e) }), file, 1, 1),
    );
  }
  const locate = (path: readonly PathSegment[], preferKey = false): Position =>
    doc ? locateIn(doc, lineCounter, path, preferKey) : { line: 1, column: 1 };

  if (doc) {
    let syntaxReported = false;
    for (const err of doc.errors) {
      const pos = err.linePos?.[0] ?? { line: 1, col: 1 };
      if (err.code === 'DUPLICATE_KEY') {
        const key = duplicateKeyAt(text, lineCounter, pos.line, pos.col);
        diagnostics.push(at(diagnostic('yaml_duplicate_key', [], { key }), file, pos.line, pos.col));
      } else if (!syntaxReported && colonInText(text, lineCounter, pos.line)) {
        // The French colon: report every line that has it, not one per run of the checker.
        syntaxReported = true;
        for (const { line, column } of frenchColonLines(text)) {
          diagnostics.push(
            at(
              diagnostic('yaml_syntax', [], {
                detail: 'le texte contient « : » précédé d’une espace (typographie française), que YAML lit comme une nouvelle clé ; mettez ce texte entre guillemets',
                detailEn: 'the text contains " : " (French typography), which YAML reads as a new key; put this text in quotes',
              }),
              file,
              line,
              column,
            ),
          );
        }
      } else if (!syntaxReported) {
        // Later syntax errors are usually cascades of the first: report the one to fix first.
        syntaxReported = true;
        const firstLine = err.message.split('\n')[0] ?? err.message;
        const frenchColon = colonInText(text, lineCounter, pos.line);
        diagnostics.push(
          at(
            diagnostic('yaml_syntax', [], {
              detail: frenchColon
                ? 'le texte contient « : » précédé d’une espace (typographie française), que YAML lit comme une nouvelle clé ; mettez ce texte entre guillemets'
                : (YAML_CODES_FR[err.code] ?? firstLine),
              detailEn: frenchColon
                ? 'the text contains " : " (French typography), which YAML reads as a new key; put this text in quotes'
                : firstLine,
            }),
            file,
            pos.line,
            pos.col,
          ),
        );
      }
    }
  }
  let value: unknown;
  if (doc && doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // Unresolved aliases and alias bombs only surface here.
      const detail = e instanceof Error ? e.message : String(e);
      const name = /:\s*(\S+)\s*$/.exec(detail)?.[1];
      const offset = name ? aliasOffset(text, name) : -1;
      const pos = offset >= 0 ? lineCounter.linePos(offset) : { line: 1, col: 1 };
      diagnostics.push(
        at(
          diagnostic('yaml_syntax', [], {
            detail: name ? `l’alias « *${name} » ne renvoie à aucune ancre « &${name} » définie avant lui` : `alias YAML invalide (${detail})`,
            detailEn: `invalid YAML alias (${detail})`,
          }),
          file,
          pos.line,
          pos.col,
        ),
      );
    }
  }
  return { file, text, value, diagnostics, locate };
}

/** Every line whose plain (unquoted) value contains « : » after a space, and where that value starts. */
function frenchColonLines(text: string): Array<{ line: number; column: number }> {
  const out: Array<{ line: number; column: number }> = [];
  text.split('\n').forEach((line, i) => {
    if (/^\s*#/.test(line)) return;
    const value = line.replace(/^\s*-?\s*[\w-]+:\s+/, '').replace(/^\s*-\s+/, '');
    if (value === line) return;
    if (!/^\s*["'{[|>]/.test(value) && /\S\s:\s/.test(value)) out.push({ line: i + 1, column: line.length - value.length + 1 });
  });
  return out;
}

/** Where `*name` is used as an alias (not inside a comment). */
function aliasOffset(text: string, name: string): number {
  let from = 0;
  for (;;) {
    const i = text.indexOf(`*${name}`, from);
    if (i < 0) return -1;
    const lineStart = text.lastIndexOf('\n', i) + 1;
    if (!text.slice(lineStart, i).includes('#')) return i;
    from = i + 1;
  }
}

/** « Attention : texte » in a plain scalar: the most common YAML trap for French writers. */
function colonInText(text: string, lc: LineCounter, line: number): boolean {
  const start = lc.lineStarts[line - 1] ?? 0;
  const end = lc.lineStarts[line] ?? text.length;
  const content = text.slice(start, end).replace(/^\s*-?\s*[\w-]+:\s/, '');
  return !/^\s*["']/.test(content) && /\S\s:\s/.test(content);
}

function at(d: Diagnostic, file: string, line: number, column: number): Diagnostic {
  return { ...d, file, line, column };
}

function duplicateKeyAt(text: string, lc: LineCounter, line: number, col: number): string {
  const start = (lc.lineStarts[line - 1] ?? 0) + col - 1;
  const rest = text.slice(start).split('\n')[0] ?? '';
  const m = /^\s*-?\s*["']?([^"':]+)["']?\s*:/.exec(rest);
  return m?.[1]?.trim() ?? rest.trim();
}

/**
 * Walks the YAML node tree along `path` and returns where the designated node starts. A block
 * (a state, a list) is designated by its key line (« accueil: »), a plain value by the value
 * itself; `preferKey` forces the key (unknown fields, duplicate ids, invalid keys).
 */
function locateIn(doc: Document.Parsed, lc: LineCounter, path: readonly PathSegment[], preferKey: boolean): Position {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  let keyOffset: number | undefined;
  let complete = true;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) {
        complete = false;
        break;
      }
      const keyNode = pair.key as Node;
      const valueNode = pair.value as Node | null;
      keyOffset = keyNode.range?.[0];
      offset = valueNode?.range?.[0] ?? keyNode.range?.[0] ?? offset;
      node = valueNode;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) {
        complete = false;
        break;
      }
      keyOffset = undefined;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      complete = false;
      break;
    }
  }
  const isBlock = isMap(node) || isSeq(node);
  if (keyOffset !== undefined && (preferKey ? complete : isBlock || !complete)) offset = keyOffset;
  const pos = lc.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** Fills line/column of diagnostics that only carry a path. */
export function locateAll(diagnostics: Diagnostic[], source: YamlSource): Diagnostic[] {
  return diagnostics.map((d) => {
    if (d.line > 0) return { ...d, file: d.file || source.file };
    const preferKey = d.code === 'schema_unknown_key' || d.code === 'duplicate_id' || d.code === 'text_split_by_comma' || d.code === 'schema_key_format';
    const pos = source.locate(d.path, preferKey);
    return { ...d, file: source.file, line: pos.line, column: pos.column };
  });
}
