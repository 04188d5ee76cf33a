import { describe, expect, it } from 'vitest';
import { checkTenantLine, leakedFact, looksFrench, outOfCharacter, tidyLine, visiblePart, withoutDirections } from '../../src/ai/voice-checks.ts';
import { bundledScenarios } from '../helpers/scenarios.ts';
import { sampleGuard } from './helpers/requests.ts';

const NAME = 'Josiane Perrin';

describe('the line checks', () => {
  it('match hidden-fact keywords whole, case and accents aside, multi-word keywords too', () => {
    const guard = { forbidden: [{ fact: 'f', keywords: ['électricité', 'en face', 'cœur'] }], maxLength: 280 };
    expect(leakedFact("Il n'y a plus d'ELECTRICITE !", guard)).toBe('f');
    expect(leakedFact('La porte   en\nface est ouverte', guard)).toBe('f');
    expect(leakedFact('Mon coeur bat vite', guard)).toBe('f');
    expect(leakedFact('Les électriciens sont venus', guard)).toBeUndefined();
    expect(leakedFact('Enfaceur', guard)).toBeUndefined();
  });

  it.each([
    ['Josiane : mon Dieu, ça coule !', true],
    ['Mme Perrin soupire.', true],
    ["Josiane s'inquiète pour sa cuisine.", true],
    ['La locataire est très inquiète.', true],
    ['Bonsoir madame Perrin, je vous écoute.', true],
    ['Je vous conseille de couper le courant.', true],
    ['Ici la permanence du bailleur, bonsoir.', true],
    ["Je ne suis qu'un programme, désolé.", true],
    ['Perrin, Josiane, 12 rue des Tilleuls, bâtiment B.', false],
    ["Josiane Perrin, à l'appareil. Ça coule chez moi !", false],
    ["J'ai appelé l'assistante sociale la semaine dernière.", false],
    ['Il y a un modèle de chaudière ancien ici.', false],
    ["Vous êtes le gardien ? Ah, enfin quelqu'un !", false],
  ])('out of character: « %s » → %s', (text, expected) => {
    expect(outOfCharacter(text, NAME)).toBe(expected);
  });

  it.each([
    ['Mon Dieu, ça coule encore, je ne sais pas quoi faire !', true],
    ['Allô ? Oui ?', true],
    ['Morin, Christelle, 14 rue Henri-Barbusse, escalier B, 3e étage.', true],
    ['Oh my God, the water is still coming through the ceiling!', false],
    ['I am sorry but I do not understand what you are saying.', false],
    ['Ich weiß nicht, wer hier wohnt, das Wasser kommt von oben.', false],
  ])('looks French: « %s » → %s', (text, expected) => {
    expect(looksFrench(text)).toBe(expected);
  });

  it('removes stage directions, and holds back one still open while streaming', () => {
    expect(withoutDirections('(Elle soupire.) Bon. *tousse* D’accord [silence] merci.')).toBe('Bon. D’accord merci.');
    expect(tidyLine('  « Bon, d’accord. »  ')).toBe('Bon, d’accord.');
    expect(visiblePart('Bon. (Elle sou')).toBe('Bon.');
    expect(visiblePart('Bon. *tou')).toBe('Bon.');
  });

  it('no authored tenant line of the bundled scenarios is rejected (lines that are only a stage direction aside)', () => {
    const rejected: string[] = [];
    let checked = 0;
    for (const { file, compiled } of bundledScenarios()) {
      const lines = [
        ...Object.values(compiled.states).flatMap((st) => [...st.lines, ...Object.values(st.on).flatMap((ts) => ts.flatMap((t) => t.say ?? [])), ...(st.otherwise?.say ?? [])]),
        ...compiled.persona.hiddenFacts.flatMap((f) => f.say),
        ...compiled.rules.rephrase,
      ];
      for (const line of lines) {
        const text = tidyLine(line);
        if (text.length === 0) continue;
        checked++;
        const reason = checkTenantLine(text, { persona: compiled.persona }, { forbidden: [], maxLength: 10_000 });
        if (reason) rejected.push(`${file}: ${reason}: ${line}`);
      }
    }
    expect(checked).toBeGreaterThan(900);
    expect(rejected).toEqual([]);
  });

  it('orders reasons by seriousness: a long leak is a leak', () => {
    const text = `Il est en vacances. ${'Ça coule. '.repeat(40)}`;
    expect(checkTenantLine(text, { persona: { name: NAME } as never }, sampleGuard())).toBe('leak:voisin-absent');
  });
});
