import { describe, expect, it } from 'vitest';
import { PalierDatabase, type ReviewEventRecord } from '../../src/db/db.ts';

const EVENT: ReviewEventRecord = {
  attemptId: 'a1',
  at: 1_764_400_000_000,
  by: { id: 'p-formatrice', name: 'Nadia' },
  kind: 'decision',
  criterionId: 'ton',
  before: { status: 'pending', points: 0 },
  after: { status: 'met', points: 4, levelId: 'senior' },
  comment: 'Posé.',
};

/** The Revue's audit trail is append-only in the database itself, not only by convention. */
describe('the audit trail', () => {
  it('refuses to change or delete an event, one by one or by query, and keeps it', async () => {
    const db = new PalierDatabase(`audit-${Math.random()}`);
    const seq = await db.reviewEvents.add({ ...EVENT });
    await expect(db.reviewEvents.update(seq, { comment: 'Autre chose.' })).rejects.toThrow(/append-only/);
    await expect(db.reviewEvents.put({ ...EVENT, seq, comment: 'Réécrit.' })).rejects.toThrow(/append-only/);
    await expect(db.reviewEvents.delete(seq)).rejects.toThrow(/append-only/);
    await expect(db.reviewEvents.where('attemptId').equals('a1').delete()).rejects.toThrow(/append-only/);
    await expect(db.reviewEvents.clear()).rejects.toThrow(/append-only/);
    expect(await db.reviewEvents.toArray()).toEqual([{ ...EVENT, seq }]);
    // Adding is what the trail is for.
    await db.reviewEvents.add({ ...EVENT, at: EVENT.at + 1, comment: 'Confirmé.' });
    expect(await db.reviewEvents.count()).toBe(2);
  });

  it('goes only with the whole device, when the user erases everything', async () => {
    const db = new PalierDatabase(`audit-${Math.random()}`);
    await db.reviewEvents.add({ ...EVENT });
    await db.eraseEverything();
    expect(await db.reviewEvents.count()).toBe(0);
    // And the trail is append-only again afterwards.
    const seq = await db.reviewEvents.add({ ...EVENT });
    await expect(db.reviewEvents.delete(seq)).rejects.toThrow(/append-only/);
  });
});
