import { terms } from './french-text.ts';

/**
 * A nearest-centroid (Rocchio) text classifier: each act is the mean of its examples' TF-IDF
 * vectors (sublinear term frequency, unit length); a reply scores by cosine similarity. It
 * complements BM25 over whole-act documents: BM25 rewards the rare words a reply shares with an
 * act, the centroid rewards a reply that looks like the act's typical phrasing. Cross-validation
 * on the act library picked the combination (see `embedded.ts`).
 */
export class CentroidClassifier {
  readonly #idf = new Map<string, number>();
  readonly #centroids = new Map<string, Map<string, number>>();

  constructor(examples: Record<string, readonly string[]>) {
    const docs: Array<[string, string[]]> = [];
    const df = new Map<string, number>();
    for (const [act, list] of Object.entries(examples)) {
      for (const text of list) {
        const ts = terms(text);
        docs.push([act, ts]);
        for (const t of new Set(ts)) df.set(t, (df.get(t) ?? 0) + 1);
      }
    }
    const n = docs.length;
    for (const [t, d] of df) this.#idf.set(t, Math.log((n + 1) / (d + 1)) + 1);
    for (const [act, ts] of docs) {
      const c = this.#centroids.get(act) ?? new Map<string, number>();
      for (const [t, v] of this.#vector(ts)) c.set(t, (c.get(t) ?? 0) + v);
      this.#centroids.set(act, c);
    }
    for (const c of this.#centroids.values()) normalise(c);
  }

  #vector(ts: readonly string[]): Map<string, number> {
    const v = new Map<string, number>();
    for (const t of ts) if (this.#idf.has(t)) v.set(t, (v.get(t) ?? 0) + 1);
    for (const [t, c] of v) v.set(t, (1 + Math.log(c)) * (this.#idf.get(t) ?? 0));
    return normalise(v);
  }

  /** Cosine similarity of a text to each act (0–1), acts with no shared term omitted. */
  scores(text: string): Map<string, number> {
    const v = this.#vector(terms(text));
    const out = new Map<string, number>();
    if (v.size === 0) return out;
    for (const [act, c] of this.#centroids) {
      let s = 0;
      for (const [t, x] of v) s += x * (c.get(t) ?? 0);
      if (s > 0) out.set(act, s);
    }
    return out;
  }
}

function normalise(v: Map<string, number>): Map<string, number> {
  let n = 0;
  for (const x of v.values()) n += x * x;
  n = Math.sqrt(n) || 1;
  for (const [t, x] of v) v.set(t, x / n);
  return v;
}
