import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { EmbeddedUnderstanding, splitClauses } from '../../../src/core/understanding/embedded.ts';
import { crossValidate, evaluateHeldOut } from '../../../src/core/understanding/evaluate.ts';
import { terms } from '../../../src/core/understanding/french-text.ts';
import { library } from '../../helpers/scenarios.ts';

const examples = Object.fromEntries([...library().acts.values()].map((a) => [a.id, a.examples]));
const engine = new EmbeddedUnderstanding(examples);
const heldOut = (parse(readFileSync('tests/fixtures/understanding/heldout.yaml', 'utf8')) as { heldout: Record<string, string[]> }).heldout;
const offTopic = (parse(readFileSync('tests/fixtures/understanding/off-topic.yaml', 'utf8')) as { offTopic: unknown[] }).offTopic.map(String);

describe('French text processing', () => {
  it('folds case and accents, splits elisions, stems, adds bigrams', () => {
    expect(terms("L'ÉLECTRICITÉ")).toEqual(terms("l'electricite"));
    expect(terms('Depuis quand ça coule ?')).toEqual(['depuis', 'quand', 'coul', 'depuis_quand', 'quand_coul']);
    expect(terms('les fuites')).toEqual(terms('la fuite'));
  });

  it('splits a reply into clauses', () => {
    expect(splitClauses('Je comprends, depuis quand ça coule ?')).toEqual(['Je comprends', 'depuis quand ça coule']);
    expect(splitClauses("D'accord mais il faut déclarer")).toEqual(["D'accord", 'il faut déclarer']);
  });
});

describe('embedded understanding', () => {
  it('recognises plain replies', () => {
    expect(engine.understand('Bonsoir madame, ici Karim de la permanence du bailleur.').acts[0]).toBe('greet');
    expect(engine.understand("Est-ce que l'eau coule près d'une prise électrique ?").acts).toContain('safety-check');
    expect(engine.understand("C'est de votre faute, il fallait fermer le robinet").acts[0]).toBe('blame');
  });

  it('copes with missing accents and typos', () => {
    const a = engine.understand('est ce que leau touche une prise electrique');
    expect(a.acts).toContain('safety-check');
  });

  it('finds several acts in one reply, in the order they come', () => {
    const r = engine.understand('Je comprends que ce soit stressant, depuis quand ça coule exactement ?');
    expect(r.acts).toEqual(['acknowledge-emotion', 'ask-detail-question']);
  });

  it('abstains on most off-topic replies and on gibberish', () => {
    const abstained = offTopic.filter((t) => engine.understand(t).abstained);
    expect(engine.understand('qsdfqsdf').abstained).toBe(true);
    expect(abstained.length / offTopic.length).toBeGreaterThanOrEqual(0.7);
  });

  it('rarely refuses a genuine reply', () => {
    const all = Object.values(heldOut).flat();
    const refused = all.filter((t) => engine.understand(t).abstained);
    expect(refused.length / all.length).toBeLessThan(0.03);
  });

  it('keeps held-out top-1 accuracy at the level the benchmark reports', () => {
    // The benchmark (npm run bench) prints the exact figure; this guards against regressions.
    expect(evaluateHeldOut(engine, heldOut).accuracy).toBeGreaterThanOrEqual(0.78);
  });

  it('cross-validation never trains on the phrasing it tests', () => {
    const tiny = { a: ['pomme rouge', 'pomme verte'], b: ['voiture bleue', 'voiture rouge'] };
    // With two folds, each phrasing is tested against an engine that has seen only the other one.
    const r = crossValidate(tiny, 2);
    expect(r.total).toBe(4);
    expect(r.perAct.a?.total).toBe(2);
  });
});
