import { beforeEach, describe, expect, it, vi } from 'vitest';
import { formatDate } from '../../src/ui/i18n/date-format.ts';
import { frenchSpacing } from '../../src/ui/i18n/typography.ts';

// Node environment: the setup file does not preload English here, so each test sees the app's
// first load, English not yet downloaded (a fresh module per test).
type I18nModule = typeof import('../../src/ui/i18n/i18n.svelte.ts');
let mod: I18nModule;
beforeEach(async () => {
  vi.resetModules();
  mod = await import('../../src/ui/i18n/i18n.svelte.ts');
});

describe('i18n: English loads when it is chosen', () => {
  it('keeps French until the English dictionary is there, then switches', async () => {
    const { i18n } = mod;
    expect(i18n.locale).toBe('fr');
    const switching = i18n.set('en');
    expect(i18n.loading).toBe('en');
    expect(i18n.t('common.loading')).toBe('Chargement…');
    await switching;
    expect(i18n.loading).toBeUndefined();
    expect(i18n.locale).toBe('en');
    expect(i18n.t('common.loading')).toBe('Loading…');
    // Loaded once: the next switches are immediate.
    void i18n.set('fr');
    expect(i18n.locale).toBe('fr');
    void i18n.set('en');
    expect(i18n.locale).toBe('en');
  });

  it('gives the last language asked for, even when English arrives after French was chosen again', async () => {
    const { i18n } = mod;
    const english = i18n.set('en');
    await i18n.set('fr');
    await english;
    expect(i18n.locale).toBe('fr');
    expect(i18n.loading).toBeUndefined();
  });

  it('settles once the language asked for is shown', async () => {
    const { i18n } = mod;
    await i18n.settled();
    void i18n.set('en');
    await i18n.settled();
    expect(i18n.locale).toBe('en');
  });

  it('keeps the strings of areas added before English arrived', async () => {
    const { addMessages, i18n } = mod;
    addMessages({ 'revue.title': 'Revue' }, { 'revue.title': 'Review' });
    await i18n.set('en');
    expect(i18n.t('revue.title')).toBe('Review');
    expect(i18n.t('common.loading')).toBe('Loading…');
  });
});

describe('i18n: numbers and dates', () => {
  it('writes numbers without Intl, as Intl would', () => {
    const { i18n } = mod;
    expect(i18n.number(72.46)).toBe('72,5');
    expect(i18n.number(1234.5, 0)).toBe('1\u202F235');
  });

  it('writes dates as toLocaleDateString does, with one formatter reused', () => {
    const { i18n } = mod;
    const at = Date.UTC(2026, 2, 4, 9, 5);
    expect(i18n.date(at)).toBe(new Date(at).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' }));
    expect(i18n.dateTime(at)).toBe(new Date(at).toLocaleString('fr-FR', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }));
    expect(formatDate(at, 'en', { day: 'numeric', month: 'short' })).toBe(new Date(at).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' }));
    expect(formatDate(Number.NaN, 'fr', { day: 'numeric' })).toBe('Invalid Date');
  });
});

describe('frenchSpacing', () => {
  it('leaves text without French punctuation as it is, and spaces the rest', () => {
    expect(frenchSpacing('Bienvenue sur Palier')).toBe('Bienvenue sur Palier');
    expect(frenchSpacing('Vous êtes seule?')).toBe('Vous êtes seule\u202F?');
    expect(frenchSpacing('Score : 72 %')).toBe('Score\u00A0: 72\u00A0%');
    expect(frenchSpacing('«Bonjour»')).toBe('«\u00A0Bonjour\u00A0»');
    expect(frenchSpacing('À 14:30, https://exemple.fr')).toBe('À 14:30, https://exemple.fr');
  });
});
