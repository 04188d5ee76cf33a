/**
 * Numbers written for people, French or English, without `Intl`.
 *
 * Why not `toLocaleString`: the first `Intl` formatter a page creates loads the browser's locale
 * data, 60–100 ms on this machine and four times that on a mid-range phone — a long task on the
 * welcome page (« 20 Mo » in the import panel) and on the catalogue (scores). The output is the
 * same as `Intl.NumberFormat('fr-FR' | 'en-GB', { maximumFractionDigits })` (the tests compare
 * them): the shortest decimal form of the number rounded half away from zero, trailing zeros
 * dropped, « 1 234,5 » (narrow no-break space, comma) or « 1,234.5 ».
 */

export type NumberLocale = 'fr' | 'en';

const SEPARATORS = {
  fr: { group: '\u202F', decimal: ',' },
  en: { group: ',', decimal: '.' },
} as const;

/** `digits` (the last ones of an integer written in decimal) plus one unit in the last place. */
function increment(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === '9') i--;
  return (i < 0 ? '1' : digits.slice(0, i) + String(Number(digits[i]) + 1)) + '0'.repeat(digits.length - 1 - i);
}

/**
 * `n` with at most `maxDigits` decimals.
 *
 * @example
 * formatNumber(72.46, 1, 'fr'); // '72,5'
 * formatNumber(12345.67, 1, 'en'); // '12,345.7'
 * formatNumber(20, 1, 'fr'); // '20'
 */
export function formatNumber(n: number, maxDigits: number, locale: NumberLocale): string {
  // Shortest decimal form (what Intl rounds); exponent forms (below 1e-6, from 1e21) and NaN or
  // infinities are rare enough to leave to Intl.
  const text = String(Math.abs(n));
  if (!Number.isFinite(n) || text.includes('e') || !Number.isInteger(maxDigits) || maxDigits < 0) {
    return n.toLocaleString(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: maxDigits });
  }
  const [whole = '0', fraction = ''] = text.split('.');
  let integer = whole;
  let decimals = fraction;
  if (decimals.length > maxDigits) {
    const up = decimals.charCodeAt(maxDigits) >= 53; // '5' or more: away from zero
    decimals = decimals.slice(0, maxDigits);
    if (up) {
      const all = increment(integer + decimals);
      integer = all.slice(0, all.length - decimals.length);
      decimals = all.slice(all.length - decimals.length);
    }
  }
  decimals = decimals.replace(/0+$/, '');
  const { group, decimal } = SEPARATORS[locale];
  const grouped = integer.replace(/\B(?=(\d{3})+$)/g, group);
  // Intl keeps the sign of a negative number that rounds to zero (« -0 »), and of -0 itself.
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  return `${sign}${grouped}${decimals ? decimal + decimals : ''}`;
}
