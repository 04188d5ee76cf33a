import type { PalierDatabase } from '../db/db.ts';
import { profileSettingPrefix } from './profiles.ts';

/**
 * PINs for senior and trainer profiles on a shared device. The PIN is hashed with PBKDF2
 * (SHA-256, random salt) through WebCrypto; after three failures each new failure doubles the
 * wait before the next try (up to five minutes). This keeps a colleague from opening the Atelier
 * or the Revue by mistake or out of curiosity; it does not stop someone with the browser's
 * developer tools, who can read or change the device's storage (README says so).
 */

export const PIN_MIN = 4;
export const PIN_MAX = 12;
export const PBKDF2_ITERATIONS = 210_000;
const FREE_TRIES = 3;
const MAX_WAIT_MS = 5 * 60_000;

interface StoredPin {
  salt: string;
  hash: string;
  iterations: number;
}

interface Failures {
  count: number;
  /** Time of the last failure (ms). */
  at: number;
}

// « secret » in the key: data exports leave it out (see isSecretSetting); a profile imported on
// another device sets a new PIN there.
const pinKey = (profileId: string): string => `${profileSettingPrefix(profileId)}pin-secret`;
const failKey = (profileId: string): string => `${profileSettingPrefix(profileId)}pin-failures`;

const hex = (b: ArrayBuffer | Uint8Array): string => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('');
const bytes = (h: string): Uint8Array<ArrayBuffer> => new Uint8Array((h.match(/../g) ?? []).map((x) => parseInt(x, 16)));

async function derive(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return hex(bits);
}

export type PinProblem = { code: 'pin-format'; min: number; max: number } | { code: 'pin-mismatch' };

/** Digits only, PIN_MIN to PIN_MAX of them. */
export function checkPinFormat(pin: string): PinProblem | undefined {
  return new RegExp(`^\\d{${PIN_MIN},${PIN_MAX}}$`).test(pin) ? undefined : { code: 'pin-format', min: PIN_MIN, max: PIN_MAX };
}

export async function hasPin(db: PalierDatabase, profileId: string): Promise<boolean> {
  return (await db.settings.get(pinKey(profileId))) !== undefined;
}

/** Sets (or replaces) the PIN of a profile. */
export async function setPin(db: PalierDatabase, profileId: string, pin: string, confirm: string, iterations = PBKDF2_ITERATIONS): Promise<PinProblem | undefined> {
  const problem = checkPinFormat(pin);
  if (problem) return problem;
  if (pin !== confirm) return { code: 'pin-mismatch' };
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const value: StoredPin = { salt: hex(salt), hash: await derive(pin, salt, iterations), iterations };
  await db.transaction('rw', db.settings, async () => {
    await db.settings.put({ key: pinKey(profileId), value });
    await db.settings.delete(failKey(profileId));
  });
  return undefined;
}

/** How long to wait after `count` consecutive failures before the next try is allowed. */
export function waitAfter(count: number): number {
  if (count < FREE_TRIES) return 0;
  return Math.min(MAX_WAIT_MS, 1000 * 2 ** (count - FREE_TRIES));
}

export type PinCheck = { ok: true } | { ok: false; reason: 'wrong'; failures: number; waitMs: number } | { ok: false; reason: 'wait'; waitMs: number } | { ok: false; reason: 'no-pin' };

/**
 * Checks a PIN. A wrong PIN counts a failure; once the free tries are spent, another try is
 * refused (without being checked) until the wait is over.
 *
 * @example
 * const r = await verifyPin(db, profile.id, '4821');
 * if (!r.ok && r.reason === 'wait') showWait(r.waitMs);
 */
export async function verifyPin(db: PalierDatabase, profileId: string, pin: string, now = Date.now()): Promise<PinCheck> {
  const stored = (await db.settings.get(pinKey(profileId)))?.value as StoredPin | undefined;
  if (!stored) return { ok: false, reason: 'no-pin' };
  const fails = ((await db.settings.get(failKey(profileId)))?.value as Failures | undefined) ?? { count: 0, at: 0 };
  const waitUntil = fails.at + waitAfter(fails.count);
  if (now < waitUntil) return { ok: false, reason: 'wait', waitMs: waitUntil - now };
  const hash = await derive(pin, bytes(stored.salt), stored.iterations);
  if (hash === stored.hash) {
    await db.settings.delete(failKey(profileId));
    return { ok: true };
  }
  const next: Failures = { count: fails.count + 1, at: now };
  await db.settings.put({ key: failKey(profileId), value: next });
  return { ok: false, reason: 'wrong', failures: next.count, waitMs: waitAfter(next.count) };
}
