import { stemmer } from '@orama/stemmers/french';

/**
 * French text → index terms: lower case, accents folded (juniors type « electricite » on a phone
 * as often as « électricité »), elisions split, Snowball-stemmed words, plus word bigrams so that
 * « depuis quand » or « si je comprends » weigh as phrases.
 */

// Words that carry no act on their own. Question words, pronouns and negations stay: « quand »,
// « vous », « pas » tell acts apart.
const STOP = new Set([
  'le', 'la', 'les', 'l', 'un', 'une', 'des', 'du', 'de', 'd', 'au', 'aux', 'a', 'et', 'ou', 'en',
  'ce', 'cet', 'cette', 'ces', 'c', 'ca', 'sa', 'son', 'ses', 'se', 's', 'y', 'euh', 'hein', 'bah', 'ben',
  'bon', 'alors', 'donc', 'oui', 'ouais', 'voila', 'quoi', 'enfin',
]);

export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** Lower-cased, accent-folded words of a text (elisions split: « l'eau » → « l », « eau »). */
export function words(text: string): string[] {
  return foldAccents(text.toLowerCase())
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

const stemCache = new Map<string, string>();
function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = /^\d+$/.test(word) ? word : stemmer(word);
    if (stemCache.size > 20000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/**
 * Index terms of a text: stems of content words and bigrams of consecutive stems.
 *
 * @example
 * terms("Depuis quand ça coule ?"); // ['depuis', 'quand', 'coul', 'depuis_quand', 'quand_coul']
 */
export function terms(text: string): string[] {
  const stems = words(text)
    .filter((w) => !STOP.has(w))
    .map(stem);
  const out = [...stems];
  for (let i = 0; i + 1 < stems.length; i++) out.push(`${stems[i]}_${stems[i + 1]}`);
  return out;
}
