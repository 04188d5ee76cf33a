import { formatNumber } from '../../app/number-format.ts';
import { formatDate, type Locale } from './date-format.ts';
import { fr, type MessageKey } from './fr.ts';
import { frenchSpacing } from './typography.ts';

export type { Locale, MessageKey };
// The first screen's areas in French; English joins when it is chosen (`preloadLocale`), and the
// Atelier and the Revue add their areas when they load (`addMessages`).
const dictionaries: Record<Locale, Partial<Record<MessageKey, string>>> = { fr: { ...fr }, en: {} };

let englishLoaded = false;
let englishLoad: Promise<void> | undefined;

/**
 * Loads a language's dictionary (French is always there). English is a chunk of its own, so a
 * French visitor's first screen neither downloads nor evaluates it.
 */
export function preloadLocale(locale: Locale): Promise<void> {
  if (locale === 'fr' || englishLoaded) return Promise.resolve();
  englishLoad ??= import('./en.ts').then(
    ({ en }) => {
      // Areas added before (the Atelier's, the Revue's) keep their strings.
      dictionaries.en = { ...en, ...dictionaries.en };
      englishLoaded = true;
    },
    (e: unknown) => {
      englishLoad = undefined; // offline and not cached yet: the next attempt tries again
      throw e;
    },
  );
  return englishLoad;
}

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
  /** A language asked for whose dictionary is still loading (the interface keeps the current one meanwhile). */
  loading = $state<Locale | undefined>(undefined);
  /** The last switch asked for, settled either way. */
  #pending: Promise<void> = Promise.resolve();

  /** A UI string, with `{name}` parameters filled in and French spacing when in French. */
  t(key: MessageKey, params: Record<string, string | number> = {}): string {
    // A key of an area not loaded yet shows as itself (a programming error, visible in tests).
    const template = dictionaries[this.locale][key] ?? key;
    const text = template.includes('{') ? template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : template;
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

  /**
   * Switches the interface language: at once when its dictionary is there (French, or English
   * once loaded), else when it has loaded. The last language asked for wins.
   */
  set(locale: Locale): Promise<void> {
    this.loading = undefined;
    if (locale === 'fr' || englishLoaded) {
      this.#apply(locale);
      return Promise.resolve();
    }
    this.loading = locale;
    const switched = preloadLocale(locale).then(
      () => {
        // Another language may have been asked for meanwhile.
        if (this.loading !== locale) return;
        this.loading = undefined;
        this.#apply(locale);
      },
      (e: unknown) => {
        if (this.loading === locale) this.loading = undefined;
        throw e;
      },
    );
    this.#pending = switched.catch(() => undefined);
    return switched;
  }

  /** Resolves once the language last asked for is shown (or failed to load). */
  async settled(): Promise<void> {
    let pending: Promise<void>;
    do {
      pending = this.#pending;
      await pending;
    } while (pending !== this.#pending);
  }

  #apply(locale: Locale): void {
    this.locale = locale;
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  }
}

export const i18n = new I18n();
