import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * JSON with object keys sorted, so equal data always gives equal text (and equal hashes)
 * whatever the key order in the YAML.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/**
 * SHA-256 of the canonical JSON, hex. Synchronous (WebCrypto's digest is async) so scoring and
 * compiling stay pure functions.
 *
 * @example
 * hashOf({ b: 1, a: 2 }) === hashOf({ a: 2, b: 1 }); // true
 */
export function hashOf(value: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(value))));
}

/** SHA-256 of a text, hex. */
export function hashText(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
