import type { VoiceGuard, VoiceRequest } from '../core/dialogue/voice-request.ts';
import { foldAccents } from '../core/understanding/french-text.ts';

/**
 * Checks a model's tenant line must pass before it replaces the scripted one. Pure, no
 * LangChain. Each failure is a stable reason code recorded as TenantLine.fallbackReason:
 *
 * | code | when |
 * | --- | --- |
 * | `empty` | nothing but spaces or punctuation |
 * | `leak:<factId>` | a keyword of a hidden fact not yet released (accents, case aside; whole words) |
 * | `out-of-character` | speaks as the agent or the landlord, mentions being an AI or a model, narrates the tenant in the third person (speaker labels, « la locataire soupire », her own name as a subject) |
 * | `too-long` | longer than `guard.maxLength` characters |
 * | `not-french` | fewer than 1 French function word in 5 lower-case words, or more English than French ones (from 4 words) |
 *
 * Stage directions (« (Elle soupire.) ») are removed before the checks (`tidyLine`), not held against the line.
 *
 * The order is the order of seriousness: a reply that both leaks and runs long is a leak.
 * The checks err on the side of the scripted line: a false alarm costs a reworded line, a miss
 * could give away the scenario or break the fiction.
 */
export type LineCheckReason = 'empty' | 'out-of-character' | 'too-long' | 'not-french' | `leak:${string}`;

/** Lower case, accents folded, ligatures spelt out, apostrophes unified. */
export function fold(text: string): string {
  return foldAccents(text.toLowerCase()).replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/[’ʼ`]/g, "'");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A whole-word, accent- and case-insensitive matcher (spaces inside a keyword match any spacing). */
export function wordPattern(keyword: string): RegExp | undefined {
  const k = fold(keyword).trim();
  if (k.length === 0) return undefined;
  const body = k.split(/\s+/).map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<![a-z0-9])${body}(?![a-z0-9])`);
}

/**
 * The first hidden fact a text gives away, if any.
 *
 * @example
 * leakedFact('Mon Dieu, la LUMIERE !', { forbidden: [{ fact: 'lampe', keywords: ['lumière'] }], maxLength: 280 }); // 'lampe'
 */
export function leakedFact(text: string, guard: VoiceGuard): string | undefined {
  const folded = fold(text);
  for (const f of guard.forbidden) {
    for (const kw of f.keywords) {
      if (wordPattern(kw)?.test(folded)) return f.fact;
    }
  }
  return undefined;
}

// French and English function words. Words both languages share (« a », « on », « me », « son »…)
// are in neither list; spoken French fillers (« ben », « hein », « tant mieux ») count as French.
// Spoken French is dense in these: an authored tenant line has about half of its words here; an
// English reply has almost none of the French ones.
const FRENCH = new Set(
  ('le la les l un une des de du d au aux et ou mais donc car ni que qu qui quoi dont est sont suis es etes sommes etait ' +
    'ai as avons avez ont avait pas ne n plus rien jamais je j m t s tu il elle nous vous ils elles moi toi lui leur eux ' +
    'mon ma mes ton ta tes sa ses notre nos votre vos ce c cet cette ces ca cela ceci y en dans sur sous avec sans ' +
    'pour par chez vers depuis pendant entre comme si quand comment pourquoi oui non bien tres aussi encore deja ' +
    'alors puis enfin voila merci madame monsieur bonjour bonsoir fait faire peut dois doit faut vais va allez tout toute tous ' +
    'bon ben bah hein euh ouais ah tant mieux')
    .split(/\s+/),
);
const ENGLISH = new Set(
  ('the and is are was were be been you your i my we our they their he she his her it its this that these those ' +
    'what which who when where why how of to in with for from at by not no yes do does did have has had will would ' +
    'can could should there here just very please thank thanks sorry hello okay').split(/\s+/),
);

/**
 * The words the language check looks at (elisions split): lower-case words, and capitalised ones
 * only when they are function words (« Vous », « The » at a sentence start). Other capitalised
 * words — names, streets — say little about the language: a tenant giving « Morin, Christelle,
 * 14 rue Henri-Barbusse » is speaking French.
 */
function languageWords(text: string): string[] {
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => /^\p{L}/u.test(w))
    .map((w) => ({ w: fold(w), lower: /^\p{Ll}/u.test(w) }))
    .filter(({ w, lower }) => lower || FRENCH.has(w) || ENGLISH.has(w))
    .map(({ w }) => w);
}

/**
 * A simple, documented French detector: the share of French function words among the words
 * of `languageWords`. From 4 such words, a text is French when at least 1 in 5 is a French function word and
 * there are no more English function words than French ones. Shorter texts (« Allô ? Oui ? »)
 * are given the benefit of the doubt. No authored tenant line of the bundled scenarios fails it.
 *
 * @example
 * looksFrench("Mon Dieu, ça coule encore, je ne sais pas quoi faire !"); // true
 * looksFrench("Oh my God, the water is still coming through the ceiling!"); // false
 */
export function looksFrench(text: string): boolean {
  const words = languageWords(text);
  if (words.length < 4) return true;
  const fr = words.filter((w) => FRENCH.has(w)).length;
  const en = words.filter((w) => ENGLISH.has(w)).length;
  return fr / words.length >= 0.2 && en <= fr;
}

// Speaking as the agent or the landlord: what only the other side of the conversation says.
const AGENT_PATTERNS: RegExp[] = [
  /\bje suis (le|la|votre) (gardien|gardienne|conseiller|conseillere|charge|chargee|agent|agente|responsable|technicien|technicienne)\b/,
  /\bici (le|la) (bailleur|permanence|service|agence)\b/,
  /\b(de|a) la permanence (du|de votre) bailleur\b/,
  /\bnous (allons|pouvons) (vous )?(envoyer|declencher|mandater|dépêcher|depecher|programmer)\b/,
  /\bje (vais|peux) (vous )?(envoyer|declencher|mandater|depecher|programmer) (un|une|le|la|notre)\b/,
  /\b(je vous|nous vous) (conseille|conseillons|recommande|recommandons) de\b/,
  /\bvotre (demande|dossier|reclamation|sinistre) (est|a ete) (enregistre|enregistree|prise en compte)\b/,
  /\bnumero de (dossier|demande|ticket)\s*:/,
  /\bje (prends|note) (votre|vos) (coordonnees|demande|reclamation)\b/,
  /\bne vous inquietez pas,? (nous|on) (allons|va)\b/,
];

const AI_PATTERNS: RegExp[] = [
  /\b(une|l'|l) ?ia\b/,
  /\bi\.a\.?/,
  /\bintelligence artificielle\b/,
  /\bmodele (de langage|d'ia|linguistique|de langue)\b/,
  /\b(grand|large) modele\b/,
  /\blanguage model\b/,
  /\bartificial intelligence\b/,
  /\bas an ai\b/,
  /\bassistant (virtuel|numerique|ia|conversationnel)\b/,
  /\ben tant qu'(assistant|ia|intelligence|modele)\b/,
  /\b(chatgpt|openai|llm|chatbot|robot conversationnel)\b/,
  /\b(je suis|je ne suis qu') ?un (programme|robot|modele de langage)\b/,
  /\bmes (instructions|consignes)\b/,
];

// Third-person narration of the tenant inside the line: speaker labels, « la locataire soupire ».
// (Stage directions in parentheses, brackets or asterisks are removed by `tidyLine` instead:
// authors write them too, and a model that imitates them has not broken the fiction.)
const NARRATION_PATTERNS: RegExp[] = [
  /^\s*(\*\*)?(la |le )?(locataire|agent|agente|conseiller|conseillere|gardien|gardienne|tenant|assistant)(\*\*)?\s*:/,
  /\b(la|le|cette) locataire (est|a|dit|repond|semble|soupire|s'|se|ne)\b/,
];

// « a » is left out: « Josiane Perrin, à l'appareil » folds to « perrin a l'appareil ».
const SUBJECT_VERBS = "((est|etait|avait|dit|repond|reprend|soupire|semble|parle|pleure|crie|hesite|se|ne)(?![a-z])|s'|n')";

/** Patterns built from the persona's own name: « Josiane : … », « Mme Perrin soupire », « Bonsoir madame Perrin ». */
function personaPatterns(name: string): RegExp[] {
  const parts = fold(name)
    .split(/[^a-z'-]+/)
    .filter((p) => p.length >= 3);
  const out: RegExp[] = [];
  const full = parts.map(escapeRegExp).join('\\s+');
  for (const p of [...new Set([full, ...parts.map(escapeRegExp)])]) {
    if (!p) continue;
    out.push(new RegExp(`^\\s*(\\*\\*)?${p}(\\*\\*)?\\s*:`));
    out.push(new RegExp(`(?<![a-z])${p}\\s+${SUBJECT_VERBS}`));
    out.push(new RegExp(`^\\s*(bonjour|bonsoir|allo)\\s*,?\\s+(madame|monsieur|mme|m\\.)\\s+${p}(?![a-z])`));
  }
  return out;
}

/** Out of character: playing the agent, admitting to be a model, narrating the tenant. */
export function outOfCharacter(text: string, personaName: string): boolean {
  const folded = fold(text);
  return [...AGENT_PATTERNS, ...AI_PATTERNS, ...NARRATION_PATTERNS, ...personaPatterns(personaName)].some((re) => re.test(folded));
}

/** Stage directions: « (Elle soupire.) », « *soupire* », « [silence] ». */
const DIRECTION = /\([^()\n]*\)|\*[^*\n]+\*|\[[^[\]\n]*\]/g;

/** The line without its stage directions, spaces tidied. */
export function withoutDirections(text: string): string {
  return text
    .replace(DIRECTION, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s+([,.;:!?…])/g, (m, p: string) => (/[;:!?]/.test(p) ? ` ${p}` : p))
    .trim();
}

/**
 * What may be shown of a reply still streaming: without closed stage directions, and cut before
 * a direction still open (its end has not arrived, so it cannot be removed yet).
 */
export function visiblePart(text: string): string {
  const open = Math.max(text.lastIndexOf('('), text.lastIndexOf('['));
  let cut = text;
  if (open > text.lastIndexOf(')') && open > text.lastIndexOf(']')) cut = text.slice(0, open);
  if ((cut.match(/\*/g)?.length ?? 0) % 2 === 1) cut = cut.slice(0, cut.lastIndexOf('*'));
  return withoutDirections(cut);
}

/** Clean-up before the checks: stage directions removed, and the quotation marks models like to add. */
export function tidyLine(text: string): string {
  let t = withoutDirections(text);
  const pairs: Array<[string, string]> = [
    ['«', '»'],
    ['"', '"'],
    ['“', '”'],
  ];
  for (const [open, close] of pairs) {
    if (t.startsWith(open) && t.endsWith(close) && t.length > 2 && !t.slice(1, -1).includes(open)) t = t.slice(1, -1).trim();
  }
  return t;
}

/**
 * Checks made while the reply streams in, on the words received so far: a leak, the agent's
 * voice or an overlong reply stops the stream at once, before any of it reaches the screen.
 */
export function checkPartialLine(text: string, req: Pick<VoiceRequest, 'persona'>, guard: VoiceGuard): LineCheckReason | undefined {
  const leak = leakedFact(text, guard);
  if (leak !== undefined) return `leak:${leak}`;
  if (outOfCharacter(text, req.persona.name)) return 'out-of-character';
  if (text.trim().length > guard.maxLength) return 'too-long';
  return undefined;
}

/**
 * All the checks on a complete line; undefined when the line may replace the scripted one.
 *
 * @example
 * checkTenantLine('', req, guard); // 'empty'
 * checkTenantLine("Je suis une IA, je ne peux pas.", req, guard); // 'out-of-character'
 */
export function checkTenantLine(text: string, req: Pick<VoiceRequest, 'persona'>, guard: VoiceGuard): LineCheckReason | undefined {
  if (!/[\p{L}\p{N}]/u.test(text)) return 'empty';
  const partial = checkPartialLine(text, req, guard);
  if (partial !== undefined) return partial;
  if (!looksFrench(text)) return 'not-french';
  return undefined;
}
