import { z } from 'zod';
import { Outcome } from '../core/scenario/common.schema.ts';
import type { AttemptRecord, EntryRecord, ProfileRecord, SettingRecord } from '../db/db.ts';
import { NAME_MAX } from './profiles.ts';

/**
 * The profile export file, version 1: its format and version constants, its zod schema (the single
 * source of truth) and the type inferred from it, together in one place. Reading, checking and
 * writing such a file is `data-transfer.ts`'s job. A version 2 would keep this schema, add its own
 * beside it, and a migration from 1 to 2 here, so files already on people's phones stay readable.
 */

export const EXPORT_FORMAT = 'palier-profile';
export const EXPORT_FORMAT_VERSION = 1;

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

/** The whole file: an envelope (format, versions, date, checksum) around one profile's records. */
export const ProfileExport = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  formatVersion: z.literal(EXPORT_FORMAT_VERSION),
  exportedAt: z.iso.datetime(),
  dbVersion: z.int().min(1),
  profile: ExportedProfile,
  attempts: z.array(ExportedAttempt),
  entries: z.array(ExportedEntry),
  settings: z.array(ExportedSetting),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
});

export type ProfileExport = z.infer<typeof ProfileExport>;

// Each record's schema is checked against its type in db.ts (or core), so the two cannot drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _profileMatches: Same<z.infer<typeof ExportedProfile>, ProfileRecord> = true;
const _attemptMatches: Same<z.infer<typeof ExportedAttempt>, AttemptRecord> = true;
const _entryMatches: Same<z.infer<typeof ExportedEntry>, EntryRecord> = true;
const _settingMatches: Same<z.infer<typeof ExportedSetting>, SettingRecord> = true;
