import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { diagnostic, type Diagnostic, type PathSegment } from '../diagnostics/diagnostic.ts';

type Issue = z.core.$ZodIssue;

const TYPE_FR: Record<string, string> = {
  string: 'un texte',
  number: 'un nombre',
  int: 'un nombre entier',
  boolean: 'vrai ou faux (true/false)',
  array: 'une liste',
  object: 'un ensemble de champs (clé: valeur)',
  undefined: 'rien',
  null: 'une valeur vide',
  record: 'un ensemble de champs (clé: valeur)',
  literal: 'une valeur précise',
};
const TYPE_EN: Record<string, string> = {
  string: 'a text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a set of fields (key: value)',
  undefined: 'nothing',
  null: 'an empty value',
  record: 'a set of fields (key: value)',
  literal: 'a precise value',
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'number';
  return typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

function show(value: unknown): string {
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function toPath(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((p) => (typeof p === 'number' ? p : String(p)));
}

/**
 * Turns zod issues into catalogue diagnostics with French and English messages, picking the most
 * plausible branch of a union so the senior sees the one thing to fix, not every alternative.
 * `knownKeys` feeds the « did you mean » suggestion for unknown fields.
 */
export function issuesToDiagnostics(issues: readonly Issue[], root: unknown, knownKeys: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) convert(issue, [], root, knownKeys, out);
  // « rul » unknown, « rule » missing: one mistake, reported once, as the typo with its suggestion.
  const typos = new Set(
    out.filter((d) => d.code === 'schema_unknown_key' && d.params.suggestion).map((d) => `${d.path.slice(0, -1).join('/')}/${d.params.suggestion}`),
  );
  return out.filter((d) => !(d.code === 'schema_missing' && typos.has(d.path.join('/'))));
}

function convert(issue: Issue, prefix: readonly PropertyKey[], root: unknown, knownKeys: readonly string[], out: Diagnostic[]): void {
  const fullPath = [...prefix, ...issue.path];
  const path = toPath(fullPath);
  const value = valueAt(root, fullPath);
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) {
        out.push(diagnostic('schema_missing', path, { key: String(path[path.length - 1] ?? '') }));
      } else {
        const expected = issue.expected;
        const received = typeOf(value);
        out.push(
          diagnostic('schema_type', path, {
            expected: TYPE_FR[expected] ?? expected,
            expectedEn: TYPE_EN[expected] ?? expected,
            received: `${TYPE_FR[received] ?? received} (${show(value)})`,
            receivedEn: `${TYPE_EN[received] ?? received} (${show(value)})`,
          }),
        );
      }
      return;
    }
    case 'unrecognized_keys': {
      for (const key of issue.keys) {
        if (/\s/.test(key.trim())) {
          out.push(diagnostic('text_split_by_comma', [...path, key], { key: key.trim() }));
          continue;
        }
        const guess = knownKeys.length > 0 ? closest(key, [...knownKeys]) : '';
        const suggestion = guess && key.length >= 3 && distance(key, guess) <= Math.max(1, Math.floor(key.length / 3)) ? guess : '';
        out.push(diagnostic('schema_unknown_key', [...path, key], { key, suggestion }));
      }
      return;
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v)).join(', ');
      const expectedType = typeOf(issue.values[0]);
      if (issue.values.length > 0 && typeOf(value) !== expectedType) {
        // « "1" » where the number 1 is expected: say it is the type, not the value.
        const received = typeOf(value);
        out.push(
          diagnostic('schema_type', path, {
            expected: `${TYPE_FR[expectedType] ?? expectedType} (${allowed})`,
            expectedEn: `${TYPE_EN[expectedType] ?? expectedType} (${allowed})`,
            received: `${TYPE_FR[received] ?? received} (${show(value)})`,
            receivedEn: `${TYPE_EN[received] ?? received} (${show(value)})`,
          }),
        );
        return;
      }
      out.push(diagnostic('schema_enum', path, { value: show(value), allowed }));
      return;
    }
    case 'invalid_format': {
      const isId = issue.format === 'regex';
      out.push(
        diagnostic('schema_format', path, {
          value: show(value),
          format: isId
            ? 'identifiant : minuscules sans accent, chiffres et tirets, ex. « demande-origine »'
            : issue.format === 'date'
              ? 'date AAAA-MM-JJ valide'
              : issue.format,
          formatEn: isId ? 'id: lowercase letters without accents, digits and hyphens, e.g. "ask-origin"' : issue.format === 'date' ? 'a valid YYYY-MM-DD date' : issue.format,
        }),
      );
      return;
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const small = issue.code === 'too_small';
      let fr: string;
      let en: string;
      if (issue.origin === 'string') {
        fr = 'le texte est vide';
        en = 'the text is empty';
      } else if (issue.origin === 'array') {
        fr = small ? `il faut au moins ${bound} élément(s)` : `au plus ${bound} élément(s)`;
        en = small ? `at least ${bound} item(s) needed` : `at most ${bound} item(s)`;
      } else {
        fr = `${show(value)} est ${small ? 'inférieur au minimum' : 'supérieur au maximum'} (${bound})`;
        en = `${show(value)} is ${small ? 'below the minimum' : 'above the maximum'} (${bound})`;
      }
      out.push(diagnostic('schema_range', path, { detail: fr, detailEn: en }));
      return;
    }
    case 'invalid_key': {
      const key = String(path[path.length - 1] ?? '');
      out.push(diagnostic('schema_key_format', path, { key }));
      return;
    }
    case 'invalid_union': {
      convertUnion(issue, prefix, value, root, knownKeys, out);
      return;
    }
    default: {
      out.push(diagnostic('schema_invalid', path, { detail: issue.message, detailEn: issue.message }));
    }
  }
}

function convertUnion(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  prefix: readonly PropertyKey[],
  value: unknown,
  root: unknown,
  knownKeys: readonly string[],
  out: Diagnostic[],
): void {
  const base = [...prefix, ...issue.path];
  const branches = issue.errors;
  if (value === undefined) {
    const path = toPath(base);
    out.push(diagnostic('schema_missing', path, { key: String(path[path.length - 1] ?? '') }));
    return;
  }
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  // A branch whose root accepts the object's keys is the one the author meant.
  const fitting = branches.filter(
    (b) => !b.some((i) => i.code === 'unrecognized_keys' && i.path.length === 0) && !b.every((i) => rootTypeMismatch(i)),
  );
  if (fitting.length > 0) {
    const best = fitting.reduce((a, b) => (b.length < a.length ? b : a));
    for (const i of best) convert(i, base, root, knownKeys, out);
    return;
  }
  const path = toPath(base);
  if (isObject && Object.keys(value as object).length > 1) {
    // A full object (a criterion, a state…) with a stray field: the branch with the fewest
    // complaints is the intended one; report its issues (the stray field gets a suggestion).
    const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
    for (const i of best) convert(i, base, root, knownKeys, out);
    return;
  }
  if (isObject) {
    // Single-key alternatives (predicates, conditions): list the keys that are possible here.
    const keys = new Set<string>();
    for (const b of branches) {
      for (const i of b) {
        // A key this alternative requires and the author did not write.
        if (i.path.length >= 1 && i.code !== 'unrecognized_keys' && valueAt(value, i.path.slice(0, 1)) === undefined) {
          keys.add(String(i.path[0]));
        }
      }
    }
    const given = Object.keys(value as object).join(', ');
    const list = [...keys].join(', ');
    out.push(
      diagnostic('schema_invalid', path, {
        detail: `Champs donnés : ${given || '(aucun)'} ; une seule de ces clés est attendue : ${list}.`,
        detailEn: `Fields given: ${given || '(none)'}; exactly one of these keys is expected: ${list}.`,
      }),
    );
    return;
  }
  const expected = [
    ...new Set(branches.flatMap((b) => b.filter((i) => i.code === 'invalid_type' && i.path.length === 0).map((i) => (i as { expected: string }).expected))),
  ];
  const received = typeOf(value);
  out.push(
    diagnostic('schema_type', path, {
      expected: expected.map((e) => TYPE_FR[e] ?? e).join(' ou '),
      expectedEn: expected.map((e) => TYPE_EN[e] ?? e).join(' or '),
      received: `${TYPE_FR[received] ?? received} (${show(value)})`,
      receivedEn: `${TYPE_EN[received] ?? received} (${show(value)})`,
    }),
  );
}

function rootTypeMismatch(i: Issue): boolean {
  return i.code === 'invalid_type' && i.path.length === 0;
}
