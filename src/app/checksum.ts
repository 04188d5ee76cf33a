import { canonicalJson } from '../core/hash.ts';

/**
 * The checksum Palier's shared files carry (scenario packs, attempt bundles, retours formateur):
 * `sha256:` + the hex SHA-256 (WebCrypto) of the canonical JSON of the file's body without its
 * own `checksum` key. It catches a file damaged or edited by hand; it is not a signature (anyone can
 * recompute it), so every reader still checks what the file says against itself.
 *
 * @example
 * const body = { format: 'palier-pack', packVersion: 1, scenarios: [] };
 * const file = { ...body, checksum: await sha256Checksum(body) };
 * (await sha256Checksum(file)) === file.checksum; // true: the checksum key is left out
 */
export async function sha256Checksum(body: Readonly<Record<string, unknown>>): Promise<string> {
  const { checksum: _ignored, ...rest } = body;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(rest)));
  return `sha256:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
