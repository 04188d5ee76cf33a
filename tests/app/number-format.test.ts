import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber, type NumberLocale } from '../../src/app/number-format.ts';

const intl = (n: number, digits: number, locale: NumberLocale): string =>
  n.toLocaleString(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits });

describe('formatNumber', () => {
  it('writes numbers the French way and the English way', () => {
    expect(formatNumber(72.46, 1, 'fr')).toBe('72,5');
    expect(formatNumber(72.46, 1, 'en')).toBe('72.5');
    expect(formatNumber(20, 1, 'fr')).toBe('20');
    expect(formatNumber(12_345.67, 1, 'fr')).toBe('12\u202F345,7');
    expect(formatNumber(12_345.67, 1, 'en')).toBe('12,345.7');
    expect(formatNumber(999.95, 1, 'fr')).toBe('1\u202F000');
    expect(formatNumber(0.5, 0, 'en')).toBe('1');
  });

  it('rounds the number as written, half away from zero, as Intl does', () => {
    // 1.15 is stored as 1.149999…: toFixed(1) says 1.1, Intl and people say 1.2.
    expect(formatNumber(1.15, 1, 'en')).toBe('1.2');
    expect(formatNumber(1.005, 2, 'en')).toBe('1.01');
    expect(formatNumber(-1.25, 1, 'fr')).toBe('-1,3');
    expect(formatNumber(-0.04, 1, 'fr')).toBe('-0');
    expect(formatNumber(9.96, 1, 'fr')).toBe('10');
    expect(formatNumber(99.99, 0, 'en')).toBe('100');
  });

  it('gives what Intl.NumberFormat gives (fr-FR, en-GB), for any number', () => {
    const numbers = fc.oneof(
      fc.double({ min: -1e7, max: 1e7, noNaN: true }),
      fc.integer({ min: -1_000_000, max: 1_000_000 }).map((k) => k / 100),
      fc.integer({ min: 0, max: 100_000 }).map((k) => k / 1000 + 0.05),
      fc.constantFrom(0, -0, 1e-7, 1e21, 123_456_789_012, Number.NaN, Number.POSITIVE_INFINITY, -Number.POSITIVE_INFINITY),
    );
    fc.assert(
      fc.property(numbers, fc.integer({ min: 0, max: 3 }), fc.constantFrom<NumberLocale>('fr', 'en'), (n, digits, locale) => {
        expect(formatNumber(n, digits, locale)).toBe(intl(n, digits, locale));
      }),
      { numRuns: 5000 },
    );
  });
});
