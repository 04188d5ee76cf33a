import { Dexie, type EntityTable, type Table } from 'dexie';
import type { CompiledScenario } from '../core/dialogue/compiled.ts';
import type { TenantLine, TraceEntry } from '../core/dialogue/trace.ts';
import type { Outcome } from '../core/scenario/common.schema.ts';
import type { JudgeProposal } from '../core/scoring/judge-request.ts';
import type { ProgressState } from '../core/progress/state.ts';
import type { ScoreCard } from '../core/scoring/score.ts';

/**
 * The one Dexie module: typed tables and their versions. Each `version(n)` stays forever; a change
 * is a new version with an `upgrade` (see DESIGN.md, storage). Only `src/db` imports Dexie.
 */

export type Role = 'junior' | 'senior' | 'formateur';

export interface ProfileRecord {
  id: string;
  name: string;
  role: Role;
  createdAt: number;
}

export type AttemptStatus = 'active' | 'finished' | 'abandoned';
export type InputMode = 'guided' | 'free';

export interface AttemptRecord {
  id: string;
  profileId: string;
  scenarioId: string;
  scenarioVersion: number;
  scenarioHash: string;
  mode: InputMode;
  /** « Évaluation »: the mood indicator is hidden. */
  evaluation: boolean;
  seed: number;
  status: AttemptStatus;
  startedAt: number;
  updatedAt: number;
  endedAt?: number;
  /** The tenant's opening lines (the trace's `opening`). */
  opening: TenantLine[];
  /** Number of trace entries written (entries are rows of `entries`). */
  entryCount: number;
  outcome?: Outcome;
  /** The ScoreCard once the attempt has ended (kept with the rubric hash it was scored against). */
  card?: ScoreCard;
  /** A replay: the attempt it branched from and the turn it replayed from (1-based). */
  parentId?: string;
  replayFromTurn?: number;
  /** « IA »: the tenant voiced by a language model (free text); absent or `scripted` otherwise. */
  voice?: 'scripted' | 'ai';
  /** The provider and model an AI attempt was played with (per-turn engines are in the trace). */
  ai?: { provider: string; model: string };
  /** A language model's proposals for judged criteria: pending until a trainer confirms. */
  proposals?: JudgeProposal[];
}

/** One trace entry of an attempt, written before the tenant's reply is shown. */
export interface EntryRecord {
  attemptId: string;
  index: number;
  entry: TraceEntry;
}

export type ScenarioStatus = 'draft' | 'published';

/**
 * A scenario written or imported on this device (the bundled ones live in the app). Each version
 * is a row: publishing adds the next version, and earlier versions stay readable.
 */
export interface ScenarioRecord {
  id: string;
  version: number;
  status: ScenarioStatus;
  /** The YAML source, as the senior wrote it (comments included). */
  source: string;
  /** Hash of the compiled scenario, once it compiles (what attempts are scored against). */
  hash?: string;
  /** The runtime artifact of a published version: practice screens play it without parsing YAML. */
  compiled?: CompiledScenario;
  title: string;
  author: string;
  reviewBy?: string;
  /** Where it came from: written here, copied from a bundled one, or imported from a pack. */
  origin: 'local' | 'bundled-copy' | 'pack';
  createdAt: number;
  updatedAt: number;
  publishedAt?: number;
}

/** Who did something in the Revue (a trainer profile of this device, named as it was then). */
export interface Actor {
  id: string;
  name: string;
}

/**
 * An attempt a trainer imported from a junior's bundle (trainer's device). The attempt and its
 * trace are kept exactly as exported; the trainer's work lives in `reviewEvents`, never here,
 * except the derived fields that keep the inbox and dashboards fast (`pending`, `record`).
 */
export interface ReviewRecord {
  /** The attempt's id (duplicates across bundles are recognised by it). */
  id: string;
  junior: { id: string; name: string };
  scenarioId: string;
  scenarioVersion: number;
  scenarioHash: string;
  startedAt: number;
  attempt: AttemptRecord;
  entries: EntryRecord[];
  /** The checksum of the bundle it came from, and when it was imported. */
  bundleChecksum: string;
  importedAt: number;
  /** Judged criteria with no decision of record yet (0 = fully reviewed). */
  pending: number;
  /** `pending` > 0 ? 'pending' : 'reviewed' (an index for the inbox). */
  status: 'pending' | 'reviewed';
  /** The score of record: the played card with the trainer's decisions (and counted AI proposals). */
  record?: ScoreCard;
  /** When the last review event was written. */
  reviewedAt?: number;
}

/** A scenario version carried by a bundle, so the trainer can replay what the junior played. */
export interface BundleScenarioRecord {
  id: string;
  hash: string;
  version: number;
  source: string;
}

/**
 * What the dashboards read of one scenario's imported attempts, kept as one JSON text per scenario
 * (rewritten with the scores of record): reading 10,000 full `reviews` rows, each with its
 * transcript, takes seconds in IndexedDB; one text per scenario takes milliseconds.
 */
export interface ReviewDigestRecord {
  scenarioId: string;
  /** How many `reviews` rows of the scenario it was made from (a different count means stale). */
  count: number;
  json: string;
}

export type ReviewEventKind = 'decision' | 'annotation' | 'proposal-verdict';

/**
 * One entry of the audit trail: append-only (a Dexie hook refuses updates and deletes). A later
 * decision on the same criterion supersedes an earlier one for the score, never erases it.
 */
export interface ReviewEventRecord {
  /** Auto-increment: the order events happened in. */
  seq?: number;
  attemptId: string;
  at: number;
  by: Actor;
  kind: ReviewEventKind;
  /** decision / proposal-verdict: the criterion. */
  criterionId?: string;
  /** annotation: the 1-based junior turn (0 = the opening). */
  turn?: number;
  /** decision: the level of record before and after (status, points, judged level id). */
  before?: CriterionLevel;
  after?: CriterionLevel;
  /** proposal-verdict: whether the trainer agrees with the AI's proposed level. */
  agree?: boolean;
  /** decision: mandatory; annotation: the text. */
  comment: string;
}

/** A criterion's level: met or missed, its points, and for judged criteria the level chosen. */
export interface CriterionLevel {
  status: 'met' | 'missed' | 'pending';
  points: number;
  levelId?: string;
}

export type OutboxState = 'queued' | 'sent' | 'failed';

/** An xAPI statement waiting to reach (or having reached) the configured LRS. */
export interface OutboxRecord {
  /** The statement's id (deterministic: the same statement is never queued twice). */
  id: string;
  statement: Record<string, unknown>;
  state: OutboxState;
  tries: number;
  /** Epoch ms before which it is not retried. */
  nextAt: number;
  queuedAt: number;
  sentAt?: number;
  lastError?: string;
}

/** A « retour formateur » the junior imported: shown in the debrief of that attempt. */
export interface FeedbackRecord {
  attemptId: string;
  trainer: { name: string };
  sentAt: number;
  importedAt: number;
  annotations: Array<{ turn: number; text: string; by: string; at: number }>;
  decisions: Array<{ criterionId: string; before: CriterionLevel; after: CriterionLevel; comment: string; by: string; at: number }>;
  /** The score of record after the trainer's review. */
  card: ScoreCard;
  checksum: string;
}

/**
 * A profile's progress folded over its ended attempts (`src/core/progress/state.ts`), so the
 * catalogue and the progression need not read every attempt. Kept by `src/app/progress-store.ts`:
 * folded in the transaction that ends an attempt, forgotten by whatever else changes a profile's
 * attempts or scores (imports, « retours », erasing), and rebuilt from the attempts when missing.
 */
export interface ProgressRecord {
  profileId: string;
  state: ProgressState;
  /** « Retours » on the device when it was built: another count means it may be stale. */
  retours: number;
}

/**
 * The texts of one rubric version's criteria, kept once for every attempt scored with it (the
 * attempts' cards leave them out: `src/app/card-texts.ts`). Keyed by the rubric's hash, which
 * covers the texts.
 */
export interface RubricTextsRecord {
  rubricHash: string;
  criteria: Record<string, { label: string; note: string; seniorWould?: string | undefined }>;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

export class PalierDatabase extends Dexie {
  profiles!: EntityTable<ProfileRecord, 'id'>;
  attempts!: EntityTable<AttemptRecord, 'id'>;
  entries!: Table<EntryRecord, [string, number]>;
  settings!: EntityTable<SettingRecord, 'key'>;
  scenarios!: Table<ScenarioRecord, [string, number]>;
  reviews!: EntityTable<ReviewRecord, 'id'>;
  bundleScenarios!: Table<BundleScenarioRecord, [string, string]>;
  reviewEvents!: EntityTable<ReviewEventRecord, 'seq'>;
  outbox!: EntityTable<OutboxRecord, 'id'>;
  feedback!: EntityTable<FeedbackRecord, 'attemptId'>;
  reviewDigests!: EntityTable<ReviewDigestRecord, 'scenarioId'>;
  progress!: EntityTable<ProgressRecord, 'profileId'>;
  rubricTexts!: EntityTable<RubricTextsRecord, 'rubricHash'>;
  /** True only while {@link PalierDatabase.eraseEverything} runs (the audit trail may go then). */
  private erasing = false;

  constructor(name = 'palier') {
    // Relaxed durability: a commit is complete once the browser holds it (it survives a reload,
    // a crash of the tab or of the browser), without waiting for the disk flush — the tenant's
    // reply can show within a frame. Only a power cut in that instant could lose the last turn.
    super(name, { chromeTransactionDurability: 'relaxed' });
    this.version(1).stores({
      profiles: 'id, name',
      attempts: 'id, profileId, [profileId+scenarioId], [profileId+status], startedAt, parentId',
      entries: '[attemptId+index], attemptId',
      settings: 'key',
    });
    // Version 2: the Atelier's scenarios (one row per scenario version).
    this.version(2).stores({
      scenarios: '[id+version], id, status, updatedAt',
    });
    // Version 3: the Revue (trainer's imported attempts, audit trail, xAPI outbox) and the
    // junior's « retours formateur ».
    this.version(3).stores({
      reviews: 'id, junior.id, scenarioId, startedAt, status, importedAt',
      bundleScenarios: '[id+hash], id',
      reviewEvents: '++seq, attemptId, at',
      outbox: 'id, state, nextAt',
      feedback: 'attemptId',
      reviewDigests: 'scenarioId',
    });
    // Version 4: each profile's folded progress (the catalogue and the progression read it instead
    // of every attempt), the attempts by profile and start (the history reads a page at a time),
    // and the rubrics' texts kept once instead of in every card. Nothing to migrate: a missing
    // progress row is rebuilt from the attempts on first read, and a card that holds its texts
    // reads as it is.
    this.version(4).stores({
      attempts: 'id, profileId, [profileId+scenarioId], [profileId+status], startedAt, parentId, [profileId+startedAt]',
      progress: 'profileId',
      rubricTexts: 'rubricHash',
    });
    // The audit trail is never rewritten: no update, no delete — only erasing the whole device
    // (eraseDevice, the user's explicit choice) clears it.
    this.reviewEvents.hook('updating', () => {
      throw new Error('reviewEvents is append-only');
    });
    this.reviewEvents.hook('deleting', () => {
      if (!this.erasing) throw new Error('reviewEvents is append-only');
    });
  }

  /** Erases every table in one transaction (the device's « tout effacer »), audit trail included. */
  async eraseEverything(): Promise<void> {
    await this.transaction('rw', this.tables, async () => {
      this.erasing = true;
      try {
        await Promise.all(this.tables.map((t) => t.clear()));
      } finally {
        this.erasing = false;
      }
    });
  }
}

/** Current schema version, for exports (the highest `version(n)` above). */
export const DB_VERSION = 4;

let instance: PalierDatabase | undefined;

/** The app's database (one per browser profile). Tests create their own with another name. */
export function database(): PalierDatabase {
  instance ??= new PalierDatabase();
  return instance;
}
