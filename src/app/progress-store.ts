import type { AttemptInput } from '../core/progress/inputs.ts';
import { canFold, foldAttempt, PROGRESS_FORMAT, progressStateOf, type ProgressState } from '../core/progress/state.ts';
import type { AttemptRecord, PalierDatabase } from '../db/db.ts';

/**
 * Each profile's progress, folded (`src/core/progress/state.ts`) and stored in the `progress`
 * table, so the catalogue and the progression read one row instead of every attempt.
 *
 * - An attempt that ends is folded in the same transaction that ends it ({@link foldEnded}).
 * - Anything else that changes a profile's ended attempts or their scores of record (a profile
 *   import, a trainer's « retour », erasing) forgets the row ({@link forgetProgress}).
 * - A reader that finds no row, one of another format, or one built when the device held another
 *   number of « retours », works from
 *   the attempts for that read and has the row rebuilt just after, in its own transaction
 *   ({@link storedProgress}). So the screens are never wrong, only slower once.
 */

/**
 * Folds an attempt that just ended into its profile's stored progress. Call inside the transaction
 * that writes the ended attempt; it must include `db.progress`. With no stored row there is nothing
 * to do (the next read rebuilds it); an attempt that cannot be folded in order forgets the row.
 */
export async function foldEnded(db: PalierDatabase, attempt: AttemptRecord): Promise<void> {
  const row = await db.progress.get(attempt.profileId);
  if (!row) return;
  const next = canFold(row.state, attempt) ? foldAttempt(row.state, attempt) : undefined;
  if (next) await db.progress.put({ ...row, state: next });
  else await db.progress.delete(attempt.profileId);
}

/**
 * Forgets stored progress (one profile's, or every profile's when `profileId` is omitted), inside
 * the caller's transaction, which must include `db.progress`.
 */
export async function forgetProgress(db: PalierDatabase, profileId?: string): Promise<void> {
  if (profileId === undefined) await db.progress.clear();
  else await db.progress.delete(profileId);
}

/** A profile's attempts as the progress model reads them: a trainer's « retour » replaces the card played. */
export async function recordedAttempts(db: PalierDatabase, profileId: string): Promise<AttemptRecord[]> {
  // The retours are few (one per reviewed attempt): read them all rather than one key per attempt.
  const [attempts, retours] = await Promise.all([db.attempts.where('profileId').equals(profileId).toArray(), db.feedback.toArray()]);
  if (retours.length === 0) return attempts;
  const cards = new Map(retours.map((f) => [f.attemptId, f.card]));
  return attempts.map((a) => {
    const card = cards.get(a.id);
    return card ? { ...a, card } : a;
  });
}

/** Rebuilds a profile's stored progress from its attempts, in one transaction. */
export async function rebuildProgress(db: PalierDatabase, profileId: string): Promise<ProgressState> {
  return db.transaction('rw', [db.attempts, db.feedback, db.progress], async () => {
    const [attempts, retours] = await Promise.all([recordedAttempts(db, profileId), db.feedback.count()]);
    const state = progressStateOf(attempts);
    await db.progress.put({ profileId, state, retours });
    return state;
  });
}

/** Rebuilds scheduled or running, by database and profile. */
const rebuilding = new Map<string, Promise<void>>();

/** Rebuilds after the current task (a live query must not write), once at a time per profile. */
function rebuildSoon(db: PalierDatabase, profileId: string): void {
  const key = `${db.name}\u0000${profileId}`;
  if (rebuilding.has(key)) return;
  const done = new Promise<void>((resolve) => {
    setTimeout(() => {
      rebuildProgress(db, profileId)
        .catch(() => {
          // Storage full or the database closed: the next read works from the attempts again.
        })
        .finally(() => {
          rebuilding.delete(key);
          resolve();
        });
    }, 0);
  });
  rebuilding.set(key, done);
}

/** Resolves once every rebuild scheduled so far has ended (for tests that clear tables between cases). */
export async function settleProgress(): Promise<void> {
  while (rebuilding.size > 0) await Promise.all([...rebuilding.values()]);
}

/** A profile's attempts still open (few: one per scenario at most, usually). */
export function activeAttempts(db: PalierDatabase, profileId: string): Promise<AttemptRecord[]> {
  return db.attempts.where('[profileId+status]').equals([profileId, 'active']).toArray();
}

/**
 * A profile's folded progress and its open attempts. Reads the stored row when it is current;
 * otherwise folds the attempts for this read and has the row rebuilt just after (safe inside a
 * live query: the write happens outside it).
 *
 * @example
 * const { state, active } = await storedProgress(database(), profile.id);
 * reportFrom(state, { active, scenarios: catalogue, now: Date.now() });
 */
export async function storedProgress(db: PalierDatabase, profileId: string): Promise<{ state: ProgressState; active: AttemptInput[]; stored: boolean }> {
  // No count of the profile's attempts here: counting 10,000 index entries takes 200–300 ms in
  // Chromium, more than everything else these screens do. The writers keep the row right instead
  // (see above); the device's « retours » are few, and counting them is cheap.
  const [row, retours, active] = await Promise.all([db.progress.get(profileId), db.feedback.count(), activeAttempts(db, profileId)]);
  if (row && row.state.format === PROGRESS_FORMAT && row.retours === retours) return { state: row.state, active, stored: true };
  const attempts = await recordedAttempts(db, profileId);
  if (profileId !== '') rebuildSoon(db, profileId);
  return { state: progressStateOf(attempts), active, stored: false };
}

/** Attempts of a profile, newest start first, `limit` of them (the history's pages). */
export function recentAttempts(db: PalierDatabase, profileId: string, limit: number): Promise<AttemptRecord[]> {
  return db.attempts
    .where('[profileId+startedAt]')
    .between([profileId, -Infinity], [profileId, Infinity], true, true)
    .reverse()
    .limit(limit)
    .toArray();
}
