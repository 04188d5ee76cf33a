/** The interface's languages (French first). */
export type Locale = 'fr' | 'en';

const TAGS = { fr: 'fr-FR', en: 'en-GB' } as const satisfies Record<Locale, string>;
const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * A date, with one `Intl.DateTimeFormat` per language and set of options, made on first use:
 * making one costs far more than using it (`toLocaleDateString` with options makes one per call),
 * and the very first one of a page loads the browser's locale data. An invalid date reads
 * « Invalid Date », as `toLocaleDateString` says (`format` would throw).
 *
 * @example
 * formatDate(Date.UTC(2026, 2, 4), 'fr', { day: 'numeric', month: 'long' }); // '4 mars'
 */
export function formatDate(ms: number, locale: Locale, options: Intl.DateTimeFormatOptions): string {
  if (!Number.isFinite(ms)) return 'Invalid Date';
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(TAGS[locale], options);
    formats.set(key, format);
  }
  return format.format(ms);
}
