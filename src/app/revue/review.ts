import { transcriptOf, type TranscriptLine } from '../../core/dialogue/session.ts';
import type { CompiledScenario } from '../../core/dialogue/compiled.ts';
import type { Trace } from '../../core/dialogue/trace.ts';
import { isRuleCriterion } from '../../core/scenario/guards.ts';
import type { JudgedCriterion, Rubric } from '../../core/scenario/rubric.schema.ts';
import type { JudgeProposal } from '../../core/scoring/judge-request.ts';
import { scoreTrace, type CriterionResult, type ScoreCard } from '../../core/scoring/score.ts';
import type { Actor, CriterionLevel, PalierDatabase, ReviewEventRecord, ReviewRecord } from '../../db/db.ts';
import { bundledEntry } from '../scenarios.ts';
import {
  agreementOf,
  agreementPairs,
  agreements,
  decisionsByAttempt,
  gateSettings,
  GATE_SETTINGS_KEY,
  validGateSettings,
  type CriterionAgreement,
  type GateKey,
  type GateSettings,
} from './dashboards.ts';
import type { AgreementGate } from './kappa.ts';
import { eventOrder, judgedLevel, levelOnCard, pendingCount, recordCard, type Decision } from './record.ts';
import { annotatableTurns, compiledFor, traceOf } from './replay.ts';
import { writeDigest } from './digest.ts';

/**
 * The trainer's review (the inbox is `inbox.ts`): one attempt's review, decisions with their audit
 * trail, and the agreement gate that lets an AI judge's proposals count once trainers agree with it.
 *
 * **Where the gate applies.** The score of record of an attempt depends on other attempts: a
 * decision on one attempt adds a (proposal, decision) pair to its criterion, which may open the
 * gate, which makes the pending proposals of *other* attempts count. It is computed at write time,
 * for every attempt of the scenario concerned, in the same transaction as the event that changed
 * it ({@link decide}, {@link saveGateSettings}, {@link refreshRecords}), and stored in
 * `review.record` / `pending` / `status`. Everything that reads — the inbox, {@link reviewView},
 * the dashboards, the CSV and xAPI exports — reads that stored record, so every screen and file
 * shows the same score. {@link reviewView} recomputes it with the same function to say, criterion
 * by criterion, who it counts from and how far the gate is.
 *
 * **Pairs.** For a judged criterion (keyed by scenario id + criterion id, across versions), every
 * attempt with an AI proposal for it and a trainer decision with a level gives the pair
 * (proposed level, decided level). A proposal-verdict (« d'accord / pas d'accord ») is feedback on
 * the AI and is not a pair: only a decision, with its comment, sets a level.
 */

// ---------------------------------------------------------------------------------------------
// Agreement gate (measured in dashboards.ts, applied here)

export {
  agreementOf,
  agreementPairs,
  agreements,
  decisionsByAttempt,
  DEFAULT_GATE_SETTINGS,
  GATE_SETTINGS_KEY,
  gateKey,
  gateSettings,
  validGateSettings,
  type CriterionAgreement,
  type GateKey,
  type GateSettings,
} from './dashboards.ts';

/**
 * Saves the gate thresholds and recomputes every score of record with them (a gate may open or
 * close), in one transaction.
 *
 * @example
 * await saveGateSettings(db, { threshold: 0.7, minN: 30 }); // { ok: true }
 */
export async function saveGateSettings(db: PalierDatabase, s: GateSettings): Promise<{ ok: true } | { ok: false; error: 'invalid-threshold' | 'invalid-min-n' }> {
  const error = validGateSettings(s);
  if (error) return { ok: false, error };
  const value: GateSettings = { threshold: s.threshold, minN: s.minN };
  const ids = (await db.reviews.orderBy('scenarioId').uniqueKeys()).map(String);
  const compiled = await compiledForScenarios(db, ids);
  await db.transaction('rw', [db.reviews, db.reviewEvents, db.reviewDigests, db.settings], async () => {
    await db.settings.put({ key: GATE_SETTINGS_KEY, value });
    for (const id of ids) await recomputeScenario(db, id, compiled, value);
  });
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Score of record

/** Who a criterion's level of record comes from. */
export type Counted = 'rule' | 'trainer' | 'llm' | 'pending';

export interface RecordOutcome {
  record: ScoreCard;
  counted: Map<string, Counted>;
  /** The level of record of each criterion (with the judged level id when there is one). */
  levels: Map<string, CriterionLevel>;
}

/**
 * The score of record of one attempt: the played card, with the trainers' decisions, and — for a
 * judged criterion still pending, without a decision, whose gate is open — the AI's proposal
 * (source `llm`). A trainer decision always wins. Needs the rubric (critical cap, levels) as soon
 * as anything changes the played card; returns `undefined` when it would and the rubric is
 * unknown here.
 */
export function scoreOfRecord(input: {
  card: ScoreCard;
  decisions: ReadonlyMap<string, Decision> | undefined;
  proposals: readonly JudgeProposal[] | undefined;
  rubric: Pick<Rubric, 'criticalCap' | 'criteria'> | undefined;
  open: (criterionId: string) => boolean;
}): RecordOutcome | undefined {
  const { card, rubric } = input;
  const decisions = new Map(input.decisions ?? []);
  const counted = new Map<string, Counted>();
  const levels = new Map<string, CriterionLevel>();
  for (const c of card.criteria) {
    const d = decisions.get(c.id);
    if (d) {
      counted.set(c.id, 'trainer');
      levels.set(c.id, d.after);
      continue;
    }
    const proposal = c.status === 'pending' ? input.proposals?.find((p) => p.criterionId === c.id) : undefined;
    const criterion = rubric?.criteria.find((k): k is JudgedCriterion => k.id === c.id && !isRuleCriterion(k));
    const level = proposal && criterion && input.open(c.id) ? judgedLevel(criterion, proposal.levelId) : undefined;
    if (level) {
      decisions.set(c.id, { criterionId: c.id, after: level, source: 'llm' });
      counted.set(c.id, 'llm');
      levels.set(c.id, level);
      continue;
    }
    counted.set(c.id, c.kind === 'rule' ? 'rule' : c.status === 'pending' ? 'pending' : 'rule');
    levels.set(c.id, levelOnCard(c));
  }
  if (decisions.size === 0) return { record: card, counted, levels };
  if (!rubric) return undefined;
  return { record: recordCard(card, decisions, rubric.criticalCap), counted, levels };
}

/** The card an imported attempt was played with (scored from its trace if the bundle has none). */
export function playedCard(review: ReviewRecord, compiled: CompiledScenario | undefined, trace: Trace): ScoreCard {
  if (review.attempt.card) return review.attempt.card;
  if (compiled) return scoreTrace(compiled, trace);
  return {
    scenarioId: review.scenarioId,
    scenarioVersion: review.scenarioVersion,
    scenarioHash: review.scenarioHash,
    rubricHash: '',
    outcome: review.attempt.outcome,
    finished: review.attempt.outcome !== undefined,
    turns: 0,
    hintsUsed: 0,
    criteria: [],
    earned: 0,
    possible: 0,
    pendingWeight: 0,
    percent: 0,
    capped: false,
    criticalMissed: [],
  };
}

/** The compiled versions by hash of the given scenarios: every version this device can find. */
async function compiledForScenarios(db: PalierDatabase, scenarioIds: readonly string[], extra: ReadonlyArray<readonly [string, string]> = []): Promise<Map<string, CompiledScenario>> {
  const wanted = new Map<string, string>(); // hash → scenario id
  for (const [id, hash] of extra) wanted.set(hash, id);
  for (const id of scenarioIds) {
    for (const key of await db.bundleScenarios.where('id').equals(id).primaryKeys()) wanted.set(key[1], id);
    const bundled = bundledEntry(id);
    if (bundled) wanted.set(bundled.hash, id);
    for (const row of await db.scenarios.where('id').equals(id).toArray()) if (row.hash) wanted.set(row.hash, id);
  }
  const out = new Map<string, CompiledScenario>();
  await Promise.all(
    [...wanted].map(async ([hash, id]) => {
      const c = await compiledFor(db, id, hash);
      if (c) out.set(hash, c);
    }),
  );
  return out;
}

/** Everything the scores of record of one scenario depend on (read inside a transaction). */
interface ScenarioState {
  reviews: ReviewRecord[];
  events: ReviewEventRecord[];
  decisions: Map<string, Map<string, Decision>>;
  gates: Map<GateKey, CriterionAgreement>;
}

async function scenarioState(db: PalierDatabase, scenarioId: string, settings: GateSettings): Promise<ScenarioState> {
  const reviews = await db.reviews.where('scenarioId').equals(scenarioId).toArray();
  const events = await db.reviewEvents.where('attemptId').anyOf(reviews.map((r) => r.id)).toArray();
  const decisions = decisionsByAttempt(events);
  return { reviews, events, decisions, gates: agreements(agreementPairs(reviews, decisions), settings) };
}

function outcomeFor(review: ReviewRecord, state: ScenarioState, compiled: ReadonlyMap<string, CompiledScenario>, settings: GateSettings): RecordOutcome | undefined {
  const card = review.attempt.card;
  if (!card) return undefined;
  return scoreOfRecord({
    card,
    decisions: state.decisions.get(review.id),
    proposals: review.attempt.proposals,
    rubric: compiled.get(review.scenarioHash)?.rubric,
    open: (criterionId) => agreementOf(state.gates, review.scenarioId, criterionId, settings).gate.automatic,
  });
}

/** Stores the score of record of every attempt of a scenario that changed; returns the new rows. */
async function storeRecords(db: PalierDatabase, state: ScenarioState, compiled: ReadonlyMap<string, CompiledScenario>, settings: GateSettings, touched?: { id: string; at: number }): Promise<Map<string, ReviewRecord>> {
  const changed = new Map<string, ReviewRecord>();
  for (const r of state.reviews) {
    const outcome = outcomeFor(r, state, compiled, settings);
    let next = r;
    if (outcome) {
      const pending = pendingCount(outcome.record);
      if (JSON.stringify(outcome.record) !== JSON.stringify(r.record) || pending !== r.pending) {
        next = { ...r, record: outcome.record, pending, status: pending > 0 ? 'pending' : 'reviewed' };
      }
    }
    if (touched?.id === r.id) next = { ...next, reviewedAt: touched.at };
    if (next !== r) changed.set(r.id, next);
  }
  if (changed.size > 0) await db.reviews.bulkPut([...changed.values()]);
  const scenarioId = state.reviews[0]?.scenarioId;
  if (scenarioId !== undefined) await writeDigest(db, scenarioId, state.reviews.map((r) => changed.get(r.id) ?? r), state.events);
  return changed;
}

async function recomputeScenario(db: PalierDatabase, scenarioId: string, compiled: ReadonlyMap<string, CompiledScenario>, settings: GateSettings): Promise<void> {
  await storeRecords(db, await scenarioState(db, scenarioId, settings), compiled, settings);
}

/**
 * Recomputes and stores the scores of record of the given scenarios' attempts (all when omitted).
 * The bundle import calls it after adding attempts: a gate already open makes their proposals
 * count at once.
 *
 * @example
 * await refreshRecords(db, ['degat-des-eaux-nuit']);
 */
export async function refreshRecords(db: PalierDatabase, scenarioIds?: readonly string[]): Promise<void> {
  const ids = scenarioIds ? [...new Set(scenarioIds)] : (await db.reviews.orderBy('scenarioId').uniqueKeys()).map(String);
  const settings = await gateSettings(db);
  const compiled = await compiledForScenarios(db, ids);
  await db.transaction('rw', [db.reviews, db.reviewEvents, db.reviewDigests], async () => {
    for (const id of ids) await recomputeScenario(db, id, compiled, settings);
  });
}

// ---------------------------------------------------------------------------------------------
// Decisions, annotations, verdicts

export type DecideError = 'comment-required' | 'unknown-attempt' | 'unknown-criterion' | 'unknown-level' | 'same-level' | 'scenario-missing';

/**
 * A trainer's decision on one criterion, with its mandatory comment: a judged criterion takes one
 * of its levels (points = weight × fraction), a rule criterion `met` or `missed` (points = weight
 * or 0). Confirming the level in force is a decision too (it is how a trainer says « I checked »;
 * `same-level` is never returned). In one transaction: the `decision` event is appended (before =
 * the level of record until now, after = the new one), and the scores of record of the scenario's
 * attempts are recomputed and stored (this attempt's, and others' if the gate moved).
 * `scenario-missing`: this device knows no version with the attempt's hash, so no rubric to score
 * against.
 *
 * @example
 * await decide(db, attemptId, 'ton', { levelId: 'senior' }, 'Phrases courtes, elle reformule.', trainer);
 * // { ok: true, record: { percent: 92.3, … } }
 */
export async function decide(
  db: PalierDatabase,
  attemptId: string,
  criterionId: string,
  choice: { levelId: string } | { status: 'met' | 'missed' },
  comment: string,
  by: Actor,
  now = Date.now(),
): Promise<{ ok: true; record: ScoreCard } | { ok: false; error: DecideError }> {
  const review = await db.reviews.get(attemptId);
  const card = review?.attempt.card;
  if (!review || !card) return { ok: false, error: 'unknown-attempt' };
  const played = card.criteria.find((c) => c.id === criterionId);
  if (!played) return { ok: false, error: 'unknown-criterion' };
  const compiledMap = await compiledForScenarios(db, [review.scenarioId], [[review.scenarioId, review.scenarioHash]]);
  const compiled = compiledMap.get(review.scenarioHash);
  const criterion = compiled?.rubric.criteria.find((c) => c.id === criterionId);
  if (!compiled || !criterion) return { ok: false, error: 'scenario-missing' };
  let after: CriterionLevel | undefined;
  if (isRuleCriterion(criterion)) {
    if ('status' in choice && (choice.status === 'met' || choice.status === 'missed')) after = { status: choice.status, points: choice.status === 'met' ? criterion.weight : 0 };
  } else if ('levelId' in choice) {
    after = judgedLevel(criterion, choice.levelId);
  }
  if (!after) return { ok: false, error: 'unknown-level' };
  const text = comment.trim();
  if (text === '') return { ok: false, error: 'comment-required' };
  const decided = after;

  return db.transaction('rw', [db.reviews, db.reviewEvents, db.reviewDigests, db.settings], async () => {
    const settings = await gateSettings(db);
    const state = await scenarioState(db, review.scenarioId, settings);
    const current = state.reviews.find((r) => r.id === attemptId) ?? review;
    const before = outcomeFor(current, state, compiledMap, settings)?.levels.get(criterionId) ?? levelOnCard(played);
    const event: ReviewEventRecord = { attemptId, at: now, by: { id: by.id, name: by.name }, kind: 'decision', criterionId, before, after: decided, comment: text };
    const seq = await db.reviewEvents.add(event);
    const events = [...state.events, { ...event, seq }];
    const decisions = decisionsByAttempt(events);
    const next: ScenarioState = { ...state, events, decisions, gates: agreements(agreementPairs(state.reviews, decisions), settings) };
    const changed = await storeRecords(db, next, compiledMap, settings, { id: attemptId, at: now });
    return { ok: true as const, record: changed.get(attemptId)?.record ?? current.record ?? card };
  });
}

async function appendEvent(db: PalierDatabase, event: ReviewEventRecord): Promise<ReviewEventRecord> {
  return db.transaction('rw', db.reviews, db.reviewEvents, async () => {
    const seq = await db.reviewEvents.add(event);
    await db.reviews.update(event.attemptId, { reviewedAt: event.at });
    return { ...event, seq };
  });
}

/**
 * A trainer's note on one turn of the transcript (0 = the tenant's opening), appended to the
 * audit trail.
 *
 * @example
 * await annotate(db, attemptId, 3, 'Ici, reformuler avant de proposer.', trainer);
 */
export async function annotate(
  db: PalierDatabase,
  attemptId: string,
  turn: number,
  text: string,
  by: Actor,
  now = Date.now(),
): Promise<{ ok: true; event: ReviewEventRecord } | { ok: false; error: 'text-required' | 'unknown-attempt' | 'unknown-turn' }> {
  const review = await db.reviews.get(attemptId);
  if (!review) return { ok: false, error: 'unknown-attempt' };
  if (!Number.isInteger(turn) || !annotatableTurns(traceOf(review)).has(turn)) return { ok: false, error: 'unknown-turn' };
  const comment = text.trim();
  if (comment === '') return { ok: false, error: 'text-required' };
  const event = await appendEvent(db, { attemptId, at: now, by: { id: by.id, name: by.name }, kind: 'annotation', turn, comment });
  return { ok: true, event };
}

/**
 * Whether the trainer agrees with the AI's proposed level on a criterion (only where a proposal
 * exists). Feedback on the AI, kept in the trail; it sets no level (a decision does).
 *
 * @example
 * await proposalVerdict(db, attemptId, 'ton', true, trainer);
 */
export async function proposalVerdict(
  db: PalierDatabase,
  attemptId: string,
  criterionId: string,
  agree: boolean,
  by: Actor,
  now = Date.now(),
): Promise<{ ok: true; event: ReviewEventRecord } | { ok: false; error: 'unknown-attempt' | 'unknown-criterion' | 'no-proposal' }> {
  const review = await db.reviews.get(attemptId);
  if (!review) return { ok: false, error: 'unknown-attempt' };
  if (!review.attempt.card?.criteria.some((c) => c.id === criterionId)) return { ok: false, error: 'unknown-criterion' };
  if (!review.attempt.proposals?.some((p) => p.criterionId === criterionId)) return { ok: false, error: 'no-proposal' };
  const event = await appendEvent(db, { attemptId, at: now, by: { id: by.id, name: by.name }, kind: 'proposal-verdict', criterionId, agree, comment: '' });
  return { ok: true, event };
}

// ---------------------------------------------------------------------------------------------
// Review of one attempt

export interface ReviewCriterion {
  /** The criterion as it counts now (score of record). */
  result: CriterionResult;
  /** The criterion as the junior's device scored it. */
  played: CriterionResult;
  /** A judged criterion's levels (from the rubric, when the scenario version is known here). */
  levels?: Array<{ id: string; label: string; descriptor: string; fraction: number }>;
  /** The level of record's id, for a judged criterion that has one. */
  levelId?: string;
  proposal?: JudgeProposal;
  /** The trainer's latest verdict on the proposal. */
  verdict?: boolean;
  /** Judged criteria: how far the AI's agreement with trainers is. */
  gate?: AgreementGate & { kappa?: number; n: number };
  counted: Counted;
}

export interface ReviewView {
  review: ReviewRecord;
  /** The version played, when this device has it (else the transcript is still readable). */
  compiled: CompiledScenario | undefined;
  trace: Trace;
  /** The conversation line by line, built from the trace alone. */
  transcript: TranscriptLine[];
  played: ScoreCard;
  record: ScoreCard;
  criteria: ReviewCriterion[];
  annotations: ReviewEventRecord[];
  /** The whole audit trail of the attempt, in the order it happened (`eventOrder`: time, then order written). */
  events: ReviewEventRecord[];
  gateSettings: GateSettings;
}

/**
 * Everything the review screen shows of one attempt; `undefined` for an unknown id. Reads the
 * scenario's attempts and their events (the gate of each judged criterion), never writes.
 *
 * @example
 * const view = await reviewView(db, attemptId);
 * view?.criteria.find((c) => c.counted === 'pending'); // what waits for the trainer
 */
export async function reviewView(db: PalierDatabase, attemptId: string): Promise<ReviewView | undefined> {
  const review = await db.reviews.get(attemptId);
  if (!review) return undefined;
  const compiled = await compiledFor(db, review.scenarioId, review.scenarioHash);
  const trace = traceOf(review);
  const played = playedCard(review, compiled, trace);
  const settings = await gateSettings(db);
  const state = await scenarioState(db, review.scenarioId, settings);
  const events = state.events.filter((e) => e.attemptId === attemptId).sort(eventOrder);
  const agreement = (criterionId: string) => agreementOf(state.gates, review.scenarioId, criterionId, settings);
  const outcome = scoreOfRecord({
    card: played,
    decisions: state.decisions.get(attemptId),
    proposals: review.attempt.proposals,
    rubric: compiled?.rubric,
    open: (id) => agreement(id).gate.automatic,
  });
  const record = outcome?.record ?? review.record ?? played;
  const verdicts = new Map<string, boolean>();
  for (const e of events) if (e.kind === 'proposal-verdict' && e.criterionId && e.agree !== undefined) verdicts.set(e.criterionId, e.agree);
  const criteria = played.criteria.map((p): ReviewCriterion => {
    const rubric = compiled?.rubric.criteria.find((c) => c.id === p.id);
    const proposal = review.attempt.proposals?.find((x) => x.criterionId === p.id);
    const a = p.kind === 'judged' ? agreement(p.id) : undefined;
    const levelId = outcome?.levels.get(p.id)?.levelId;
    const verdict = verdicts.get(p.id);
    return {
      result: record.criteria.find((c) => c.id === p.id) ?? p,
      played: p,
      ...(rubric && !isRuleCriterion(rubric) ? { levels: rubric.judged.levels.map((l) => ({ id: l.id, label: l.label, descriptor: l.descriptor, fraction: l.fraction })) } : {}),
      ...(levelId !== undefined ? { levelId } : {}),
      ...(proposal ? { proposal } : {}),
      ...(verdict !== undefined ? { verdict } : {}),
      ...(a ? { gate: { ...a.gate, n: a.n, ...(a.kappa ? { kappa: a.kappa.kappa } : {}) } } : {}),
      counted: outcome?.counted.get(p.id) ?? (p.kind === 'rule' ? 'rule' : p.status === 'pending' ? 'pending' : 'trainer'),
    };
  });
  return {
    review,
    compiled,
    trace,
    transcript: transcriptOf(trace),
    played,
    record,
    criteria,
    annotations: events.filter((e) => e.kind === 'annotation'),
    events,
    gateSettings: settings,
  };
}
