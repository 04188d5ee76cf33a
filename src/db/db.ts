import { Dexie, type EntityTable, type Table } from 'dexie';
import type { CompiledScenario } from '../core/dialogue/compiled.ts';
import type { TenantLine, TraceEntry } from '../core/dialogue/trace.ts';
import type { Outcome } from '../core/scenario/common.schema.ts';
import type { JudgeProposal } from '../core/scoring/judge-request.ts';
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
  }
}

/** Current schema version, for exports (the highest `version(n)` above). */
export const DB_VERSION = 2;

let instance: PalierDatabase | undefined;

/** The app's database (one per browser profile). Tests create their own with another name. */
export function database(): PalierDatabase {
  instance ??= new PalierDatabase();
  return instance;
}
