import { en } from './en.ts';
import { fr, type MessageKey } from './fr.ts';
import { frenchSpacing } from './typography.ts';

export type Locale = 'fr' | 'en';
export type { MessageKey };
// The first screen's areas; the Atelier adds its own when it loads (`addMessages`).
const dictionaries: Record<Locale, Partial<Record<MessageKey, string>>> = { fr: { ...fr }, en: { ...en } };

/**
 * Adds an area's strings, loaded with the code that shows them (the type checker keeps each
 * area's English keys equal to its French ones).
 */
export function addMessages(french: Partial<Record<MessageKey, string>>, english: Partial<Record<MessageKey, string>>): void {
  Object.assign(dictionaries.fr, french);
  Object.assign(dictionaries.en, english);
}

/** The current UI language; components read `i18n.t(...)` and re-render when it changes. */
class I18n {
  locale = $state<Locale>('fr');

  /** A UI string, with `{name}` parameters filled in and French spacing when in French. */
  t(key: MessageKey, params: Record<string, string | number> = {}): string {
    // A key of an area not loaded yet shows as itself (a programming error, visible in tests).
    const text = (dictionaries[this.locale][key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
    return this.locale === 'fr' ? frenchSpacing(text) : text;
  }

  /** Scenario text (always French): French spacing applied. */
  text(s: string): string {
    return frenchSpacing(s);
  }

  /** A number in the current locale (« 72,5 » in French). */
  number(n: number, digits = 1): string {
    return n.toLocaleString(this.locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits });
  }

  /** A date in the current locale. */
  date(ms: number): string {
    return new Date(ms).toLocaleDateString(this.locale === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  }

  /** A date and time in the current locale (« 4 mars 2026, 09:05 »), for lists of records. */
  dateTime(ms: number): string {
    return new Date(ms).toLocaleString(this.locale === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  }

  set(locale: Locale): void {
    this.locale = locale;
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  }
}

export const i18n = new I18n();
