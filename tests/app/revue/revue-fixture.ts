import { expect } from 'vitest';
import { sha256Checksum } from '../../../src/app/checksum.ts';
import { openRun, startAttempt } from '../../../src/app/practice.ts';
import type { CompiledScenario } from '../../../src/core/dialogue/compiled.ts';
import type { AttemptRecord, PalierDatabase, ProfileRecord } from '../../../src/db/db.ts';
import { withTexts } from '../../../src/app/card-texts.ts';

/** The bundled scenario the attempts are played on. */
export const BUNDLED = 'degat-des-eaux-nuit';
/** Choices that take the bundled scenario (and a copy of it) to its successful end. */
const WINNING = [0, 0, 0, 3, 0, 0, 0, 0, 1];

/** A junior profile on the device. */
export async function juniorProfile(db: PalierDatabase, name = 'Camille Dupont'): Promise<ProfileRecord> {
  const profile: ProfileRecord = { id: crypto.randomUUID(), name, role: 'junior', createdAt: 1_764_000_000_000 };
  await db.profiles.add(profile);
  return profile;
}

/** A real attempt, played to its end on `scenario` through the practice module: finished, with its card. */
export async function playedAttempt(db: PalierDatabase, profileId: string, scenario: CompiledScenario, now = 1_764_400_000_000): Promise<AttemptRecord> {
  const started = await startAttempt(db, { profileId, scenario, mode: 'guided', evaluation: false, seed: 5, now });
  const opened = await openRun(db, started.id, async () => scenario);
  if (!('run' in opened)) throw new Error(`cannot open: ${opened.error.code}`);
  for (const choice of WINNING) await opened.run.choose(choice);
  // As the app reads it back: the card with its rubric's texts (the device keeps those once per rubric).
  const [attempt] = await withTexts(db, [await db.attempts.get(started.id)]);
  expect(attempt?.status).toBe('finished');
  if (!attempt?.card) throw new Error('the attempt has no card');
  return attempt;
}

/** A file's JSON with a change, its checksum recomputed (so only the change is at fault). */
export async function resealed<T = Record<string, unknown>>(text: string, change: (file: T) => void): Promise<string> {
  const file = JSON.parse(text) as T;
  change(file);
  const body = file as Record<string, unknown>;
  return JSON.stringify({ ...body, checksum: await sha256Checksum(body) }, null, 2);
}

/** A file's JSON with a change and its original checksum kept (a hand edit). */
export function edited<T = Record<string, unknown>>(text: string, change: (file: T) => void): string {
  const file = JSON.parse(text) as T;
  change(file);
  return JSON.stringify(file, null, 2);
}
