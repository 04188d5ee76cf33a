import { sha1 } from '@noble/hashes/legacy.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { CompiledScenario } from '../../core/dialogue/compiled.ts';
import type { Trace, TurnEntry } from '../../core/dialogue/trace.ts';
import { RECOMMEND } from '../../core/progress/recommend.ts';
import { scoreTrace, type ScoreCard } from '../../core/scoring/score.ts';
import type { AttemptRecord } from '../../db/db.ts';

/**
 * xAPI 1.0.3 statements for one attempt: what the Revue exports as a JSON file and pushes to a
 * Learning Record Store (LRS). Pure: no DOM, no database, no network; same input → same
 * statements, ids included, so an outbox never sends a statement twice.
 *
 * Modelling choices (the LRS side reads them this way):
 *
 * - **Actor**: an Agent identified by an `account` `{ homePage, name: learner id }`, with the
 *   learner's display name. Never an email address (privacy).
 * - **The scenario** is one Activity, `${homePage}/scenarios/${scenarioId}`, of type
 *   `http://adlnet.gov/expapi/activities/simulation`, named and described in French. The IRI carries
 *   no version, so an LRS aggregates every version of a scenario under one activity; the version
 *   is `context.revision` (what xAPI defines it for) and the scenario hash a context extension.
 * - **attempted** (timestamp: the attempt's start), object: the scenario.
 * - **responded**, one per junior turn, object: the *state* the junior answered in, as an
 *   interaction activity `${scenarioIri}/states/${stateId}` (`cmi.interaction`, `choice`), so an
 *   LRS can report answers per moment of the conversation. Its `choices` are the acts that state
 *   reacts to or offers (a deterministic list, the same in every statement about that state).
 *   `result.response` is the act ids joined with `[,]` (the xAPI `choice` response format); the
 *   junior's words are not sent. Context: parent = the scenario; extensions for the turn number,
 *   state after, mood before and after, reaction and understanding engine. Turns inherited by a
 *   replay (before `replayFromTurn`) were played in the parent attempt and are not repeated.
 * - **completed**, **scored**, then **passed** or **failed**, only for a finished attempt (an
 *   active or abandoned one gets `attempted` and its `responded` only). Timestamp: `endedAt`.
 *   `completed` carries `result.completion` and `result.duration`: the time spent in the
 *   conversation as the trace measures it (the last entry's `at`; pauses while the app was closed
 *   do not count), ISO 8601 (`PT4M12S`, to the hundredth of a second).
 * - **scored**: `result.score` `{ scaled: percent / 100, raw: percent, min: 0, max: 100 }` and the
 *   per-criterion results as the {@link XAPI_EXT.criteria} extension. While judged criteria wait
 *   for a trainer (`card.pendingWeight > 0`) the score is provisional: the result says so in the
 *   {@link XAPI_EXT.provisional} and {@link XAPI_EXT.pendingWeight} extensions.
 * - **passed / failed**: see {@link passes}.
 * - **Context** of every statement: `registration` = a UUID v5 derived from the attempt id (the
 *   attempt id itself is the {@link XAPI_EXT.attemptId} extension), `platform`, `language: 'fr-FR'`,
 *   `revision` = scenario version.
 * - **Ids**: UUID v5 of `${attemptId}:${verb}:${turn}` in the {@link PALIER_XAPI_NAMESPACE}
 *   (turn 0 except for `responded`); see {@link statementId}. A corrected score of record
 *   (a trainer's decision) must not reuse the ids of the provisional one (an LRS answers 409 to a
 *   known id with other content): pass `scoreRevision` ≥ 1 and void the earlier ids if wanted.
 *
 * @module
 */

/** The xAPI version these statements follow (the `X-Experience-API-Version` header to send). */
export const XAPI_VERSION = '1.0.3';

/** Fixed namespace of Palier's statement ids (UUID v5). Never change it: ids would change. */
export const PALIER_XAPI_NAMESPACE = '32d016e8-339a-443c-88c7-b4899d7bd5f5';

/** The RFC 4122 DNS namespace (appendix C), for test vectors. */
export const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

/** Default `homePage` of the actor's account and base of activity IRIs. */
export const DEFAULT_HOME_PAGE = 'https://palier.local';

/** Default `context.platform`. */
export const DEFAULT_PLATFORM = 'Palier';

/**
 * Percent at or above which a finished attempt counts as passed: the score below which the
 * recommender brings a scenario back for review ({@link RECOMMEND.reviewBelow}), so « passed »
 * means the same thing in Palier and in the LRS.
 */
export const XAPI_PASS_PERCENT = RECOMMEND.reviewBelow;

/** Palier's extension IRIs. Identifiers, not addresses: they stay the same whatever `homePage` is. */
export const XAPI_EXT = {
  /** Result of `scored`/`passed`/`failed`: the per-criterion results ({@link CriterionExtension}[]). */
  criteria: 'https://palier.local/xapi/ext/criteria',
  /** Result: true while judged criteria wait for a trainer. */
  provisional: 'https://palier.local/xapi/ext/provisional',
  /** Result: the weight of the judged criteria still waiting. */
  pendingWeight: 'https://palier.local/xapi/ext/pending-weight',
  /** Result: the critical criteria missed (ids). */
  criticalMissed: 'https://palier.local/xapi/ext/critical-missed',
  /** Result: the conversation's outcome (`success`, `partial`, `failure`, `escalation`). */
  outcome: 'https://palier.local/xapi/ext/outcome',
  /** Result: junior turns taken. */
  turns: 'https://palier.local/xapi/ext/turns',
  /** Result: hints used. */
  hintsUsed: 'https://palier.local/xapi/ext/hints-used',
  /** Context: Palier's attempt id. */
  attemptId: 'https://palier.local/xapi/ext/attempt-id',
  /** Context: SHA-256 of the compiled scenario version played. */
  scenarioHash: 'https://palier.local/xapi/ext/scenario-hash',
  /** Context: `guided` or `free`. */
  mode: 'https://palier.local/xapi/ext/mode',
  /** Context: true for an « évaluation » attempt (mood hidden). */
  evaluation: 'https://palier.local/xapi/ext/evaluation',
  /** Context of `responded`: the 1-based junior turn. */
  turn: 'https://palier.local/xapi/ext/turn',
  /** Context of `responded`: the state the turn led to. */
  stateAfter: 'https://palier.local/xapi/ext/state-after',
  /** Context of `responded`: the tenant's mood before and after the turn. */
  moodBefore: 'https://palier.local/xapi/ext/mood-before',
  moodAfter: 'https://palier.local/xapi/ext/mood-after',
  /** Context of `responded`: `act` (a transition applied) or `otherwise`. */
  reaction: 'https://palier.local/xapi/ext/reaction',
  /** Context of `responded`: who understood the reply (`guided`, `embedded`, `llm:…`). */
  engine: 'https://palier.local/xapi/ext/engine',
} as const;

export const ACTIVITY_TYPES = {
  simulation: 'http://adlnet.gov/expapi/activities/simulation',
  interaction: 'http://adlnet.gov/expapi/activities/cmi.interaction',
} as const;

export type VerbName = 'attempted' | 'responded' | 'completed' | 'passed' | 'failed' | 'scored';

/** The ADL verbs used, with French and English display. */
export const XAPI_VERBS: Readonly<Record<VerbName, XapiVerb>> = {
  attempted: { id: 'http://adlnet.gov/expapi/verbs/attempted', display: { 'fr-FR': 'a tenté', 'en-US': 'attempted' } },
  responded: { id: 'http://adlnet.gov/expapi/verbs/responded', display: { 'fr-FR': 'a répondu', 'en-US': 'responded' } },
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'fr-FR': 'a terminé', 'en-US': 'completed' } },
  passed: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'fr-FR': 'a réussi', 'en-US': 'passed' } },
  failed: { id: 'http://adlnet.gov/expapi/verbs/failed', display: { 'fr-FR': 'a échoué', 'en-US': 'failed' } },
  scored: { id: 'http://adlnet.gov/expapi/verbs/scored', display: { 'fr-FR': 'a obtenu le score', 'en-US': 'scored' } },
};

export type LanguageMap = Record<string, string>;

export interface XapiAgent {
  objectType: 'Agent';
  name: string;
  account: { homePage: string; name: string };
}

export interface XapiVerb {
  id: string;
  display: LanguageMap;
}

export interface XapiInteractionComponent {
  id: string;
  description: LanguageMap;
}

export interface XapiActivityDefinition {
  type: string;
  name?: LanguageMap;
  description?: LanguageMap;
  interactionType?: 'choice';
  choices?: XapiInteractionComponent[];
}

export interface XapiActivity {
  objectType: 'Activity';
  id: string;
  definition?: XapiActivityDefinition;
}

export interface XapiScore {
  scaled: number;
  raw: number;
  min: number;
  max: number;
}

export interface XapiResult {
  score?: XapiScore;
  success?: boolean;
  completion?: boolean;
  response?: string;
  duration?: string;
  extensions?: Record<string, unknown>;
}

export interface XapiContext {
  registration: string;
  platform: string;
  language: string;
  revision: string;
  contextActivities?: { parent: XapiActivity[] };
  extensions: Record<string, unknown>;
}

/** An xAPI 1.0.3 statement as Palier writes it (the subset of the spec it uses). */
export interface Statement {
  id: string;
  actor: XapiAgent;
  verb: XapiVerb;
  object: XapiActivity;
  result?: XapiResult;
  context: XapiContext;
  timestamp: string;
}

/** One criterion in the {@link XAPI_EXT.criteria} extension (labels are the scenario's, French). */
export interface CriterionExtension {
  id: string;
  label: string;
  competency: string;
  kind: 'rule' | 'judged';
  status: 'met' | 'missed' | 'pending' | 'overridden';
  source: 'rule' | 'llm' | 'trainer';
  weight: number;
  points: number;
  critical: boolean;
  /** 1-based junior turns that show why (0 = the opening). */
  evidence: number[];
}

export interface AttemptStatementsInput {
  attempt: AttemptRecord;
  trace: Trace;
  /** The compiled version the attempt was played against (its hash must match the trace's). */
  scenario: CompiledScenario;
  /** Display name and stable id (the account name) of the learner. */
  learner: { name: string; id: string };
  /** Account home page and base of activity IRIs; default {@link DEFAULT_HOME_PAGE}. */
  homePage?: string;
  /** `context.platform`; default {@link DEFAULT_PLATFORM}. */
  platform?: string;
  /**
   * The score of record, when it is not `attempt.card` (a trainer's decision). Without either,
   * a finished attempt is scored from the trace.
   */
  card?: ScoreCard;
  /** 0 for the card as played; n ≥ 1 for the n-th corrected card (new ids for scored/passed/failed). */
  scoreRevision?: number;
  /** Pass mark in percent; default {@link XAPI_PASS_PERCENT}. */
  passPercent?: number;
}

/** The input does not describe one coherent attempt (another scenario, version or hash). */
export class XapiInputError extends Error {
  override name = 'XapiInputError';
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidBytes(uuid: string): Uint8Array {
  if (!UUID_RE.test(uuid)) throw new XapiInputError(`namespace: « ${uuid} » is not a UUID`);
  const hex = uuid.replace(/-/g, '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function formatUuid(b: Uint8Array): string {
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Name-based UUID, version 5 (RFC 4122 §4.3: SHA-1 of the namespace's 16 bytes then the name's
 * UTF-8 bytes; version and variant bits set). Synchronous.
 *
 * @example
 * uuidv5('www.example.com', DNS_NAMESPACE); // '2ed6657d-e927-568b-95e1-2665a8aea6a2'
 */
export function uuidv5(name: string, namespace: string): string {
  const ns = uuidBytes(namespace);
  const nameBytes = utf8ToBytes(name);
  const data = new Uint8Array(ns.length + nameBytes.length);
  data.set(ns, 0);
  data.set(nameBytes, ns.length);
  const b = sha1(data).slice(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  return formatUuid(b);
}

/**
 * The id of one statement of an attempt: UUID v5 of `${attemptId}:${verb}:${turn}` (turn 0 for all
 * but `responded`), with `:r${revision}` appended for a corrected score (revision ≥ 1).
 * Lets the Revue find (and void) statements it sent without storing their ids.
 *
 * @example
 * statementId('a1', 'responded', 3) === statementId('a1', 'responded', 3); // true
 * statementId('a1', 'scored', 0, 1) !== statementId('a1', 'scored'); // true
 */
export function statementId(attemptId: string, verb: VerbName, turn = 0, revision = 0): string {
  const name = `${attemptId}:${verb}:${turn}${revision > 0 ? `:r${revision}` : ''}`;
  return uuidv5(name, PALIER_XAPI_NAMESPACE);
}

/** The `context.registration` of an attempt's statements: UUID v5 of `registration:${attemptId}`. */
export function registrationOf(attemptId: string): string {
  return uuidv5(`registration:${attemptId}`, PALIER_XAPI_NAMESPACE);
}

/**
 * Milliseconds as an ISO 8601 duration, to the hundredth of a second (xAPI's precision).
 *
 * @example
 * xapiDuration(252_000); // 'PT4M12S'
 * xapiDuration(3_723_450); // 'PT1H2M3.45S'
 * xapiDuration(0); // 'PT0S'
 */
export function xapiDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new XapiInputError(`duration: ${ms} ms is not a non-negative number`);
  const cs = Math.round(ms / 10);
  const hours = Math.floor(cs / 360_000);
  const minutes = Math.floor((cs % 360_000) / 6_000);
  const centis = cs % 6_000;
  const seconds = centis % 100 === 0 ? String(centis / 100) : (centis / 100).toFixed(2).replace(/0$/, '');
  let out = 'PT';
  if (hours > 0) out += `${hours}H`;
  if (minutes > 0) out += `${minutes}M`;
  if (centis > 0 || out === 'PT') out += `${seconds}S`;
  return out;
}

/**
 * Whether a card counts as passed: the attempt finished on a `success` or `partial` outcome, no
 * critical criterion was missed, and the percent reaches the pass mark (the ScoreCard has no pass
 * flag of its own). A provisional card (judged criteria pending) is judged on what is decided so
 * far, like its percent.
 *
 * @example
 * passes({ ...card, finished: true, outcome: 'success', criticalMissed: [], percent: 85 }); // true
 */
export function passes(card: ScoreCard, passPercent: number = XAPI_PASS_PERCENT): boolean {
  return (
    card.finished &&
    (card.outcome === 'success' || card.outcome === 'partial') &&
    card.criticalMissed.length === 0 &&
    card.percent >= passPercent
  );
}

function trimSlash(iri: string): string {
  return iri.replace(/\/+$/, '');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The acts a state knows: those it reacts to, then those its guided choices carry. */
function stateActs(scenario: CompiledScenario, stateId: string): string[] {
  const st = scenario.states[stateId];
  if (!st) return [];
  const out = [...st.actOrder];
  for (const c of st.choices) for (const a of c.acts) if (!out.includes(a)) out.push(a);
  return out;
}

/**
 * The xAPI statements of one attempt, in order: `attempted`, one `responded` per junior turn,
 * then for a finished attempt `completed`, `scored` and `passed` or `failed` (see the module
 * notes for the modelling). Throws {@link XapiInputError} when the attempt, the trace, the
 * scenario and the card do not belong together.
 *
 * @example
 * const statements = attemptStatements({ attempt, trace, scenario: compiled, learner: { name: 'Karim', id: profile.id } });
 * statements.map((s) => s.verb.display['en-US']); // ['attempted', 'responded', …, 'completed', 'scored', 'passed']
 * statements.flatMap(validateStatement); // []
 */
export function attemptStatements(input: AttemptStatementsInput): Statement[] {
  const { attempt, trace, scenario, learner } = input;
  const homePage = trimSlash(input.homePage ?? DEFAULT_HOME_PAGE);
  const platform = input.platform ?? DEFAULT_PLATFORM;
  const revision = input.scoreRevision ?? 0;
  checkCoherent(input);

  const scenarioIri = `${homePage}/scenarios/${encodeURIComponent(scenario.id)}`;
  const scenarioActivity: XapiActivity = {
    objectType: 'Activity',
    id: scenarioIri,
    definition: {
      type: ACTIVITY_TYPES.simulation,
      name: { 'fr-FR': scenario.meta.title },
      description: { 'fr-FR': scenario.meta.summary },
    },
  };
  const actor: XapiAgent = { objectType: 'Agent', name: learner.name, account: { homePage, name: learner.id } };
  const baseExtensions = {
    [XAPI_EXT.attemptId]: attempt.id,
    [XAPI_EXT.scenarioHash]: scenario.hash,
    [XAPI_EXT.mode]: attempt.mode,
    [XAPI_EXT.evaluation]: attempt.evaluation,
  };
  const context = (extra: Record<string, unknown> = {}, parent = false): XapiContext => ({
    registration: registrationOf(attempt.id),
    platform,
    language: 'fr-FR',
    revision: String(scenario.version),
    ...(parent ? { contextActivities: { parent: [{ objectType: 'Activity', id: scenarioIri, definition: { type: ACTIVITY_TYPES.simulation } }] } } : {}),
    extensions: { ...baseExtensions, ...extra },
  });

  // A replay starts with the parent's entries up to its replay turn: those turns are not this
  // attempt's, and this attempt's clock starts where they ended (see resumeSession).
  const entries = trace.entries;
  const firstOwn =
    attempt.replayFromTurn === undefined
      ? 0
      : (() => {
          const i = entries.findIndex((e) => e.kind === 'turn' && e.turn >= (attempt.replayFromTurn ?? 0));
          return i < 0 ? entries.length : i;
        })();
  const clockBase = firstOwn > 0 ? (entries[firstOwn - 1]?.at ?? 0) : 0;
  const elapsed = (at: number): number => Math.max(0, at - clockBase);
  const ownTurns = entries.slice(firstOwn).filter((e): e is TurnEntry => e.kind === 'turn');

  const out: Statement[] = [
    {
      id: statementId(attempt.id, 'attempted'),
      actor,
      verb: XAPI_VERBS.attempted,
      object: scenarioActivity,
      context: context(),
      timestamp: iso(attempt.startedAt),
    },
  ];

  for (const t of ownTurns) {
    const state = scenario.states[t.stateBefore];
    const acts = stateActs(scenario, t.stateBefore);
    out.push({
      id: statementId(attempt.id, 'responded', t.turn),
      actor,
      verb: XAPI_VERBS.responded,
      object: {
        objectType: 'Activity',
        id: `${scenarioIri}/states/${encodeURIComponent(t.stateBefore)}`,
        definition: {
          type: ACTIVITY_TYPES.interaction,
          name: { 'fr-FR': state?.label ?? t.stateBefore },
          interactionType: 'choice',
          choices: acts.map((a) => ({ id: a, description: { 'fr-FR': scenario.acts[a]?.label ?? a } })),
        },
      },
      result: { response: t.acts.join('[,]') },
      context: context(
        {
          [XAPI_EXT.turn]: t.turn,
          [XAPI_EXT.stateAfter]: t.stateAfter,
          [XAPI_EXT.moodBefore]: t.moodBefore,
          [XAPI_EXT.moodAfter]: t.moodAfter,
          [XAPI_EXT.reaction]: t.reaction,
          [XAPI_EXT.engine]: t.engine,
        },
        true,
      ),
      timestamp: iso(attempt.startedAt + elapsed(t.at)),
    });
  }

  if (attempt.status !== 'finished') return out;

  const card = input.card ?? attempt.card ?? scoreTrace(scenario, trace);
  const lastAt = entries[entries.length - 1]?.at ?? clockBase;
  const durationMs = elapsed(lastAt);
  const endTimestamp = iso(attempt.endedAt ?? attempt.startedAt + durationMs);
  const summary = {
    [XAPI_EXT.outcome]: card.outcome ?? null,
    [XAPI_EXT.turns]: card.turns,
    [XAPI_EXT.hintsUsed]: card.hintsUsed,
  };
  const score: XapiScore = { scaled: card.percent / 100, raw: card.percent, min: 0, max: 100 };
  const criteria: CriterionExtension[] = card.criteria.map((c) => ({
    id: c.id,
    label: c.label,
    competency: c.competency,
    kind: c.kind,
    status: c.status,
    source: c.source,
    weight: c.weight,
    points: c.points,
    critical: c.critical,
    evidence: [...c.evidence],
  }));
  const scoreExtensions = {
    ...summary,
    [XAPI_EXT.criteria]: criteria,
    [XAPI_EXT.provisional]: card.pendingWeight > 0,
    [XAPI_EXT.pendingWeight]: card.pendingWeight,
    [XAPI_EXT.criticalMissed]: [...card.criticalMissed],
  };
  const passed = passes(card, input.passPercent);

  out.push(
    {
      id: statementId(attempt.id, 'completed'),
      actor,
      verb: XAPI_VERBS.completed,
      object: scenarioActivity,
      result: { completion: true, duration: xapiDuration(durationMs), extensions: summary },
      context: context(),
      timestamp: endTimestamp,
    },
    {
      id: statementId(attempt.id, 'scored', 0, revision),
      actor,
      verb: XAPI_VERBS.scored,
      object: scenarioActivity,
      result: { score, completion: true, extensions: scoreExtensions },
      context: context(),
      timestamp: endTimestamp,
    },
    {
      id: statementId(attempt.id, passed ? 'passed' : 'failed', 0, revision),
      actor,
      verb: passed ? XAPI_VERBS.passed : XAPI_VERBS.failed,
      object: scenarioActivity,
      result: { score, success: passed, completion: true, duration: xapiDuration(durationMs), extensions: scoreExtensions },
      context: context(),
      timestamp: endTimestamp,
    },
  );
  return out;
}

function checkCoherent(input: AttemptStatementsInput): void {
  const { attempt, trace, scenario, learner } = input;
  const problems: string[] = [];
  if (attempt.scenarioId !== scenario.id) problems.push(`attempt.scenarioId « ${attempt.scenarioId} » is not the scenario « ${scenario.id} »`);
  if (attempt.scenarioHash !== scenario.hash) problems.push(`attempt.scenarioHash ${attempt.scenarioHash.slice(0, 8)} is not the scenario's ${scenario.hash.slice(0, 8)}`);
  if (trace.scenarioHash !== scenario.hash) problems.push(`trace.scenarioHash ${trace.scenarioHash.slice(0, 8)} is not the scenario's ${scenario.hash.slice(0, 8)}`);
  const card = input.card ?? attempt.card;
  if (card && card.scenarioId !== scenario.id) problems.push(`card.scenarioId « ${card.scenarioId} » is not the scenario « ${scenario.id} »`);
  if (card && card.scenarioVersion !== scenario.version) problems.push(`card.scenarioVersion ${card.scenarioVersion} is not the scenario's ${scenario.version}`);
  if (learner.id.trim() === '') problems.push('learner.id is empty');
  if (!Number.isFinite(attempt.startedAt)) problems.push('attempt.startedAt is not a time');
  if (input.scoreRevision !== undefined && (!Number.isInteger(input.scoreRevision) || input.scoreRevision < 0)) {
    problems.push(`scoreRevision ${input.scoreRevision} is not a whole number ≥ 0`);
  }
  const home = input.homePage ?? DEFAULT_HOME_PAGE;
  if (!isAbsoluteIri(home)) problems.push(`homePage « ${home} » is not an absolute http(s) IRI`);
  if (problems.length > 0) throw new XapiInputError(`attempt ${attempt.id}: ${problems.join('; ')}`);
}

// ---------------------------------------------------------------------------------------------
// Validation

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DURATION_RE = /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
const LANGUAGE_TAG_RE = /^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$/;
const INTERACTION_TYPES = new Set(['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other']);
const IFIS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;

/** An absolute IRI with an http or https scheme (what Palier writes and an LRS resolves). */
function isAbsoluteIri(value: unknown): boolean {
  if (typeof value !== 'string' || value === '') return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host !== '';
  } catch {
    return false;
  }
}

/** An ISO 8601 duration (`P1DT2H`, `PT4M12.5S`): at least one component, a fraction only on the last one. */
export function isIsoDuration(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = DURATION_RE.exec(value);
  if (!m) return false;
  const parts = m.slice(1);
  const present = parts.map((p, i) => (p === undefined ? -1 : i)).filter((i) => i >= 0);
  if (present.length === 0) return false;
  if (value.endsWith('T')) return false;
  const last = present[present.length - 1];
  return present.every((i) => i === last || !/[.,]/.test(parts[i] ?? ''));
}

/** An ISO 8601 date-time with a time zone, and a real date (no 31 February). */
export function isIsoTimestamp(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = TIMESTAMP_RE.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return false;
  return h <= 23 && mi <= 59 && s <= 59 && !Number.isNaN(Date.parse(value));
}

/** A UUID in the RFC 4122 variant (`8`–`b` in the variant position); optionally of one version. */
export function isRfc4122Uuid(value: unknown, version?: number): boolean {
  if (typeof value !== 'string' || !UUID_RE.test(value)) return false;
  if (!/^[89ab]$/i.test(value.charAt(19))) return false;
  return version === undefined || value.charAt(14) === String(version);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The problems of a statement, each `path: what is wrong` (empty when valid). Checks what xAPI
 * 1.0.3 requires of the parts Palier writes: actor (an Agent with exactly one identifier), verb,
 * object (an Activity); `id` a version 5 RFC 4122 UUID (Palier's ids); absolute http(s) IRIs for
 * verb, activities, activity types, account home page and extension keys; language maps;
 * `timestamp` ISO 8601; `result.duration` ISO 8601; `result.score.scaled` in [-1, 1] and `raw`
 * between `min` and `max`; `context.registration` an RFC 4122 UUID.
 *
 * @example
 * validateStatement({ ...statement, result: { score: { scaled: 1.5 } } }); // ['result.score.scaled: 1.5 is outside [-1, 1]']
 */
export function validateStatement(s: unknown): string[] {
  const problems: string[] = [];
  const add = (path: string, message: string): void => {
    problems.push(`${path}: ${message}`);
  };
  if (!isObject(s)) return ['statement: not an object'];

  if (s.id === undefined) add('id', 'missing');
  else if (!isRfc4122Uuid(s.id)) add('id', `« ${String(s.id)} » is not an RFC 4122 UUID`);
  else if (!isRfc4122Uuid(s.id, 5)) add('id', `« ${String(s.id)} » is not a version 5 UUID`);

  // actor
  const actor = s.actor;
  if (actor === undefined) add('actor', 'missing');
  else if (!isObject(actor)) add('actor', 'not an object');
  else {
    if (actor.objectType !== undefined && actor.objectType !== 'Agent') add('actor.objectType', `« ${String(actor.objectType)} » is not Agent`);
    if (actor.name !== undefined && typeof actor.name !== 'string') add('actor.name', 'not a string');
    const ifis = IFIS.filter((k) => actor[k] !== undefined);
    if (ifis.length !== 1) add('actor', `needs exactly one identifier (mbox, mbox_sha1sum, openid, account), has ${ifis.length}`);
    if (actor.account !== undefined) {
      const account = actor.account;
      if (!isObject(account)) add('actor.account', 'not an object');
      else {
        if (!isAbsoluteIri(account.homePage)) add('actor.account.homePage', `« ${String(account.homePage)} » is not an absolute http(s) IRI`);
        if (typeof account.name !== 'string' || account.name === '') add('actor.account.name', 'missing or empty');
      }
    }
    if (actor.mbox !== undefined && (typeof actor.mbox !== 'string' || !/^mailto:[^@\s]+@[^@\s]+$/.test(actor.mbox))) add('actor.mbox', 'not a mailto: IRI');
  }

  // verb
  const verb = s.verb;
  if (verb === undefined) add('verb', 'missing');
  else if (!isObject(verb)) add('verb', 'not an object');
  else {
    if (!isAbsoluteIri(verb.id)) add('verb.id', `« ${String(verb.id)} » is not an absolute http(s) IRI`);
    if (verb.display !== undefined) checkLanguageMap(verb.display, 'verb.display', add);
  }

  // object
  const object = s.object;
  if (object === undefined) add('object', 'missing');
  else checkActivity(object, 'object', add);

  // result
  if (s.result !== undefined) {
    const r = s.result;
    if (!isObject(r)) add('result', 'not an object');
    else {
      if (r.score !== undefined) checkScore(r.score, add);
      for (const k of ['success', 'completion'] as const) {
        if (r[k] !== undefined && typeof r[k] !== 'boolean') add(`result.${k}`, 'not a boolean');
      }
      if (r.response !== undefined && typeof r.response !== 'string') add('result.response', 'not a string');
      if (r.duration !== undefined && !isIsoDuration(r.duration)) add('result.duration', `« ${String(r.duration)} » is not an ISO 8601 duration`);
      if (r.extensions !== undefined) checkExtensions(r.extensions, 'result.extensions', add);
    }
  }

  // context
  if (s.context !== undefined) {
    const c = s.context;
    if (!isObject(c)) add('context', 'not an object');
    else {
      if (c.registration !== undefined && !isRfc4122Uuid(c.registration)) add('context.registration', `« ${String(c.registration)} » is not an RFC 4122 UUID`);
      for (const k of ['platform', 'revision'] as const) {
        if (c[k] !== undefined && typeof c[k] !== 'string') add(`context.${k}`, 'not a string');
      }
      if (c.language !== undefined && (typeof c.language !== 'string' || !LANGUAGE_TAG_RE.test(c.language))) add('context.language', `« ${String(c.language)} » is not a language tag`);
      if (c.contextActivities !== undefined) {
        const ca = c.contextActivities;
        if (!isObject(ca)) add('context.contextActivities', 'not an object');
        else {
          for (const [key, list] of Object.entries(ca)) {
            const path = `context.contextActivities.${key}`;
            if (!['parent', 'grouping', 'category', 'other'].includes(key)) add(path, 'not parent, grouping, category or other');
            else if (Array.isArray(list)) list.forEach((a, i) => checkActivity(a, `${path}[${i}]`, add));
            else checkActivity(list, path, add);
          }
        }
      }
      if (c.extensions !== undefined) checkExtensions(c.extensions, 'context.extensions', add);
    }
  }

  if (s.timestamp !== undefined && !isIsoTimestamp(s.timestamp)) add('timestamp', `« ${String(s.timestamp)} » is not an ISO 8601 date-time with a time zone`);
  return problems;
}

type Add = (path: string, message: string) => void;

function checkLanguageMap(map: unknown, path: string, add: Add): void {
  if (!isObject(map)) {
    add(path, 'not a language map');
    return;
  }
  for (const [tag, text] of Object.entries(map)) {
    if (!LANGUAGE_TAG_RE.test(tag)) add(path, `« ${tag} » is not a language tag`);
    if (typeof text !== 'string') add(`${path}.${tag}`, 'not a string');
  }
}

function checkExtensions(ext: unknown, path: string, add: Add): void {
  if (!isObject(ext)) {
    add(path, 'not an object');
    return;
  }
  for (const key of Object.keys(ext)) {
    if (!isAbsoluteIri(key)) add(path, `key « ${key} » is not an absolute http(s) IRI`);
  }
}

function checkActivity(a: unknown, path: string, add: Add): void {
  if (!isObject(a)) {
    add(path, 'not an object');
    return;
  }
  if (a.objectType !== undefined && a.objectType !== 'Activity') add(`${path}.objectType`, `« ${String(a.objectType)} » is not Activity`);
  if (!isAbsoluteIri(a.id)) add(`${path}.id`, `« ${String(a.id)} » is not an absolute http(s) IRI`);
  if (a.definition === undefined) return;
  const d = a.definition;
  if (!isObject(d)) {
    add(`${path}.definition`, 'not an object');
    return;
  }
  if (d.type !== undefined && !isAbsoluteIri(d.type)) add(`${path}.definition.type`, `« ${String(d.type)} » is not an absolute http(s) IRI`);
  if (d.name !== undefined) checkLanguageMap(d.name, `${path}.definition.name`, add);
  if (d.description !== undefined) checkLanguageMap(d.description, `${path}.definition.description`, add);
  if (d.interactionType !== undefined && !INTERACTION_TYPES.has(String(d.interactionType))) add(`${path}.definition.interactionType`, `« ${String(d.interactionType)} » is not an xAPI interaction type`);
  if (d.choices !== undefined) {
    if (!Array.isArray(d.choices)) add(`${path}.definition.choices`, 'not a list');
    else {
      const seen = new Set<string>();
      d.choices.forEach((c: unknown, i) => {
        const cp = `${path}.definition.choices[${i}]`;
        if (!isObject(c) || typeof c.id !== 'string' || c.id === '') add(cp, 'needs a non-empty id');
        else {
          if (seen.has(c.id)) add(cp, `id « ${c.id} » is repeated`);
          seen.add(c.id);
          if (c.description !== undefined) checkLanguageMap(c.description, `${cp}.description`, add);
        }
      });
    }
  }
  if (d.extensions !== undefined) checkExtensions(d.extensions, `${path}.definition.extensions`, add);
}

function checkScore(score: unknown, add: Add): void {
  if (!isObject(score)) {
    add('result.score', 'not an object');
    return;
  }
  const num = (k: string): number | undefined => {
    const v = score[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      add(`result.score.${k}`, 'not a number');
      return undefined;
    }
    return v;
  };
  const scaled = num('scaled');
  const raw = num('raw');
  const min = num('min');
  const max = num('max');
  if (scaled !== undefined && (scaled < -1 || scaled > 1)) add('result.score.scaled', `${scaled} is outside [-1, 1]`);
  if (min !== undefined && max !== undefined && min >= max) add('result.score', `min ${min} is not below max ${max}`);
  if (raw !== undefined && min !== undefined && raw < min) add('result.score.raw', `${raw} is below min ${min}`);
  if (raw !== undefined && max !== undefined && raw > max) add('result.score.raw', `${raw} is above max ${max}`);
}
