import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { closestPath, scenarioKeyOrder } from '../../../src/app/atelier/edit-paths.ts';
import { deleteAt, insertAt, parseForEdit, pathOf, rangeOf, setAt, YamlEditError } from '../../../src/app/atelier/yaml-edit.ts';
import type { PathSegment } from '../../../src/core/diagnostics/diagnostic.ts';
import { bundledSources } from '../../helpers/atelier.ts';

const SOURCE = `# Un commentaire d'en-tête, à garder tel quel.
schemaVersion: 1
id: essai
title: Plus de lumière # titre provisoire
summary: >-
  Une locataire vient à la loge, agacée : l'éclairage de l'escalier
  ne marche plus.

author:
  name: Mireille Dubois
  role: Gardienne # sa fonction
reviewBy: 2027-11-29
competencies: [accueil, empathie]
persona:
  goals:
    - Être écoutée
    - "Que ça aille vite"
  hiddenFacts:
    - id: voisine
      say:
        - Ma voisine est tombée.
      releasedBy:
        - act: [ask-open-question, ask-detail-question]
          in: [accueil]
mood:
  labels:
    - { from: 0, label: calme }
    - { from: 5, label: agacée }
states:
  accueil:
    lines:
      - Bonjour.
    on:
      greet:
        - when: { flag: vu }
          target: fin
          mood: -1 # elle se détend
        - target: suite
`;

/** Lines of `after` that are not in `before` and vice versa (a crude line diff, enough here). */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { removed: a.slice(start, endA), added: b.slice(start, endB) };
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  return path.reduce<unknown>((v, seg) => (v as Record<string | number, unknown> | undefined)?.[seg], data);
}

describe('setAt', () => {
  it('changes only the edited line, keeping its comment and every other byte', () => {
    const out = setAt(SOURCE, ['title'], 'Plus de lumière dans l’escalier');
    expect(changedLines(SOURCE, out)).toEqual({
      removed: ['title: Plus de lumière # titre provisoire'],
      added: ['title: Plus de lumière dans l’escalier # titre provisoire'],
    });
  });

  it('quotes text that YAML would misread (French colon, numbers, leading dash)', () => {
    for (const text of ['Attention : c’est urgent', '12', '- tiret', '#hashtag', 'oui, non']) {
      const out = setAt(SOURCE, ['title'], text);
      expect(parse(out).title).toBe(text);
    }
  });

  it('keeps a folded text folded, within its own lines', () => {
    const long = 'Une locataire vient à la loge, très agacée, parce que l’éclairage de l’escalier du bâtiment C ne marche plus depuis hier soir.';
    const out = setAt(SOURCE, ['summary'], long);
    expect(parse(out).summary).toBe(long);
    const { removed, added } = changedLines(SOURCE, out);
    expect(removed[0]).toMatch(/^ {2}Une locataire/);
    expect(added.every((l) => l.startsWith('  '))).toBe(true);
    expect(out).toContain('summary: >-\n');
  });

  it('edits inside nested lists (a guarded transition) without touching its siblings', () => {
    const out = setAt(SOURCE, ['states', 'accueil', 'on', 'greet', 0, 'target'], 'suite');
    expect(changedLines(SOURCE, out)).toEqual({ removed: ['          target: fin'], added: ['          target: suite'] });
    const mood = setAt(SOURCE, ['states', 'accueil', 'on', 'greet', 0, 'mood'], 2);
    expect(changedLines(SOURCE, mood).added).toEqual(['          mood: 2 # elle se détend']);
  });

  it('rewrites a one-line list or map in place, in the same style', () => {
    const out = setAt(SOURCE, ['competencies'], ['accueil', 'empathie', 'securite']);
    expect(changedLines(SOURCE, out).added).toEqual(['competencies: [accueil, empathie, securite]']);
    const label = setAt(SOURCE, ['mood', 'labels', 1, 'label'], 'en colère');
    expect(changedLines(SOURCE, label).added).toEqual(['    - { from: 5, label: en colère }']);
    const act = setAt(SOURCE, ['persona', 'hiddenFacts', 0, 'releasedBy', 0, 'act', 1], 'reformulate');
    expect(parse(act).persona.hiddenFacts[0].releasedBy[0].act).toEqual(['ask-open-question', 'reformulate']);
    expect(changedLines(SOURCE, act).added).toEqual(['        - act: [ask-open-question, reformulate]']);
  });

  it('adds a missing key where the schema orders it, creating the maps on the way', () => {
    const out = setAt(SOURCE, ['validatedBy', 'name'], 'Karim Haddad');
    const { removed, added } = changedLines(SOURCE, out);
    expect(removed).toEqual([]);
    expect(added).toEqual(['validatedBy:', '  name: Karim Haddad']);
    // After author (and its comment line), before reviewBy, as in the schema.
    expect(out.indexOf('validatedBy:')).toBeGreaterThan(out.indexOf('role: Gardienne # sa fonction'));
    expect(out.indexOf('validatedBy:')).toBeLessThan(out.indexOf('reviewBy:'));
    const years = setAt(SOURCE, ['author', 'yearsOfExperience'], 20);
    expect(changedLines(SOURCE, years).added).toEqual(['  yearsOfExperience: 20']);
  });

  it('turns a scalar into a block and back', () => {
    const block = setAt(SOURCE, ['states', 'accueil', 'on', 'greet', 0, 'when'], { all: [{ flag: 'vu' }, { fact: 'voisine' }] });
    expect(parse(block).states.accueil.on.greet[0].when).toEqual({ all: [{ flag: 'vu' }, { fact: 'voisine' }] });
    const back = setAt(block, ['states', 'accueil', 'on', 'greet', 0, 'when'], { flag: 'vu' });
    expect(parse(back).states.accueil.on.greet[0].when).toEqual({ flag: 'vu' });
    const author = setAt(SOURCE, ['author'], { name: 'Ana', role: 'Gardienne' });
    expect(changedLines(SOURCE, author)).toEqual({ removed: ['  name: Mireille Dubois', '  role: Gardienne # sa fonction'], added: ['  name: Ana', '  role: Gardienne'] });
  });

  it('fills a key left empty', () => {
    const src = 'author:\n  name: A\nvalidatedBy:\nreviewBy: 2027-01-01\n';
    const out = setAt(src, ['validatedBy', 'role'], 'Responsable');
    expect(out).toBe('author:\n  name: A\nvalidatedBy:\n  role: Responsable\nreviewBy: 2027-01-01\n');
  });

  it('refuses to edit a source that does not parse', () => {
    expect(() => setAt('title: [\n', ['title'], 'x')).toThrow(YamlEditError);
  });
});

describe('deleteAt and insertAt', () => {
  it('deletes a key with its lines, a list item, and leaves comments elsewhere', () => {
    const out = deleteAt(SOURCE, ['author', 'role']);
    expect(changedLines(SOURCE, out)).toEqual({ removed: ['  role: Gardienne # sa fonction'], added: [] });
    const summary = deleteAt(SOURCE, ['summary']);
    expect(changedLines(SOURCE, summary).removed).toEqual(['summary: >-', '  Une locataire vient à la loge, agacée : l\'éclairage de l\'escalier', '  ne marche plus.']);
    const transition = deleteAt(SOURCE, ['states', 'accueil', 'on', 'greet', 0]);
    expect(parse(transition).states.accueil.on.greet).toEqual([{ target: 'suite' }]);
    expect(transition).toContain('# Un commentaire d\'en-tête, à garder tel quel.\n');
    expect(deleteAt(SOURCE, ['nope', 'nothing'])).toBe(SOURCE);
  });

  it('deleting the last entry leaves an empty list or map, not a broken key', () => {
    const src = 'persona:\n  goals:\n    - Seul but\nafter: 1\n';
    expect(parse(deleteAt(src, ['persona', 'goals', 0]))).toEqual({ persona: { goals: [] }, after: 1 });
    expect(parse(deleteAt('on:\n  greet:\n    target: a\nx: 1\n', ['on', 'greet']))).toEqual({ on: {}, x: 1 });
  });

  it('appends to block and one-line lists, in their style, and creates missing ones', () => {
    const goal = insertAt(SOURCE, ['persona', 'goals'], 'Être rassurée');
    expect(changedLines(SOURCE, goal)).toEqual({ removed: [], added: ['    - Être rassurée'] });
    const label = insertAt(SOURCE, ['mood', 'labels'], { from: 8, label: 'furieuse' });
    expect(changedLines(SOURCE, label).added).toEqual(['    - { from: 8, label: furieuse }']);
    const comp = insertAt(SOURCE, ['competencies'], 'securite');
    expect(parse(comp).competencies).toEqual(['accueil', 'empathie', 'securite']);
    const fact = insertAt(SOURCE, ['persona', 'hiddenFacts'], { id: 'panne', text: 'La minuterie', say: ['C’est la minuterie.'], keywords: ['minuterie'] });
    expect(parse(fact).persona.hiddenFacts[1]).toEqual({ id: 'panne', text: 'La minuterie', say: ['C’est la minuterie.'], keywords: ['minuterie'] });
    expect(changedLines(SOURCE, fact).removed).toEqual([]);
    const choices = insertAt(SOURCE, ['states', 'accueil', 'choices'], { text: 'Bonjour madame', act: 'greet' });
    expect(parse(choices).states.accueil.choices).toEqual([{ text: 'Bonjour madame', act: 'greet' }]);
    // choices goes before `on`, as in the schema.
    expect(choices.indexOf('choices:')).toBeLessThan(choices.indexOf('    on:'));
  });
});

describe('pathOf and rangeOf', () => {
  it('agree on every node of a bundled scenario', async () => {
    const sources = await bundledSources();
    const text = sources['impayes-accueil']?.text ?? '';
    const data = parse(text) as unknown;
    const paths: PathSegment[][] = [];
    const walk = (v: unknown, path: PathSegment[]): void => {
      if (path.length > 0) paths.push(path);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    walk(data, []);
    expect(paths.length).toBeGreaterThan(500);
    for (const path of paths) {
      const range = rangeOf(text, path);
      expect(range, JSON.stringify(path)).toBeDefined();
      expect(pathOf(text, range?.from ?? -1), JSON.stringify(path)).toEqual(path);
    }
  });

  it('point at the text of the node', () => {
    const r = rangeOf(SOURCE, ['author', 'name']);
    expect(SOURCE.slice(r?.from, r?.to)).toBe('name: Mireille Dubois');
    const item = rangeOf(SOURCE, ['persona', 'goals', 1]);
    expect(SOURCE.slice(item?.from, item?.to)).toBe('- "Que ça aille vite"');
    expect(pathOf(SOURCE, SOURCE.indexOf('Dubois'))).toEqual(['author', 'name']);
    expect(pathOf(SOURCE, SOURCE.indexOf('ask-detail-question'))).toEqual(['persona', 'hiddenFacts', 0, 'releasedBy', 0, 'act', 1]);
    expect(pathOf(SOURCE, 0)).toEqual([]);
    expect(rangeOf(SOURCE, ['author', 'missing'])).toBeUndefined();
  });
});

describe('on the bundled scenarios', () => {
  it('every scalar edit reads back as that value, and changes nothing else in the data', async () => {
    const sources = await bundledSources();
    for (const { text, file } of Object.values(sources)) {
      const data = parse(text) as Record<string, unknown>;
      const edits: Array<[PathSegment[], unknown]> = [
        [['title'], 'Un titre : avec deux-points'],
        [['summary'], 'Résumé court.'],
        [['persona', 'hiddenFacts', 0, 'text'], 'Un fait\navec deux lignes'],
        [['rubric', 'criteria', 0, 'weight'], 7],
        [['states', String(data.initial), 'hint'], 'Un indice.'],
        [['author', 'yearsOfExperience'], 33],
      ];
      for (const [path, value] of edits) {
        const out = setAt(text, path, value);
        const after = parse(out) as Record<string, unknown>;
        expect(valueAt(after, path), `${file} ${JSON.stringify(path)}`).toEqual(value);
        const restored = parse(setAt(out, path, valueAt(data, path))) as unknown;
        expect(restored, `${file} ${JSON.stringify(path)}`).toEqual(valueAt(data, path) === undefined ? parse(deleteAt(out, path)) : data);
      }
    }
  });

  it('parseForEdit reports a located syntax error and no data', () => {
    const { data, errors } = parseForEdit('title: ok\nsummary: "non fermé\nlevel: 1\n');
    expect(data).toBeUndefined();
    expect(errors[0]?.code).toBe('yaml_syntax');
    expect(errors[0]?.line).toBeGreaterThan(0);
  });
});

describe('helpers', () => {
  it('closestPath picks the longest prefix', () => {
    const fields = [['persona'], ['persona', 'hiddenFacts', 0], ['persona', 'hiddenFacts', 0, 'say']];
    expect(closestPath(['persona', 'hiddenFacts', 0, 'say', 1], fields)).toEqual(['persona', 'hiddenFacts', 0, 'say']);
    expect(closestPath(['persona', 'hiddenFacts', 1], fields)).toEqual(['persona']);
    expect(closestPath(['title'], fields)).toBeUndefined();
  });

  it('scenarioKeyOrder follows the schema through records, lists and unions', () => {
    expect(scenarioKeyOrder([]).slice(0, 4)).toEqual(['schemaVersion', 'id', 'version', 'title']);
    expect(scenarioKeyOrder(['states', 'accueil'])).toContain('otherwise');
    expect(scenarioKeyOrder(['states', 'accueil', 'on', 'greet', 0])[0]).toBe('target');
    expect(scenarioKeyOrder(['rubric', 'criteria', 0])).toEqual(expect.arrayContaining(['rule', 'judged', 'weight']));
  });
});
