import type { LineSource, TenantLine } from './trace.ts';

/**
 * Deterministic variant choice: the same seed, turn and line reference always give the same
 * variant, so a replayed or resumed attempt says the same words. FNV-1a over a short key is all
 * that is needed here (no cryptographic or statistical quality required), hence no dependency.
 */
export function pickVariant(count: number, seed: number, key: string): number {
  if (count <= 1) return 0;
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % count;
}

/** The scripted tenant voice: picks one authored variant. */
export function scriptedLine(lines: readonly string[], source: LineSource, ref: string, seed: number, turn: number): TenantLine {
  const variant = pickVariant(lines.length, seed, `${turn}:${source}:${ref}`);
  return { text: lines[variant] ?? '', source, ref, variant, engine: 'scripted' };
}

/** Turns any seed (number or text) into a 32-bit unsigned integer. */
export function normaliseSeed(seed: number | string): number {
  if (typeof seed === 'number' && Number.isFinite(seed)) return Math.trunc(seed) >>> 0;
  return pickVariant(0x7fffffff, 0, String(seed));
}
