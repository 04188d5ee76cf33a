import { expect, it } from 'vitest';
import { loadLocale, saveLocale } from '../../src/app/preferences.ts';
import { freshDatabase } from './profile-fixture.ts';

it('remembers the language on the device, and ignores a value it does not know', async () => {
  const db = freshDatabase();
  expect(await loadLocale(db)).toBeUndefined();
  await saveLocale(db, 'en');
  expect(await loadLocale(db)).toBe('en');
  expect(await db.settings.get('locale')).toEqual({ key: 'locale', value: 'en' });
  await db.settings.put({ key: 'locale', value: 'de' });
  expect(await loadLocale(db)).toBeUndefined();
});
