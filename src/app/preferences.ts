import type { PalierDatabase } from '../db/db.ts';

/** UI languages Palier ships (French first). Same union as the UI's `Locale`. */
export const LOCALES = ['fr', 'en'] as const;
export type StoredLocale = (typeof LOCALES)[number];

const LOCALE = 'locale';

function isLocale(value: unknown): value is StoredLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The UI language chosen on this device, or `undefined` when none was chosen (or the stored value
 * is not one Palier knows). It belongs to the device, not to a profile.
 *
 * @example
 * const locale = await loadLocale(database());
 * if (locale) i18n.set(locale);
 */
export async function loadLocale(db: PalierDatabase): Promise<StoredLocale | undefined> {
  const value = (await db.settings.get(LOCALE))?.value;
  return isLocale(value) ? value : undefined;
}

/** Remembers the UI language on this device. */
export async function saveLocale(db: PalierDatabase, locale: StoredLocale): Promise<void> {
  await db.settings.put({ key: LOCALE, value: locale });
}
