import type { AttemptRecord, BundleScenarioRecord, EntryRecord, ReviewEventRecord, ReviewRecord, RubricTextsRecord } from '../../src/db/db.ts';

/**
 * Clones of the real template attempts (see `scale-data.ts`): the same records with a new id, new
 * dates and, on the trainer's side, a junior of the cohort. Written once, as JavaScript source,
 * because it runs in two places: in the page (Chromium; the bench goes through tsx, whose helpers
 * do not exist there, and the app's CSP forbids string evaluation inside the page — this source
 * goes through the DevTools protocol) and in Node (`nodeDashboards`).
 */

export interface ScaleTemplates {
  /** Attempts and entries as the app stores them, and the rubrics' texts their cards leave out. */
  junior: { attempts: AttemptRecord[]; entries: EntryRecord[]; rubricTexts: RubricTextsRecord[] };
  /** The trainer's rows after importing the juniors' bundles and reviewing part of them. */
  trainer: { reviews: ReviewRecord[]; events: ReviewEventRecord[]; bundleScenarios: BundleScenarioRecord[] };
}

/** 10,000 attempts one after another every 100 minutes: about two years of practice. */
export const SPACING_MS = 100 * 60_000;
/** The first cloned attempt: 10,000 spacings before today, less 3 days (the last ones reviewed by now). */
export const START = Date.now() - 3 * 86_400_000 - 10_000 * SPACING_MS;
/** A 30-entry attempt lasts about ten minutes. */
export const DURATION_MS = 10 * 60_000;

/** `(template, i, profileId) → attempt` and `(entries, id) → entries`, `(template, i, cohort) → review`, `(events, fromId, toId, i) → events`. */
export const CLONE_SOURCE = `({
  id(i) { return crypto.randomUUID(); },
  times(i) {
    const startedAt = ${START} + i * ${SPACING_MS};
    return { startedAt, updatedAt: startedAt + ${DURATION_MS}, endedAt: startedAt + ${DURATION_MS} };
  },
  attempt(t, i, profileId, id) {
    return { ...t, id, profileId, ...this.times(i) };
  },
  entries(rows, id) {
    return rows.map((r) => ({ attemptId: id, index: r.index, entry: r.entry }));
  },
  junior(i, cohort) {
    const j = i % cohort;
    return { id: 'bench-junior-' + j, name: 'Junior ' + String(j + 1).padStart(2, '0') };
  },
  review(t, i, cohort) {
    const id = this.id(i);
    const junior = this.junior(i, cohort);
    const times = this.times(i);
    return {
      ...t,
      id,
      junior,
      startedAt: times.startedAt,
      attempt: this.attempt(t.attempt, i, junior.id, id),
      entries: this.entries(t.entries, id),
      importedAt: times.startedAt + 86400000,
      ...(t.reviewedAt !== undefined ? { reviewedAt: times.startedAt + 2 * 86400000 } : {}),
    };
  },
  events(events, fromId, toId, i) {
    const at = ${START} + i * ${SPACING_MS} + 2 * 86400000;
    return events.filter((e) => e.attemptId === fromId).map((e, k) => {
      const { seq, ...rest } = e;
      return { ...rest, attemptId: toId, at: at + k * 60000 };
    });
  },
})`;

interface Cloner {
  id(i: number): string;
  attempt(t: AttemptRecord, i: number, profileId: string, id: string): AttemptRecord;
  review(t: ReviewRecord, i: number, cohort: number): ReviewRecord;
  events(events: readonly ReviewEventRecord[], fromId: string, toId: string, i: number): ReviewEventRecord[];
}

let cloner: Cloner | undefined;
// The same source as the page runs, made a function here (Node has no CSP).
const node = (): Cloner => (cloner ??= new Function(`return ${CLONE_SOURCE};`)() as Cloner);

export function cloneAttempt(t: AttemptRecord, i: number, profileId: string): AttemptRecord {
  return node().attempt(t, i, profileId, node().id(i));
}

export function cloneReview(t: ReviewRecord, i: number, cohort: number): ReviewRecord {
  return node().review(t, i, cohort);
}

export function cloneReviewEvents(events: readonly ReviewEventRecord[], fromId: string, toId: string, i: number): ReviewEventRecord[] {
  return node().events(events, fromId, toId, i);
}
