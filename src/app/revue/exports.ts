import type { Outcome } from '../../core/scenario/common.schema.ts';
import type { CriterionResult, CriterionSource, ScoreCard } from '../../core/scoring/score.ts';
import type { PalierDatabase, ReviewEventRecord, ReviewRecord } from '../../db/db.ts';
import { competencies as libraryCompetencies } from '../scenarios.ts';
import { toFrenchCsv, type CsvCell } from './csv.ts';
import { eventOrder, levelOnCard } from './record.ts';
import { compiledFor, scenarioMetas, traceOf } from './replay.ts';
import { filteredReviews, type InboxFilters } from './inbox.ts';
import { attemptStatements, validateStatement, XapiInputError, type Statement } from './xapi.ts';

/**
 * The Revue's exports, over the attempts the inbox filters select: CSV for a spreadsheet (French
 * Excel by default: see csv.ts) and xAPI statements for a Learning Record Store. Every figure is
 * the stored score of record (see review.ts), the one the screens show.
 */

export type ExportLocale = 'fr' | 'en';

export interface ExportFile {
  filename: string;
  text: string;
}

const WORDS = {
  fr: {
    status: { met: 'atteint', missed: 'manqué', pending: 'en attente' },
    kind: { rule: 'règle', judged: 'jugé' },
    source: { rule: 'règle', llm: 'IA', trainer: 'formateur' },
    mode: { guided: 'guidé', free: 'libre' },
    voice: { scripted: 'scriptée', ai: 'IA' },
    outcome: { success: 'réussite', partial: 'partielle', failure: 'échec', escalation: 'escalade' },
  },
  en: {
    status: { met: 'met', missed: 'missed', pending: 'pending' },
    kind: { rule: 'rule', judged: 'judged' },
    source: { rule: 'rule', llm: 'AI', trainer: 'trainer' },
    mode: { guided: 'guided', free: 'free' },
    voice: { scripted: 'scripted', ai: 'AI' },
    outcome: { success: 'success', partial: 'partial', failure: 'failure', escalation: 'escalation' },
  },
} as const satisfies Record<
  ExportLocale,
  {
    status: Record<'met' | 'missed' | 'pending', string>;
    kind: Record<CriterionResult['kind'], string>;
    source: Record<CriterionSource, string>;
    mode: Record<'guided' | 'free', string>;
    voice: Record<'scripted' | 'ai', string>;
    outcome: Record<Outcome, string>;
  }
>;

/** Column headers of {@link reviewsCsv}, per locale (same order). */
export const CRITERIA_HEADER: Readonly<Record<ExportLocale, readonly string[]>> = {
  fr: ['Tentative', 'Junior', 'Scénario', 'Version', 'Date', 'Mode', 'Score retenu (%)', 'Critère', 'Libellé', 'Compétence', 'Type', 'Statut retenu', 'Points', 'Poids', 'Source', 'Statut joué', 'Dernier commentaire formateur'],
  en: ['Attempt', 'Junior', 'Scenario', 'Version', 'Date', 'Mode', 'Score of record (%)', 'Criterion', 'Label', 'Competency', 'Kind', 'Status of record', 'Points', 'Weight', 'Source', 'Played status', 'Last trainer comment'],
};

/** Column headers of {@link attemptsCsv}, per locale (same order). */
export const ATTEMPTS_HEADER: Readonly<Record<ExportLocale, readonly string[]>> = {
  fr: ['Tentative', 'Junior', 'Scénario', 'Version', 'Date', 'Mode', 'Voix', 'Issue', 'Tours', 'Indices', 'Score joué (%)', 'Score retenu (%)', 'Critères en attente', 'Décisions', 'Annotations', 'Dernière revue'],
  en: ['Attempt', 'Junior', 'Scenario', 'Version', 'Date', 'Mode', 'Voice', 'Outcome', 'Turns', 'Hints', 'Played score (%)', 'Score of record (%)', 'Pending criteria', 'Decisions', 'Annotations', 'Last reviewed'],
};

/** `AAAA-MM-JJ` of a moment, on the device's clock (the file name's date). */
function day(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Newest first, then by id: the order of every export. */
function byDate(a: ReviewRecord, b: ReviewRecord): number {
  return b.startedAt - a.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

async function selection(db: PalierDatabase, filters: InboxFilters): Promise<{ reviews: ReviewRecord[]; events: Map<string, ReviewEventRecord[]>; titles: Map<string, string> }> {
  const reviews = (await filteredReviews(db, filters)).sort(byDate);
  const all = reviews.length === 0 ? [] : await db.reviewEvents.where('attemptId').anyOf(reviews.map((r) => r.id)).toArray();
  const events = new Map<string, ReviewEventRecord[]>();
  for (const e of all.sort(eventOrder)) {
    const list = events.get(e.attemptId) ?? [];
    list.push(e);
    events.set(e.attemptId, list);
  }
  const metas = await scenarioMetas(db, reviews.map((r) => r.scenarioId));
  const titles = new Map([...metas].map(([id, m]) => [id, m.title]));
  return { reviews, events, titles };
}

const recordOf = (r: ReviewRecord): ScoreCard | undefined => r.record ?? r.attempt.card;

/**
 * One row per attempt × criterion: junior, scenario, version, date, mode, score of record, the
 * criterion (id, label, competency, kind), its status of record, points, weight and source, its
 * status as played, and the trainer's latest decision comment. French headers and words by
 * default, English with `'en'`; statuses are met / missed / pending (a corrected rule criterion
 * reads as what the trainer decided, with source « formateur »).
 *
 * @example
 * const { filename, text } = await reviewsCsv(db, { scenarioId: 'degat-des-eaux-nuit' });
 * // filename 'palier-revue-criteres-2026-11-29.csv'; text starts with '\uFEFFTentative;Junior;…'
 */
export async function reviewsCsv(db: PalierDatabase, filters: InboxFilters = {}, locale: ExportLocale = 'fr', options: { now?: number } = {}): Promise<ExportFile> {
  const w = WORDS[locale];
  const { reviews, events, titles } = await selection(db, filters);
  const competency = new Map(libraryCompetencies.map((c) => [c.id, c.label]));
  const rows: CsvCell[][] = [];
  for (const r of reviews) {
    const record = recordOf(r);
    if (!record) continue;
    const comments = new Map<string, string>();
    for (const e of events.get(r.id) ?? []) if (e.kind === 'decision' && e.criterionId) comments.set(e.criterionId, e.comment);
    for (const c of record.criteria) {
      const played = r.attempt.card?.criteria.find((p) => p.id === c.id) ?? c;
      rows.push([
        r.id,
        r.junior.name,
        titles.get(r.scenarioId) ?? r.scenarioId,
        r.scenarioVersion,
        new Date(r.startedAt),
        w.mode[r.attempt.mode],
        record.percent,
        c.id,
        c.label,
        competency.get(c.competency) ?? c.competency,
        w.kind[c.kind],
        w.status[levelOnCard(c).status],
        c.points,
        c.weight,
        w.source[c.source],
        w.status[levelOnCard(played).status],
        comments.get(c.id),
      ]);
    }
  }
  const name = locale === 'fr' ? 'palier-revue-criteres' : 'palier-review-criteria';
  return { filename: `${name}-${day(options.now ?? Date.now())}.csv`, text: toFrenchCsv(CRITERIA_HEADER[locale], rows) };
}

/**
 * One row per attempt: junior, scenario, date, mode, voice, outcome, turns, hints, the score as
 * played and the score of record, criteria still pending, decisions and annotations written, and
 * when the attempt was last reviewed.
 *
 * @example
 * const { text } = await attemptsCsv(db, { juniorId: 'p-lea' }, 'en');
 */
export async function attemptsCsv(db: PalierDatabase, filters: InboxFilters = {}, locale: ExportLocale = 'fr', options: { now?: number } = {}): Promise<ExportFile> {
  const w = WORDS[locale];
  const { reviews, events, titles } = await selection(db, filters);
  const rows: CsvCell[][] = reviews.map((r) => {
    const list = events.get(r.id) ?? [];
    const played = r.attempt.card;
    return [
      r.id,
      r.junior.name,
      titles.get(r.scenarioId) ?? r.scenarioId,
      r.scenarioVersion,
      new Date(r.startedAt),
      w.mode[r.attempt.mode],
      w.voice[r.attempt.voice ?? 'scripted'],
      r.attempt.outcome ? w.outcome[r.attempt.outcome] : undefined,
      played?.turns,
      played?.hintsUsed,
      played?.percent,
      recordOf(r)?.percent,
      r.pending,
      list.filter((e) => e.kind === 'decision').length,
      list.filter((e) => e.kind === 'annotation').length,
      r.reviewedAt !== undefined ? new Date(r.reviewedAt) : undefined,
    ];
  });
  const name = locale === 'fr' ? 'palier-revue-tentatives' : 'palier-review-attempts';
  return { filename: `${name}-${day(options.now ?? Date.now())}.csv`, text: toFrenchCsv(ATTEMPTS_HEADER[locale], rows) };
}

/** An attempt left out of an xAPI export, and why. */
export interface XapiSkipped {
  attemptId: string;
  scenarioId: string;
  /** `scenario-missing`: no version with its hash here; `incoherent`: the bundle's attempt does not fit its scenario. */
  reason: 'scenario-missing' | 'incoherent';
  detail?: string;
}

/**
 * xAPI 1.0.3 statements of the selected attempts (oldest first), with the score of record as the
 * card and `scoreRevision` = the number of trainer decisions on the attempt, so a corrected score
 * gets new statement ids. Attempts whose scenario version is unknown here are skipped and listed.
 * Every statement is validated: an invalid one is a bug, and throws.
 *
 * @example
 * const { statements, skipped } = await reviewsXapi(db, {}, { homePage: 'https://lms.example.org' });
 */
export async function reviewsXapi(
  db: PalierDatabase,
  filters: InboxFilters = {},
  options: { homePage?: string; now?: number } = {},
): Promise<ExportFile & { statements: Statement[]; skipped: XapiSkipped[] }> {
  const { reviews, events } = await selection(db, filters);
  const statements: Statement[] = [];
  const skipped: XapiSkipped[] = [];
  for (const r of [...reviews].reverse()) {
    const compiled = await compiledFor(db, r.scenarioId, r.scenarioHash);
    if (!compiled) {
      skipped.push({ attemptId: r.id, scenarioId: r.scenarioId, reason: 'scenario-missing' });
      continue;
    }
    const record = recordOf(r);
    let list: Statement[];
    try {
      list = attemptStatements({
        attempt: r.attempt,
        trace: traceOf(r),
        scenario: compiled,
        learner: { name: r.junior.name, id: r.junior.id },
        ...(options.homePage !== undefined ? { homePage: options.homePage } : {}),
        ...(record ? { card: record } : {}),
        scoreRevision: (events.get(r.id) ?? []).filter((e) => e.kind === 'decision').length,
      });
    } catch (e) {
      if (!(e instanceof XapiInputError)) throw e;
      skipped.push({ attemptId: r.id, scenarioId: r.scenarioId, reason: 'incoherent', detail: e.message });
      continue;
    }
    for (const s of list) {
      const problems = validateStatement(s);
      if (problems.length > 0) throw new Error(`reviewsXapi: statement ${s.id} of attempt ${r.id} is invalid: ${problems.join('; ')}`);
    }
    statements.push(...list);
  }
  return { filename: `palier-xapi-${day(options.now ?? Date.now())}.json`, text: JSON.stringify(statements, null, 2), statements, skipped };
}
