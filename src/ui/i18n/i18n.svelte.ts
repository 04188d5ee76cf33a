import { formatNumber } from '../../app/number-format.ts';
import { formatDate, type Locale } from './date-format.ts';
import { en } from './en.ts';
import { fr, type MessageKey } from './fr.ts';
import { frenchSpacing } from './typography.ts';

export type { Locale, MessageKey };
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

const DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
const DATE_TIME: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' };

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

  /** A number in the current locale (« 72,5 » in French), without `Intl` (see `number-format.ts`). */
  number(n: number, digits = 1): string {
    return formatNumber(n, digits, this.locale);
  }

  /** A date in the current locale. */
  date(ms: number): string {
    return formatDate(ms, this.locale, DATE);
  }

  /** A date and time in the current locale (« 4 mars 2026, 09:05 »), for lists of records. */
  dateTime(ms: number): string {
    return formatDate(ms, this.locale, DATE_TIME);
  }

  set(locale: Locale): void {
    this.locale = locale;
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  }
}

export const i18n = new I18n();
