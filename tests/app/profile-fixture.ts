import { readFileSync } from 'node:fs';
import { setSourceFields } from '../../src/app/atelier/versions.ts';
import { enqueue } from '../../src/app/revue/outbox.ts';
import { checkScenario } from '../../src/core/check.ts';
import type { TenantLine, TraceEntry } from '../../src/core/dialogue/trace.ts';
import type { ScoreCard } from '../../src/core/scoring/score.ts';
import {
  PalierDatabase,
  type AttemptRecord,
  type EntryRecord,
  type FeedbackRecord,
  type ProfileRecord,
  type ReviewEventRecord,
  type ReviewRecord,
  type ScenarioRecord,
} from '../../src/db/db.ts';
import { sampleStatements } from '../helpers/lrs-server.ts';
import { OTHER_TRAINER, playedReview, seedReviews, TRAINER } from '../helpers/revue.ts';
import { library } from '../helpers/scenarios.ts';
import { refreshRecords } from '../../src/app/revue/review.ts';

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

/** A scenario version published on this device: the bundled water-leak scenario under another id. */
export function localScenario(id = 'fuite-locale', version = 1, at = 1_764_100_000_000): ScenarioRecord {
  const source = setSourceFields(readFileSync('scenarios/degat-des-eaux-nuit.yaml', 'utf8'), { id, version });
  const compiled = source === undefined ? undefined : checkScenario(source, `scenarios/${id}.yaml`, library(), { lint: false }).compiled;
  if (!source || !compiled) throw new Error(`${id} does not compile`);
  return {
    id,
    version,
    status: 'published',
    source,
    hash: compiled.hash,
    compiled,
    title: compiled.meta.title,
    author: compiled.meta.author.name,
    reviewBy: compiled.meta.reviewBy,
    origin: 'local',
    createdAt: at,
    updatedAt: at + 1000,
    publishedAt: at + 1000,
  };
}

/** A draft of the Atelier (never compiled). */
export function draftScenario(id: string, version: number, at: number, source = `id: ${id}\ntitle: Brouillon\n`): ScenarioRecord {
  return { id, version, status: 'draft', source, title: 'Brouillon', author: 'Mireille Dubois', origin: 'local', createdAt: at, updatedAt: at + 500 };
}

export interface SeededWork {
  published: ScenarioRecord;
  feedback: FeedbackRecord;
  review: ReviewRecord;
  events: ReviewEventRecord[];
}

/**
 * The rest of a device's work, written directly (the round-trip test makes the same through the
 * app's functions): a published local scenario, its next draft and another draft; a retour on the
 * profile's first attempt; one imported attempt of another junior with the source of its scenario,
 * three events of two trainers on it; three xAPI statements queued, one of them since sent.
 */
export async function seedWork(db: PalierDatabase, attempts: readonly AttemptRecord[]): Promise<SeededWork> {
  const published = localScenario();
  await db.scenarios.bulkAdd([published, draftScenario('fuite-locale', 2, 1_764_200_000_000), draftScenario('nouveau-scenario', 1, 1_764_300_000_000)]);
  const first = attempts[0];
  if (!first?.card) throw new Error('fixture: the first attempt has no card');
  const level = { status: 'met' as const, points: 4, levelId: 'senior' };
  const feedback: FeedbackRecord = {
    attemptId: first.id,
    trainer: { name: TRAINER.name },
    sentAt: 1_764_500_000_000,
    importedAt: 1_764_500_100_000,
    annotations: [{ turn: 1, text: 'Bien reformulé.', by: TRAINER.name, at: 1_764_400_000_000 }],
    decisions: [{ criterionId: 'ton', before: { status: 'pending', points: 0 }, after: level, comment: 'Posé.', by: TRAINER.name, at: 1_764_400_001_000 }],
    card: first.card,
    checksum: `sha256:${'c'.repeat(64)}`,
  };
  await db.feedback.add(feedback);
  const review = playedReview({ id: 'revue-1', junior: { id: 'lea', name: 'Léa Martin' }, proposals: { ton: 'correct' } });
  await seedReviews(db, [review]);
  const events: ReviewEventRecord[] = [
    { attemptId: review.id, at: 1_764_400_000_000, by: TRAINER, kind: 'annotation', turn: 1, comment: 'Ici, reformuler.' },
    { attemptId: review.id, at: 1_764_400_001_000, by: TRAINER, kind: 'decision', criterionId: 'ton', before: { status: 'pending', points: 0 }, after: level, comment: 'Posé.' },
    { attemptId: review.id, at: 1_764_400_002_000, by: OTHER_TRAINER, kind: 'proposal-verdict', criterionId: 'ton', agree: false, comment: '' },
  ];
  for (const e of events) e.seq = await db.reviewEvents.add({ ...e });
  // The score of record follows the trail, as the review's own functions keep it.
  await refreshRecords(db, [review.scenarioId]);
  const recorded = await db.reviews.get(review.id);
  if (!recorded) throw new Error('fixture: the review was not stored');
  const statements = sampleStatements(3, review.id);
  await enqueue(db, statements, 1_764_400_003_000);
  await db.outbox.update(statements[0]?.id ?? '', { state: 'sent', sentAt: 1_764_400_004_000 });
  return { published, feedback, review: recorded, events };
}
