import { describe, expect, it } from 'vitest';
import { estimateStorage, formatBytes, persistence, requestPersistence, type StorageApi } from '../../src/app/storage.ts';

describe('formatBytes', () => {
  it('writes sizes the French way, and the English way', () => {
    expect(formatBytes(0, 'fr')).toBe('0\u00A0octets');
    expect(formatBytes(820, 'fr')).toBe('820\u00A0octets');
    expect(formatBytes(1_520_000, 'fr')).toBe('1,5\u00A0Mo');
    expect(formatBytes(20_000_000, 'fr')).toBe('20\u00A0Mo');
    expect(formatBytes(999_960, 'fr')).toBe('1\u00A0Mo');
    expect(formatBytes(2_147_483_648, 'fr')).toBe('2,1\u00A0Go');
    expect(formatBytes(1_520_000, 'en')).toBe('1.5\u00A0MB');
    expect(formatBytes(12_300, 'en')).toBe('12.3\u00A0kB');
  });
});

describe('persistent storage', () => {
  const storage = (persisted: boolean, granted: boolean): StorageApi => ({
    persisted: async () => persisted,
    persist: async () => granted,
    estimate: async () => ({ usage: 1_200_000, quota: 2_000_000_000 }),
  });

  it('says whether the browser granted it, refused it or does not support it', async () => {
    expect(await persistence(storage(true, true))).toBe('granted');
    expect(await persistence(storage(false, false))).toBe('denied');
    expect(await requestPersistence(storage(false, true))).toBe('granted');
    expect(await requestPersistence(storage(false, false))).toBe('denied');
    expect(await requestPersistence(undefined)).toBe('unsupported');
    expect(await requestPersistence({})).toBe('unsupported');
    expect(await requestPersistence({ persist: () => Promise.reject(new Error('SecurityError')) })).toBe('unsupported');
  });

  it('reports the space used and allowed, when the browser says', async () => {
    expect(await estimateStorage(storage(false, false))).toEqual({ usage: 1_200_000, quota: 2_000_000_000 });
    expect(await estimateStorage({ estimate: async () => ({}) })).toBeUndefined();
    expect(await estimateStorage(undefined)).toBeUndefined();
  });
});
