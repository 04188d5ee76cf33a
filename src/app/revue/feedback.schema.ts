import { z } from 'zod';
import type { CriterionLevel as CriterionLevelRecord, FeedbackRecord } from '../../db/db.ts';
import { ScoreCard } from '../profile-export.schema.ts';

/**
 * The « retour formateur » file, version 1 (trainer → junior): format constants, the zod schema
 * (single source of truth) and its inferred type, together. For each reviewed attempt it carries the
 * trainer's annotations and decisions (as the audit trail has them) and the score of record. Reading
 * and writing it is `feedback.ts`'s job. A version 2 would add its schema beside this one.
 */

export const FEEDBACK_FORMAT = 'palier-retour';
export const FEEDBACK_VERSION = 1;
/** At most this many attempts in one retour (as in a bundle). */
export const FEEDBACK_MAX_ATTEMPTS = 2_000;
/** An annotation's or a decision's comment, at most (a long paragraph, not a book). */
export const FEEDBACK_TEXT_MAX = 10_000;

const NonEmpty = z.string().min(1);
const Name = z.string().trim().min(1).max(200);
const Millis = z.int().nonnegative();

export const CriterionLevel = z.strictObject({
  status: z.enum(['met', 'missed', 'pending']),
  points: z.number(),
  levelId: NonEmpty.optional(),
});

export const FeedbackAnnotation = z.strictObject({
  /** The 1-based junior turn (0 = the opening). */
  turn: z.int().nonnegative(),
  text: z.string().max(FEEDBACK_TEXT_MAX),
  /** The trainer's name, as it was when they wrote it. */
  by: Name,
  at: Millis,
});

export const FeedbackDecision = z.strictObject({
  criterionId: NonEmpty,
  before: CriterionLevel,
  after: CriterionLevel,
  comment: z.string().max(FEEDBACK_TEXT_MAX),
  by: Name,
  at: Millis,
});

export const FeedbackAttempt = z.strictObject({
  attemptId: NonEmpty,
  scenarioId: NonEmpty,
  annotations: z.array(FeedbackAnnotation),
  /** Every decision in the order it was taken (a later one on a criterion supersedes an earlier). */
  decisions: z.array(FeedbackDecision),
  /** The score of record after the review. */
  card: ScoreCard,
});
export type FeedbackAttempt = z.infer<typeof FeedbackAttempt>;

export const Feedback = z.strictObject({
  format: z.literal(FEEDBACK_FORMAT),
  version: z.literal(FEEDBACK_VERSION),
  /** ISO 8601: when the trainer made the file (a newer retour replaces an older one). */
  createdAt: z.iso.datetime({ offset: true }),
  trainer: z.strictObject({ name: Name }),
  junior: z.strictObject({ id: NonEmpty, name: Name }),
  attempts: z.array(FeedbackAttempt).max(FEEDBACK_MAX_ATTEMPTS),
  /** `sha256:` + the hex SHA-256 of the canonical JSON of every other field (`checksum.ts`). */
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/),
});
export type Feedback = z.infer<typeof Feedback>;

// What a retour carries is stored as it travels: the schema and the table's record cannot drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _levelMatches: Same<z.infer<typeof CriterionLevel>, CriterionLevelRecord> = true;
const _annotationsMatch: Same<z.infer<typeof FeedbackAnnotation>[], FeedbackRecord['annotations']> = true;
const _decisionsMatch: Same<z.infer<typeof FeedbackDecision>[], FeedbackRecord['decisions']> = true;
