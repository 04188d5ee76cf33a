import { formatNumber } from './number-format.ts';

/**
 * The browser's storage for this site: persistence (so the browser does not evict Palier's data
 * when space runs low) and how much is used. Every function takes the StorageManager as an
 * argument (the browser's by default), so tests pass a small real object of their own.
 */

export type StorageApi = Partial<Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>>;

export type Persistence = 'granted' | 'denied' | 'unsupported';

function browserStorage(): StorageApi | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.storage;
}

/** Whether the data is already protected from eviction. */
export async function persistence(storage: StorageApi | undefined = browserStorage()): Promise<Persistence> {
  if (!storage?.persisted) return 'unsupported';
  try {
    return (await storage.persisted()) ? 'granted' : 'denied';
  } catch {
    return 'unsupported';
  }
}

/** Asks the browser to keep the data (it may decide without asking the person). */
export async function requestPersistence(storage: StorageApi | undefined = browserStorage()): Promise<Persistence> {
  if (!storage?.persist) return 'unsupported';
  try {
    return (await storage.persist()) ? 'granted' : 'denied';
  } catch {
    return 'unsupported';
  }
}

export interface StorageUse {
  /** Bytes used by this site. */
  usage: number;
  /** Bytes this site may use in all (what the browser allows, not the free disk space). */
  quota: number;
}

/** Space used and allowed, or `undefined` when the browser does not say. */
export async function estimateStorage(storage: StorageApi | undefined = browserStorage()): Promise<StorageUse | undefined> {
  if (!storage?.estimate) return undefined;
  try {
    const { usage, quota } = await storage.estimate();
    return typeof usage === 'number' && typeof quota === 'number' ? { usage, quota } : undefined;
  } catch {
    return undefined;
  }
}

const UNITS = {
  fr: ['octets', 'Ko', 'Mo', 'Go', 'To'],
  en: ['bytes', 'kB', 'MB', 'GB', 'TB'],
} as const;

/**
 * A size for people: SI multiples (1 Ko = 1 000 octets, as browsers and disks count), one decimal
 * from the kilo up, French or English number format. The space before the unit is a no-break space.
 * No `Intl` (see `number-format.ts`): the welcome page shows the import limit with it.
 *
 * @example
 * formatBytes(1_520_000, 'fr'); // '1,5 Mo'
 * formatBytes(820, 'en'); // '820 bytes'
 */
export function formatBytes(bytes: number, locale: 'fr' | 'en'): string {
  const units = UNITS[locale];
  let value = Math.max(0, bytes);
  let unit = 0;
  // 999 950 octets would round to « 1 000 Ko »: move up a unit as soon as the rounded figure would.
  while (value >= 999.95 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${formatNumber(value, unit === 0 ? 0 : 1, locale)}\u00A0${units[unit]}`;
}
