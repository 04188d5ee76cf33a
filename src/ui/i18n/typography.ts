const SPACES = '[ \\u00A0\\u202F]*';
const HIGH = new RegExp(`(\\S)${SPACES}([?!;]+)`, 'g');
const COLON = new RegExp(`(\\S)${SPACES}:(?=\\s|$)`, 'g');
const OPEN = new RegExp(`«${SPACES}`, 'g');
const CLOSE = new RegExp(`${SPACES}»`, 'g');
const PERCENT = /(\d) %/g;
/** Any character one of the rules above looks for: most strings have none, and skip all five passes. */
const CANDIDATE = /[?!;:«»%]/;

/**
 * French typography: a narrow no-break space before « ? ! ; », a no-break space before « : », « % »
 * and inside « guillemets », so punctuation never starts a line. Authors type ordinary spaces
 * (or none); the screen gets it right. Times (14:30) and addresses (https://) are left alone.
 *
 * @example
 * frenchSpacing('Vous êtes seule?'); // 'Vous êtes seule\u202F?'
 */
export function frenchSpacing(text: string): string {
  if (!CANDIDATE.test(text)) return text;
  return text
    .replace(HIGH, '$1\u202F$2')
    .replace(COLON, '$1\u00A0:')
    .replace(OPEN, '«\u00A0')
    .replace(CLOSE, '\u00A0»')
    .replace(PERCENT, '$1\u00A0%');
}
