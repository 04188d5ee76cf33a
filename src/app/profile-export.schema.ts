import { z } from 'zod';
import { Id, Outcome } from '../core/scenario/common.schema.ts';
import type {
  AttemptRecord,
  BundleScenarioRecord,
  CriterionLevel as CriterionLevelRecord,
  EntryRecord,
  FeedbackRecord,
  OutboxRecord,
  ProfileRecord,
  ReviewEventRecord,
  ReviewRecord,
  ScenarioRecord,
  SettingRecord,
} from '../db/db.ts';
import { NAME_MAX } from './profiles.ts';

/**
 * The profile export file: its format and version constants, its zod schemas (the single source of
 * truth) and the types inferred from them, and the migration from each earlier version, together in
 * one place. Reading, checking and writing such a file is `data-transfer.ts`'s job.
 *
 * - Version 1: the profile, its attempts with their trace entries, its non-secret settings.
 * - Version 2: the same, and the rest of what a person's work is on a device, by role
 *   (`data-transfer-work.ts` says which rows and why): the Atelier's scenario versions, the
 *   « retours formateur » of their attempts, and for a trainer the Revue (imported attempts, the
 *   scenario sources that came with them, the audit trail, the xAPI statements not yet delivered).
 *   A version 1 file reads as a version 2 file with those arrays empty ({@link migrateV1}).
 *
 * A version 3 would keep these schemas, add its own beside them, and a migration from 2, so files
 * already on people's phones stay readable.
 */

export const EXPORT_FORMAT = 'palier-profile';
/** The version this app writes; it reads every version from 1 up to this one. */
export const EXPORT_FORMAT_VERSION = 2;

/** A key that must be present but may hold `undefined` (absent from JSON, present in the type). */
const maybe = <T extends z.ZodType>(schema: T) => schema.optional().transform((v) => v);
const Millis = z.int().nonnegative();
const NonEmpty = z.string().min(1);

// The record schemas are exported: the Revue's attempt bundles and retours formateur carry the same
// records and reuse them (`revue/bundle.schema.ts`, `revue/feedback.schema.ts`).
export const TenantLine = z.strictObject({
  text: z.string(),
  source: z.enum(['state', 'transition', 'otherwise', 'fact', 'rephrase', 'narration']),
  ref: z.string(),
  variant: z.int().nonnegative(),
  engine: NonEmpty,
  fallbackReason: z.string().optional(),
});

export const TurnEntry = z.strictObject({
  kind: z.literal('turn'),
  turn: z.int().min(1),
  text: z.string(),
  acts: z.array(z.string()),
  choice: z.int().nonnegative().optional(),
  engine: NonEmpty,
  scores: z.record(z.string(), z.number()).optional(),
  stateBefore: NonEmpty,
  stateAfter: NonEmpty,
  moodBefore: z.number(),
  moodAfter: z.number(),
  reaction: z.enum(['act', 'otherwise']),
  act: z.string().optional(),
  transitionIndex: z.int().nonnegative().optional(),
  released: z.array(z.string()),
  flags: z.array(z.string()),
  tenant: z.array(TenantLine),
  at: z.number().nonnegative(),
});

export const UnclearEntry = z.strictObject({
  kind: z.literal('unclear'),
  text: z.string(),
  engine: NonEmpty,
  state: NonEmpty,
  tenant: z.array(TenantLine),
  at: z.number().nonnegative(),
});

export const HintEntry = z.strictObject({
  kind: z.literal('hint'),
  state: NonEmpty,
  hint: z.string(),
  afterTurn: z.int().nonnegative(),
  at: z.number().nonnegative(),
});

export const CriterionResult = z.strictObject({
  id: NonEmpty,
  label: z.string(),
  competency: z.string(),
  weight: z.number(),
  critical: z.boolean(),
  kind: z.enum(['rule', 'judged']),
  status: z.enum(['met', 'missed', 'pending', 'overridden']),
  points: z.number(),
  evidence: z.array(z.int().nonnegative()),
  source: z.enum(['rule', 'llm', 'trainer']),
  note: z.string(),
  seniorWould: maybe(z.string()),
});

export const ScoreCard = z.strictObject({
  scenarioId: NonEmpty,
  scenarioVersion: z.int(),
  scenarioHash: z.string(),
  rubricHash: z.string(),
  outcome: maybe(Outcome),
  finished: z.boolean(),
  turns: z.int().nonnegative(),
  hintsUsed: z.int().nonnegative(),
  criteria: z.array(CriterionResult),
  earned: z.number(),
  possible: z.number(),
  pendingWeight: z.number(),
  percent: z.number().min(0).max(100),
  capped: z.boolean(),
  criticalMissed: z.array(z.string()),
});

const ExportedProfile = z.strictObject({
  id: NonEmpty,
  name: z
    .string()
    .min(1)
    .max(NAME_MAX)
    .refine((s) => s.trim() === s),
  role: z.enum(['junior', 'senior', 'formateur']),
  createdAt: Millis,
});

export const ExportedAttempt = z.strictObject({
  id: NonEmpty,
  profileId: NonEmpty,
  scenarioId: NonEmpty,
  scenarioVersion: z.int(),
  scenarioHash: z.string(),
  mode: z.enum(['guided', 'free']),
  evaluation: z.boolean(),
  seed: z.number(),
  status: z.enum(['active', 'finished', 'abandoned']),
  startedAt: Millis,
  updatedAt: Millis,
  endedAt: Millis.optional(),
  opening: z.array(TenantLine),
  entryCount: z.int().nonnegative(),
  outcome: Outcome.optional(),
  card: ScoreCard.optional(),
  parentId: NonEmpty.optional(),
  replayFromTurn: z.int().min(1).optional(),
  voice: z.enum(['scripted', 'ai']).optional(),
  ai: z.strictObject({ provider: NonEmpty, model: NonEmpty }).optional(),
  proposals: z
    .array(
      z.strictObject({
        criterionId: NonEmpty,
        levelId: NonEmpty,
        quotes: z.array(z.string()),
        rationale: z.string(),
        engine: NonEmpty,
      }),
    )
    .optional(),
});

export const ExportedEntry = z.strictObject({
  attemptId: NonEmpty,
  index: z.int().nonnegative(),
  entry: z.discriminatedUnion('kind', [TurnEntry, UnclearEntry, HintEntry]),
});

const ExportedSetting = z.strictObject({ key: NonEmpty, value: z.unknown() });

const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const Checksum = z.string().regex(/^[0-9a-f]{64}$/);

/** The envelope and records of version 1 (frozen: files of that version are read with it). */
export const ProfileExportV1 = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  formatVersion: z.literal(1),
  exportedAt: z.iso.datetime(),
  dbVersion: z.int().min(1),
  profile: ExportedProfile,
  attempts: z.array(ExportedAttempt),
  entries: z.array(ExportedEntry),
  settings: z.array(ExportedSetting),
  checksum: Checksum,
});
export type ProfileExportV1 = z.infer<typeof ProfileExportV1>;

// ---------------------------------------------------------------------------------------------
// Version 2: the records added to version 1

/**
 * A version of a scenario written or imported in the Atelier, without its compiled artifact: the
 * artifact is derived from the source, and the importing device compiles the source again and
 * checks it gives the `hash` the row says (as packs and bundles are checked) rather than trusting a
 * runtime artifact read from a file.
 */
export const ExportedScenario = z.strictObject({
  id: Id,
  version: z.int().min(1),
  status: z.enum(['draft', 'published']),
  source: z.string(),
  hash: Hash.optional(),
  title: z.string(),
  author: z.string(),
  reviewBy: z.string().optional(),
  origin: z.enum(['local', 'bundled-copy', 'pack']),
  createdAt: Millis,
  updatedAt: Millis,
  publishedAt: Millis.optional(),
});

// The same shape as `revue/feedback.schema.ts`'s, written again here: that module imports this one,
// and a schema cannot be read from a module still being evaluated. `Same<>` below keeps both equal
// to the one record type.
const CriterionLevel = z.strictObject({
  status: z.enum(['met', 'missed', 'pending']),
  points: z.number(),
  levelId: NonEmpty.optional(),
});

export const ExportedFeedback = z.strictObject({
  attemptId: NonEmpty,
  trainer: z.strictObject({ name: z.string() }),
  sentAt: Millis,
  importedAt: Millis,
  annotations: z.array(z.strictObject({ turn: z.int().nonnegative(), text: z.string(), by: z.string(), at: Millis })),
  decisions: z.array(
    z.strictObject({ criterionId: NonEmpty, before: CriterionLevel, after: CriterionLevel, comment: z.string(), by: z.string(), at: Millis }),
  ),
  card: ScoreCard,
  checksum: z.string(),
});

export const ExportedReview = z.strictObject({
  id: NonEmpty,
  junior: z.strictObject({ id: NonEmpty, name: z.string() }),
  scenarioId: NonEmpty,
  scenarioVersion: z.int(),
  scenarioHash: z.string(),
  startedAt: Millis,
  attempt: ExportedAttempt,
  entries: z.array(ExportedEntry),
  bundleChecksum: z.string(),
  importedAt: Millis,
  pending: z.int().nonnegative(),
  status: z.enum(['pending', 'reviewed']),
  record: ScoreCard.optional(),
  reviewedAt: Millis.optional(),
});

export const ExportedBundleScenario = z.strictObject({
  id: Id,
  hash: Hash,
  version: z.int().min(1),
  source: z.string().min(1),
});

/**
 * One event of the audit trail, without `seq`: that number is the order events were written on one
 * device; the file keeps the order itself (events are listed in `seq` order) and the importing
 * device numbers them again as it appends them.
 */
export const ExportedReviewEvent = z.strictObject({
  attemptId: NonEmpty,
  at: Millis,
  by: z.strictObject({ id: NonEmpty, name: z.string() }),
  kind: z.enum(['decision', 'annotation', 'proposal-verdict']),
  criterionId: NonEmpty.optional(),
  turn: z.int().nonnegative().optional(),
  before: CriterionLevel.optional(),
  after: CriterionLevel.optional(),
  agree: z.boolean().optional(),
  comment: z.string(),
});

export const ExportedOutbox = z.strictObject({
  id: NonEmpty,
  statement: z.record(z.string(), z.unknown()),
  state: z.enum(['queued', 'sent', 'failed']),
  tries: z.int().nonnegative(),
  nextAt: Millis,
  queuedAt: Millis,
  sentAt: Millis.optional(),
  lastError: z.string().optional(),
});

/** The whole file: an envelope (format, versions, date, checksum) around one profile's records. */
export const ProfileExport = z.strictObject({
  ...ProfileExportV1.shape,
  formatVersion: z.literal(EXPORT_FORMAT_VERSION),
  scenarios: z.array(ExportedScenario),
  feedback: z.array(ExportedFeedback),
  reviews: z.array(ExportedReview),
  bundleScenarios: z.array(ExportedBundleScenario),
  reviewEvents: z.array(ExportedReviewEvent),
  outbox: z.array(ExportedOutbox),
});

export type ProfileExport = z.infer<typeof ProfileExport>;
export type ExportedScenario = z.infer<typeof ExportedScenario>;
export type ExportedReviewEvent = z.infer<typeof ExportedReviewEvent>;

/**
 * A version 1 file as version 2: the same records, none of the arrays version 2 added. The checksum
 * stays the one the file was read with (it was checked against the version 1 body).
 *
 * @example
 * const data = migrateV1(ProfileExportV1.parse(json)); // data.scenarios: []
 */
export function migrateV1(data: ProfileExportV1): ProfileExport {
  return { ...data, formatVersion: EXPORT_FORMAT_VERSION, scenarios: [], feedback: [], reviews: [], bundleScenarios: [], reviewEvents: [], outbox: [] };
}

// Each record's schema is checked against its type in db.ts (or core), so the two cannot drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _profileMatches: Same<z.infer<typeof ExportedProfile>, ProfileRecord> = true;
const _attemptMatches: Same<z.infer<typeof ExportedAttempt>, AttemptRecord> = true;
const _entryMatches: Same<z.infer<typeof ExportedEntry>, EntryRecord> = true;
const _settingMatches: Same<z.infer<typeof ExportedSetting>, SettingRecord> = true;
const _scenarioMatches: Same<ExportedScenario, Omit<ScenarioRecord, 'compiled'>> = true;
const _levelMatches: Same<z.infer<typeof CriterionLevel>, CriterionLevelRecord> = true;
const _feedbackMatches: Same<z.infer<typeof ExportedFeedback>, FeedbackRecord> = true;
const _reviewMatches: Same<z.infer<typeof ExportedReview>, ReviewRecord> = true;
const _bundleScenarioMatches: Same<z.infer<typeof ExportedBundleScenario>, BundleScenarioRecord> = true;
const _eventMatches: Same<ExportedReviewEvent, Omit<ReviewEventRecord, 'seq'>> = true;
const _outboxMatches: Same<z.infer<typeof ExportedOutbox>, OutboxRecord> = true;
