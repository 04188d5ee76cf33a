import { en } from './en.ts';
import { fr, type MessageKey } from './fr.ts';

export type Locale = 'fr' | 'en';
const dictionaries: Record<Locale, Record<MessageKey, string>> = { fr, en };

/** The current UI language; components read `i18n.t(...)` and re-render when it changes. */
class I18n {
  locale = $state<Locale>('fr');

  t(key: MessageKey, params: Record<string, string | number> = {}): string {
    const text = dictionaries[this.locale][key];
    return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
  }

  set(locale: Locale): void {
    this.locale = locale;
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  }
}

export const i18n = new I18n();
