import { CATALOGUE, type DiagnosticCode } from './catalogue.ts';

export type Severity = 'error' | 'warning' | 'info';
export type Lang = 'fr' | 'en';
export type PathSegment = string | number;
export type Params = Record<string, string | number>;

/**
 * A problem found in a scenario, as data. `message` is French, `messageEn` English; both come
 * from the one catalogue, so tests assert `code`, never wording.
 */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  messageEn: string;
  params: Params;
  file: string;
  /** 1-based; 0 when the file has no meaningful position (e.g. unreadable file). */
  line: number;
  /** 1-based. */
  column: number;
  /** Path inside the document, e.g. `['states', 'accueil', 'on', 'greet', 'target']`. */
  path: PathSegment[];
}

/**
 * Builds a diagnostic from the catalogue; position is filled in later by a locator.
 *
 * @example
 * const d = diagnostic('unknown_act', ['states', 'accueil', 'on', 'salut'], { act: 'salut' });
 * d.severity; // 'error'
 */
export function diagnostic(code: DiagnosticCode, path: PathSegment[], params: Params = {}): Diagnostic {
  const entry = CATALOGUE[code];
  return {
    code,
    severity: entry.severity,
    message: entry.fr(params),
    messageEn: entry.en(params),
    params,
    file: '',
    line: 0,
    column: 0,
    path,
  };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Renders a path the way a senior reads it: `states.accueil.on.greet[0].target`. */
export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`))
    .join('');
}

/** `file:line:column: severity code: message (path)` — one line, as compilers print. */
export function formatDiagnostic(d: Diagnostic, lang: Lang = 'fr'): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const sev = lang === 'fr' ? { error: 'erreur', warning: 'avertissement', info: 'info' }[d.severity] : d.severity;
  const path = d.path.length > 0 ? ` (${formatPath(d.path)})` : '';
  return `${where}: ${sev} ${d.code}: ${lang === 'fr' ? d.message : d.messageEn}${path}`;
}

/** Stable order: by file, line, column, then code. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}
