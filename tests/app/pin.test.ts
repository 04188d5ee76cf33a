import { beforeEach, describe, expect, it } from 'vitest';
import { exportProfile } from '../../src/app/data-transfer.ts';
import { checkPinFormat, hasPin, setPin, verifyPin, waitAfter } from '../../src/app/pin.ts';
import { PalierDatabase } from '../../src/db/db.ts';

let db: PalierDatabase;
const FAST = 1_000; // iterations: the real count (210 000) is for the browser, not for tests

beforeEach(async () => {
  db = new PalierDatabase(`test-${crypto.randomUUID()}`);
  await db.profiles.add({ id: 's1', name: 'Mireille', role: 'senior', createdAt: 0 });
});

describe('PIN of a senior or trainer profile', () => {
  it('accepts 4 to 12 digits, and a confirmation that matches', async () => {
    expect(checkPinFormat('12a4')).toMatchObject({ code: 'pin-format' });
    expect(checkPinFormat('123')).toMatchObject({ code: 'pin-format' });
    expect(await setPin(db, 's1', '4821', '4812', FAST)).toEqual({ code: 'pin-mismatch' });
    expect(await hasPin(db, 's1')).toBe(false);
    expect(await setPin(db, 's1', '4821', '4821', FAST)).toBeUndefined();
    expect(await hasPin(db, 's1')).toBe(true);
  });

  it('stores a salted PBKDF2 hash, never the PIN, and keeps it out of exports', async () => {
    await setPin(db, 's1', '4821', '4821', FAST);
    const rows = await db.settings.toArray();
    expect(JSON.stringify(rows)).not.toContain('4821');
    expect(JSON.stringify(await exportProfile(db, 's1'))).not.toContain('pin-secret');
  });

  it('checks the PIN', async () => {
    await setPin(db, 's1', '4821', '4821', FAST);
    expect(await verifyPin(db, 's1', '4821', 1_000)).toEqual({ ok: true });
    expect(await verifyPin(db, 's1', '0000', 1_000)).toMatchObject({ ok: false, reason: 'wrong', failures: 1, waitMs: 0 });
  });

  it('makes each failure after the third wait twice as long, and refuses a try before the wait is over', async () => {
    await setPin(db, 's1', '4821', '4821', FAST);
    let t = 10_000;
    for (let i = 1; i <= 3; i++) await verifyPin(db, 's1', '0000', t++);
    expect(await verifyPin(db, 's1', '4821', t)).toMatchObject({ ok: false, reason: 'wait' });
    t += 1_000;
    expect(await verifyPin(db, 's1', '1111', t)).toMatchObject({ ok: false, reason: 'wrong', failures: 4, waitMs: 2_000 });
    expect(await verifyPin(db, 's1', '4821', t + 1_999)).toMatchObject({ ok: false, reason: 'wait', waitMs: 1 });
    expect(await verifyPin(db, 's1', '4821', t + 2_000)).toEqual({ ok: true });
    // A success clears the count.
    expect(await verifyPin(db, 's1', '0000', t + 3_000)).toMatchObject({ failures: 1, waitMs: 0 });
    expect([waitAfter(2), waitAfter(3), waitAfter(5), waitAfter(40)]).toEqual([0, 1_000, 4_000, 300_000]);
  });

  it('a profile without a PIN says so', async () => {
    expect(await verifyPin(db, 's1', '4821')).toEqual({ ok: false, reason: 'no-pin' });
  });
});
