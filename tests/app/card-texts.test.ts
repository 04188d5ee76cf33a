import { beforeEach, describe, expect, it } from 'vitest';
import { fillTexts, storedAttempt, textsOf, withoutTexts, withTexts } from '../../src/app/card-texts.ts';
import { exportProfile } from '../../src/app/data-transfer.ts';
import { openRun, startAttempt } from '../../src/app/practice.ts';
import type { CompiledScenario } from '../../src/core/dialogue/compiled.ts';
import { PalierDatabase } from '../../src/db/db.ts';
import { compileFile, STARTER } from '../helpers/scenarios.ts';

const starter = compileFile(STARTER);
const load = async (id: string): Promise<CompiledScenario | undefined> => (id === starter.id ? starter : undefined);
const WIN = [0, 0, 0, 3, 0, 0, 0, 0, 1];
let db: PalierDatabase;

beforeEach(async () => {
  db = new PalierDatabase(`texts-${crypto.randomUUID()}`);
  await db.profiles.add({ id: 'p1', name: 'Awa', role: 'junior', createdAt: 1 });
});

async function finished() {
  const attempt = await startAttempt(db, { profileId: 'p1', scenario: starter, mode: 'guided', evaluation: false, seed: 5 });
  const opened = await openRun(db, attempt.id, load);
  if (!('run' in opened)) throw new Error('cannot open');
  for (const i of WIN) await opened.run.choose(i);
  return opened.run.attempt;
}

describe('rubric texts kept once per rubric', () => {
  it('an ended attempt is stored without its criteria’s texts, which are kept once and put back on reading', async () => {
    const played = await finished();
    const card = played.card;
    if (!card) throw new Error('no card');
    expect(card.criteria.every((c) => c.label !== '' && c.note !== '')).toBe(true);
    const stored = await db.attempts.get(played.id);
    expect(stored?.card?.criteria.every((c) => c.label === '' && c.note === '' && c.seniorWould === undefined)).toBe(true);
    // Everything else of the card is as scored.
    expect(stored?.card).toEqual(withoutTexts(card));
    expect(await db.rubricTexts.count()).toBe(1);
    const [back] = await withTexts(db, [stored]);
    expect(back).toEqual(played);
    // Smaller: the texts are most of a card.
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(played).length * 0.7);
  });

  it('a second attempt on the same rubric adds no texts; an export writes cards whole', async () => {
    const first = await finished();
    const second = await finished();
    expect(await db.rubricTexts.count()).toBe(1);
    const file = await exportProfile(db, 'p1');
    expect(file?.attempts.map((a) => a.card)).toEqual([first.card, second.card]);
  });

  it('a card stored with its texts (before they were kept apart) reads as it is', async () => {
    const played = await finished();
    await db.attempts.put(played);
    await db.rubricTexts.clear();
    const [back] = await withTexts(db, [await db.attempts.get(played.id)]);
    expect(back).toEqual(played);
    expect(await withTexts(db, [undefined])).toEqual([undefined]);
  });

  it('fills only from the texts of the same rubric version', async () => {
    const card = (await finished()).card;
    if (!card) throw new Error('no card');
    const bare = withoutTexts(card);
    expect(fillTexts(bare, { ...textsOf(card), rubricHash: 'other' })).toBe(bare);
    expect(fillTexts(bare, textsOf(card))).toEqual(card);
    await storedAttempt(db, { ...(await db.attempts.toArray())[0]!, id: 'copy' });
    expect(await db.rubricTexts.count()).toBe(1);
  });
});
