import type { Actor, FeedbackRecord, PalierDatabase, ReviewRecord } from '../../db/db.ts';
import { forgetProgress } from '../progress-store.ts';
import { sha256Checksum } from '../checksum.ts';
import { Feedback, FEEDBACK_FORMAT, FEEDBACK_MAX_ATTEMPTS, FEEDBACK_VERSION, type FeedbackAttempt } from './feedback.schema.ts';
import { checksumProblem, FILE_PROBLEM_CODES, firstProblems, openFile, place, revueFileName, schemaProblems, type FileProblem } from './file-check.ts';

/**
 * The « retour formateur » (trainer → junior): the trainer's device exports, for one junior, every
 * reviewed attempt's annotations, decisions and score of record as one JSON file (format in
 * `feedback.schema.ts`, SHA-256 checksum); the junior's device reads it into a report — every
 * problem located, each attempt looked up among this profile's — and stores it beside the attempts
 * it found, where the debrief shows it.
 */

export { FEEDBACK_FORMAT, FEEDBACK_VERSION } from './feedback.schema.ts';

/**
 * Why a retour cannot be imported: the file-level codes of `file-check.ts`, then the retour's own.
 * The screens word them through the i18n catalogue with `params`.
 */
export const FEEDBACK_PROBLEM_CODES = [
  ...FILE_PROBLEM_CODES,
  /** No attempt in the file. */
  'empty-feedback',
  /** Two attempts with one id. */
  'duplicate-attempt',
  /** The card is not the attempt's (scenario id or hash). */
  'card-mismatch',
  /** A decision on a criterion the card does not have. */
  'unknown-criterion',
  /** An attempt of this profile, but on another scenario than the retour says. */
  'scenario-mismatch',
  /** Addressed to another junior: none of its attempts is this profile's. */
  'other-junior',
  /** Addressed to this profile, but none of its attempts is on this device (erased since?). */
  'attempts-not-found',
] as const;
export type FeedbackProblemCode = (typeof FEEDBACK_PROBLEM_CODES)[number];
export type FeedbackProblem = FileProblem<FeedbackProblemCode>;

export interface FeedbackItem {
  attemptId: string;
  scenarioId: string;
  /** The attempt is on this device, of this profile: the retour will be shown in its debrief. */
  found: boolean;
  /** The score of record's percent. */
  percent: number;
}

export interface FeedbackReport {
  /** The retour can be imported: no problem at all. */
  ok: boolean;
  problems: FeedbackProblem[];
  /** Problems left out of `problems` (a damaged file can hold thousands). */
  more?: number;
  trainer?: { name: string };
  junior?: { id: string; name: string };
  createdAt?: string;
  items: FeedbackItem[];
}

export type FeedbackErrorCode = 'nothing-to-send' | 'feedback-not-valid';

/** A misuse the screens prevent (a retour with nothing reviewed, importing a refused retour…). */
export class FeedbackError extends Error {
  readonly code: FeedbackErrorCode;
  readonly id: string | undefined;
  constructor(code: FeedbackErrorCode, id?: string) {
    super(id ? `${code}: ${id}` : code);
    this.name = 'FeedbackError';
    this.code = code;
    this.id = id;
  }
}

const KIND = { format: FEEDBACK_FORMAT, versionKey: 'version', version: FEEDBACK_VERSION, items: { key: 'attempts', max: FEEDBACK_MAX_ATTEMPTS } };

// What applyFeedback needs from readFeedback: the parsed file. A report readFeedback did not make
// cannot be applied.
const checked = new WeakMap<FeedbackReport, Feedback>();

// ---------------------------------------------------------------------------------------------
// Export (trainer's device)

/**
 * A retour for one junior, ready to download: every imported attempt of that junior with at least
 * one annotation or decision in the audit trail, with all of them in the order they were made
 * (`by` is the trainer's name as it was then) and the score of record. Throws
 * `FeedbackError('nothing-to-send')` when no attempt of that junior has been reviewed.
 *
 * @example
 * const { filename, text, attempts } = await exportFeedback(db, review.junior.id, { id: me.id, name: me.name });
 */
export async function exportFeedback(
  db: PalierDatabase,
  juniorId: string,
  trainer: Actor,
  now: Date = new Date(),
): Promise<{ filename: string; text: string; attempts: number }> {
  const { reviews, attempts } = await db.transaction('r', [db.reviews, db.reviewEvents], async () => {
    const reviews = (await db.reviews.where('junior.id').equals(juniorId).toArray()).sort((a, b) => a.startedAt - b.startedAt || compare(a.id, b.id));
    const attempts: FeedbackAttempt[] = [];
    for (const review of reviews) {
      const events = await db.reviewEvents.where('attemptId').equals(review.id).sortBy('seq');
      const annotations = events.flatMap((e) => (e.kind === 'annotation' ? [{ turn: e.turn ?? 0, text: e.comment, by: e.by.name, at: e.at }] : []));
      const decisions = events.flatMap((e) =>
        e.kind === 'decision' && e.criterionId && e.before && e.after
          ? [{ criterionId: e.criterionId, before: e.before, after: e.after, comment: e.comment, by: e.by.name, at: e.at }]
          : [],
      );
      const card = review.record ?? review.attempt.card;
      if ((annotations.length === 0 && decisions.length === 0) || !card) continue;
      attempts.push({ attemptId: review.id, scenarioId: review.scenarioId, annotations, decisions, card });
    }
    return { reviews, attempts };
  });
  if (attempts.length === 0) throw new FeedbackError('nothing-to-send', juniorId);
  // The junior as named in their latest bundle.
  const latest = reviews.reduce<ReviewRecord | undefined>((a, r) => (!a || r.importedAt >= a.importedAt ? r : a), undefined);
  const junior = { id: juniorId, name: latest?.junior.name ?? juniorId };
  const body = { format: FEEDBACK_FORMAT, version: FEEDBACK_VERSION, createdAt: now.toISOString(), trainer: { name: trainer.name }, junior, attempts };
  const file = { ...body, checksum: await sha256Checksum(body) };
  return { filename: revueFileName('retour', junior.name, now), text: `${JSON.stringify(file, null, 2)}\n`, attempts: attempts.length };
}

// ---------------------------------------------------------------------------------------------
// Import (junior's device)

/**
 * Reads a retour's text for the profile `profileId` into a report: size, JSON, format and version,
 * attempt count, checksum, structure (located paths such as `attempts[0].decisions[2].after`), each
 * card and decision checked against its attempt, and each attempt looked up among this profile's
 * (`found`). A retour addressed to another junior is refused. Writes nothing.
 *
 * @example
 * const report = await readFeedback(db, profile.id, await file.text());
 * if (report.ok) await applyFeedback(db, report);
 */
export async function readFeedback(db: PalierDatabase, profileId: string, text: string): Promise<FeedbackReport> {
  const opened = openFile(text, KIND);
  if ('problems' in opened) return refused(opened.problems);
  const raw = opened.raw;
  const problems: FeedbackProblem[] = [];
  const sum = await checksumProblem(raw);
  if (sum) problems.push(sum);
  const parsed = Feedback.safeParse(raw);
  if (!parsed.success) return refused([...problems, ...schemaProblems(parsed.error.issues, raw)]);
  const file = parsed.data;
  const at = (...path: PropertyKey[]) => place(path, raw);
  if (file.attempts.length === 0) problems.push({ code: 'empty-feedback', at: at('attempts'), params: {} });

  const stored = await db.attempts.bulkGet(file.attempts.map((a) => a.attemptId));
  const seen = new Set<string>();
  const items: FeedbackItem[] = file.attempts.map((a, i) => {
    if (seen.has(a.attemptId)) problems.push({ code: 'duplicate-attempt', at: at('attempts', i, 'attemptId'), params: { id: a.attemptId } });
    seen.add(a.attemptId);
    if (a.card.scenarioId !== a.scenarioId) problems.push({ code: 'card-mismatch', at: at('attempts', i, 'card', 'scenarioId'), params: { field: 'scenarioId' } });
    const criteria = new Set(a.card.criteria.map((c) => c.id));
    a.decisions.forEach((d, j) => {
      if (!criteria.has(d.criterionId)) problems.push({ code: 'unknown-criterion', at: at('attempts', i, 'decisions', j, 'criterionId'), params: { id: d.criterionId } });
    });
    const mine = stored[i];
    const found = mine !== undefined && mine.profileId === profileId;
    if (mine && found && mine.scenarioId !== a.scenarioId) {
      problems.push({ code: 'scenario-mismatch', at: at('attempts', i, 'scenarioId'), params: { id: a.scenarioId, found: mine.scenarioId } });
    } else if (mine && found && mine.scenarioHash !== a.card.scenarioHash) {
      problems.push({ code: 'card-mismatch', at: at('attempts', i, 'card', 'scenarioHash'), params: { field: 'scenarioHash' } });
    }
    return { attemptId: a.attemptId, scenarioId: a.scenarioId, found, percent: a.card.percent };
  });
  if (file.attempts.length > 0 && !items.some((it) => it.found)) {
    if (file.junior.id !== profileId) problems.push({ code: 'other-junior', at: at('junior', 'id'), params: { name: file.junior.name } });
    else problems.push({ code: 'attempts-not-found', at: at('attempts'), params: { count: file.attempts.length } });
  }
  const { problems: shown, more } = firstProblems(problems);
  const report: FeedbackReport = { ok: problems.length === 0, problems: shown, more, trainer: file.trainer, junior: file.junior, createdAt: file.createdAt, items };
  checked.set(report, file);
  return report;
}

function refused(problems: FeedbackProblem[]): FeedbackReport {
  const first = firstProblems(problems);
  return { ok: false, problems: first.problems, more: first.more, items: [] };
}

/**
 * Stores a valid retour in one transaction: one `feedback` row per attempt found on this device. A
 * retour replaces the one already stored for an attempt unless that one was sent later (an older
 * retour opened after a newer one changes nothing). Throws `FeedbackError('feedback-not-valid')` for
 * a report that is not ok or not made by {@link readFeedback}, before writing anything. Returns how
 * many rows were written.
 *
 * @example
 * const { applied } = await applyFeedback(db, report);
 */
export async function applyFeedback(db: PalierDatabase, report: FeedbackReport, now = Date.now()): Promise<{ applied: number }> {
  const file = checked.get(report);
  if (!file || !report.ok) throw new FeedbackError('feedback-not-valid');
  const sentAt = Date.parse(file.createdAt);
  const found = new Set(report.items.filter((it) => it.found).map((it) => it.attemptId));
  return db.transaction('rw', db.feedback, db.progress, async () => {
    let applied = 0;
    for (const a of file.attempts) {
      if (!found.has(a.attemptId)) continue;
      const current = await db.feedback.get(a.attemptId);
      if (current && current.sentAt > sentAt) continue;
      const row: FeedbackRecord = {
        attemptId: a.attemptId,
        trainer: { name: file.trainer.name },
        sentAt,
        importedAt: now,
        annotations: a.annotations,
        decisions: a.decisions,
        card: a.card,
        checksum: file.checksum,
      };
      await db.feedback.put(row);
      applied++;
    }
    // The corrected cards change the juniors' progress: rebuilt from the attempts on next read.
    if (applied > 0) await forgetProgress(db);
    return { applied };
  });
}

/**
 * The retour stored for an attempt, if any (the debrief shows it).
 *
 * @example
 * const retour = await feedbackFor(db, attempt.id);
 */
export function feedbackFor(db: PalierDatabase, attemptId: string): Promise<FeedbackRecord | undefined> {
  return db.feedback.get(attemptId);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
