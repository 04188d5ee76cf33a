import { en } from './en.ts';
import { fr, type MessageKey } from './fr.ts';
import { frenchSpacing } from './typography.ts';

export type Locale = 'fr' | 'en';
export type { MessageKey };
const dictionaries: Record<Locale, Record<MessageKey, string>> = { fr, en };

/** The current UI language; components read `i18n.t(...)` and re-render when it changes. */
class I18n {
  locale = $state<Locale>('fr');

  /** A UI string, with `{name}` parameters filled in and French spacing when in French. */
  t(key: MessageKey, params: Record<string, string | number> = {}): string {
    const text = dictionaries[this.locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
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

  set(locale: Locale): void {
    this.locale = locale;
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  }
}

export const i18n = new I18n();
