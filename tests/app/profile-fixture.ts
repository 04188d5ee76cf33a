import type { TenantLine, TraceEntry } from '../../src/core/dialogue/trace.ts';
import type { ScoreCard } from '../../src/core/scoring/score.ts';
import { PalierDatabase, type AttemptRecord, type EntryRecord, type ProfileRecord } from '../../src/db/db.ts';

/** A fresh database of its own for each test (fake-indexeddb, loaded by tests/setup.ts). */
export function freshDatabase(): PalierDatabase {
  return new PalierDatabase('test-' + crypto.randomUUID());
}

const line = (text: string, ref = 'accueil'): TenantLine => ({ text, source: 'state', ref, variant: 0, engine: 'scripted' });

/** The n-th trace entry of an attempt: mostly turns, with an unclear reply and a hint now and then. */
export function traceEntry(n: number): TraceEntry {
  if (n % 5 === 3) return { kind: 'hint', state: 'fuite', hint: 'Demandez d’où vient l’eau.', afterTurn: n, at: n * 1000 + 0.5 };
  if (n % 7 === 5) return { kind: 'unclear', text: 'euh…', engine: 'embedded', state: 'fuite', tenant: [line('Pardon ?', 'fuite')], at: n * 1000 };
  return {
    kind: 'turn',
    turn: n + 1,
    text: `Réponse ${n}`,
    acts: n % 2 === 0 ? ['reformuler'] : ['se-presenter', 'reconnaitre-emotion'],
    ...(n % 2 === 0 ? { choice: 1 } : { scores: { 'se-presenter': 0.82, 'reconnaitre-emotion': 0.4 } }),
    engine: n % 2 === 0 ? 'guided' : 'embedded',
    stateBefore: 'accueil',
    stateAfter: 'fuite',
    moodBefore: 3,
    moodAfter: n % 3 === 0 ? 2.5 : 3,
    reaction: 'act',
    act: 'reformuler',
    transitionIndex: 0,
    released: n === 1 ? ['origine'] : [],
    flags: [],
    tenant: [{ ...line(`Ligne ${n}`, 'fuite'), variant: n % 2, ...(n === 2 ? { fallbackReason: 'timeout' } : {}) }],
    at: n * 1000,
  };
}

export function scoreCard(): ScoreCard {
  return {
    scenarioId: 'degat-des-eaux-nuit',
    scenarioVersion: 2,
    scenarioHash: 'a'.repeat(64),
    rubricHash: 'b'.repeat(64),
    outcome: undefined,
    finished: false,
    turns: 3,
    hintsUsed: 1,
    criteria: [
      {
        id: 'se-presenter',
        label: 'Se présenter',
        competency: 'accueil',
        weight: 2,
        critical: false,
        kind: 'rule',
        status: 'met',
        points: 2,
        evidence: [1],
        source: 'rule',
        note: 'Toujours.',
        seniorWould: undefined,
      },
      {
        id: 'ton',
        label: 'Ton',
        competency: 'empathie',
        weight: 1,
        critical: true,
        kind: 'judged',
        status: 'pending',
        points: 0,
        evidence: [],
        source: 'rule',
        note: '',
        seniorWould: 'Je vous entends.',
      },
    ],
    earned: 2,
    possible: 2,
    pendingWeight: 1,
    percent: 100,
    capped: false,
    criticalMissed: [],
  };
}

/**
 * Puts a profile on the device with attempts of 4, 2 and 14 entries (attempt 3 has at least 12),
 * a profile setting and a secret one. Returns the profile and its records.
 */
export async function seedProfile(
  db: PalierDatabase,
  name = 'Camille Dupont',
  entriesPerAttempt: readonly number[] = [4, 2, 14],
): Promise<{ profile: ProfileRecord; attempts: AttemptRecord[]; entries: EntryRecord[] }> {
  const profile: ProfileRecord = { id: crypto.randomUUID(), name, role: 'junior', createdAt: 1_764_000_000_000 };
  const attempts: AttemptRecord[] = [];
  const entries: EntryRecord[] = [];
  entriesPerAttempt.forEach((count, i) => {
    const id = crypto.randomUUID();
    const finished = i === 0;
    attempts.push({
      id,
      profileId: profile.id,
      scenarioId: 'degat-des-eaux-nuit',
      scenarioVersion: 2,
      scenarioHash: 'a'.repeat(64),
      mode: i % 2 === 0 ? 'guided' : 'free',
      evaluation: i === 1,
      seed: 42 + i,
      status: finished ? 'finished' : 'active',
      startedAt: 1_764_000_100_000 + i * 60_000,
      updatedAt: 1_764_000_100_000 + i * 60_000 + count * 1000,
      ...(finished ? { endedAt: 1_764_000_200_000, outcome: 'success' as const, card: scoreCard() } : {}),
      opening: [line('Allô ? Il y a de l’eau partout !')],
      entryCount: count,
      ...(i === 2 ? { parentId: attempts[0]?.id, replayFromTurn: 2 } : {}),
    });
    for (let n = 0; n < count; n++) entries.push({ attemptId: id, index: n, entry: traceEntry(n) });
  });
  await db.transaction('rw', [db.profiles, db.attempts, db.entries, db.settings], async () => {
    await db.profiles.add(profile);
    await db.attempts.bulkAdd(attempts);
    await db.entries.bulkAdd(entries);
    await db.settings.bulkPut([
      { key: `profile:${profile.id}:mode`, value: { preferred: 'free', hints: true } },
      { key: `profile:${profile.id}:llm-api-key`, value: 'sk-secret' },
    ]);
  });
  return { profile, attempts, entries };
}

/** Everything in the database, for "nothing changed" assertions. */
export async function snapshot(db: PalierDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) out[table.name] = await table.toArray();
  return out;
}
