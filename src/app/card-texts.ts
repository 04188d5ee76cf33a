import type { ScoreCard } from '../core/scoring/score.ts';
import type { AttemptRecord, PalierDatabase, RubricTextsRecord } from '../db/db.ts';

/**
 * A score card copies its rubric's texts into each criterion (label, the senior's note, what a
 * senior would have done): about 7 KB of an attempt's 10 KB. The device keeps those texts once per
 * rubric version instead (`rubricTexts`, keyed by the rubric's hash, which covers the texts), and
 * the attempt's card without them: {@link storedAttempt} splits them when an attempt is written,
 * {@link withTexts} puts them back for whatever shows or exports a card. The texts stay on the
 * device however the scenario changes later, so an old debrief reads as it did.
 *
 * A card written before this (its texts inline) reads as it is: only empty texts are filled.
 */

/** The texts of a card's criteria, by criterion id. */
export function textsOf(card: ScoreCard): RubricTextsRecord {
  const criteria: RubricTextsRecord['criteria'] = {};
  for (const c of card.criteria) criteria[c.id] = { label: c.label, note: c.note, ...(c.seniorWould !== undefined ? { seniorWould: c.seniorWould } : {}) };
  return { rubricHash: card.rubricHash, criteria };
}

/** The card without its criteria's texts (kept once per rubric, see {@link textsOf}). */
export function withoutTexts(card: ScoreCard): ScoreCard {
  return { ...card, criteria: card.criteria.map((c) => ({ ...c, label: '', note: '', seniorWould: undefined })) };
}

/** The card with the texts of `texts` in the criteria whose texts were left out. */
export function fillTexts(card: ScoreCard, texts: RubricTextsRecord | undefined): ScoreCard {
  if (!texts || texts.rubricHash !== card.rubricHash) return card;
  let changed = false;
  const criteria = card.criteria.map((c) => {
    const t = texts.criteria[c.id];
    if (!t || c.label !== '') return c;
    changed = true;
    return { ...c, label: t.label, note: t.note, seniorWould: t.seniorWould };
  });
  return changed ? { ...card, criteria } : card;
}

/**
 * Writes an attempt: its card without texts, the texts once per rubric. Call inside a transaction
 * that includes `db.attempts` and `db.rubricTexts`.
 *
 * @example
 * await db.transaction('rw', [db.attempts, db.rubricTexts], () => storedAttempt(db, attempt));
 */
export async function storedAttempt(db: PalierDatabase, attempt: AttemptRecord): Promise<void> {
  if (!attempt.card) {
    await db.attempts.put(attempt);
    return;
  }
  const known = await db.rubricTexts.get(attempt.card.rubricHash);
  const texts = textsOf(attempt.card);
  // The hash covers the texts: a row already there holds them, unless it lacks a criterion.
  if (!known || Object.keys(texts.criteria).some((id) => !known.criteria[id])) {
    await db.rubricTexts.put({ rubricHash: texts.rubricHash, criteria: { ...known?.criteria, ...texts.criteria } });
  }
  await db.attempts.put({ ...attempt, card: withoutTexts(attempt.card) });
}

/**
 * Attempts with their cards' texts put back (for a debrief, an export, a bundle).
 *
 * @example
 * const [attempt] = await withTexts(db, [await db.attempts.get(id)]);
 */
export async function withTexts<T extends AttemptRecord | undefined>(db: PalierDatabase, attempts: readonly T[]): Promise<T[]> {
  const hashes = [...new Set(attempts.flatMap((a) => (a?.card && a.card.criteria.some((c) => c.label === '') ? [a.card.rubricHash] : [])))];
  if (hashes.length === 0) return [...attempts];
  const rows = await db.rubricTexts.bulkGet(hashes);
  const byHash = new Map(rows.flatMap((r) => (r ? [[r.rubricHash, r] as const] : [])));
  return attempts.map((a) => (a?.card ? { ...a, card: fillTexts(a.card, byHash.get(a.card.rubricHash)) } : a));
}
