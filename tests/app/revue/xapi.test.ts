import { describe, expect, it } from 'vitest';
import {
  attemptStatements,
  DNS_NAMESPACE,
  isIsoDuration,
  isIsoTimestamp,
  passes,
  PALIER_XAPI_NAMESPACE,
  registrationOf,
  statementId,
  uuidv5,
  validateStatement,
  XAPI_EXT,
  XAPI_PASS_PERCENT,
  XAPI_VERBS,
  xapiDuration,
  XapiInputError,
  type AttemptStatementsInput,
  type CriterionExtension,
  type Statement,
} from '../../../src/app/revue/xapi.ts';
import type { CompiledScenario } from '../../../src/core/dialogue/compiled.ts';
import { createSession, resumeSession, type Session } from '../../../src/core/dialogue/session.ts';
import { turnsOf, type Trace } from '../../../src/core/dialogue/trace.ts';
import { scoreTrace, type ScoreCard } from '../../../src/core/scoring/score.ts';
import type { AttemptRecord } from '../../../src/db/db.ts';
import { compileFile, STARTER } from '../../helpers/scenarios.ts';

const scenario = compileFile(STARTER);
const START = Date.UTC(2025, 2, 14, 18, 30, 0);
/** The path to a full success on the starter scenario (as in tests/app/practice.test.ts). */
const SUCCESS_PATH = [0, 0, 0, 3, 0, 0, 0, 0, 1];
/** Each junior turn takes this long (ms), so times are known exactly. */
const STEP = 28_005;

/** Plays guided choices with a manual clock; returns the session. */
function play(compiled: CompiledScenario, path: number[], options: { hintAfter?: number } = {}): Session {
  let t = 0;
  const session = createSession(compiled, { seed: 5, now: () => t });
  path.forEach((choice, i) => {
    t += STEP;
    if (options.hintAfter === i) session.hint();
    session.choose(choice);
  });
  return session;
}

function attemptOf(trace: Trace, over: Partial<AttemptRecord> = {}): AttemptRecord {
  const last = trace.entries[trace.entries.length - 1]?.at ?? 0;
  const finished = trace.outcome !== undefined;
  return {
    id: 'attempt-0001',
    profileId: 'profile-karim',
    scenarioId: scenario.id,
    scenarioVersion: scenario.version,
    scenarioHash: scenario.hash,
    mode: 'guided',
    evaluation: false,
    seed: trace.seed,
    status: finished ? 'finished' : 'active',
    startedAt: START,
    updatedAt: START + last,
    ...(finished ? { endedAt: START + last + 1_000, outcome: trace.outcome, card: scoreTrace(scenario, trace) } : {}),
    opening: trace.opening,
    entryCount: trace.entries.length,
    ...over,
  };
}

function inputOf(trace: Trace, over: Partial<AttemptStatementsInput> = {}, attempt: Partial<AttemptRecord> = {}): AttemptStatementsInput {
  return { attempt: attemptOf(trace, attempt), trace, scenario, learner: { name: 'Karim B.', id: 'profile-karim' }, ...over };
}

const verbs = (list: Statement[]): string[] => list.map((s) => s.verb.display['en-US'] ?? '?');
const byVerb = (list: Statement[], verb: string): Statement[] => list.filter((s) => s.verb.display['en-US'] === verb);

describe('uuidv5', () => {
  it('matches published test vectors (RFC 4122 DNS namespace)', () => {
    expect(uuidv5('www.example.com', DNS_NAMESPACE)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    // Python's documentation example: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org').
    expect(uuidv5('python.org', DNS_NAMESPACE)).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('hashes the name as UTF-8 and sets version 5 and the RFC 4122 variant', () => {
    // Cross-checked with Python: uuid.uuid5(uuid.NAMESPACE_URL, 'https://palier.local/é').
    expect(uuidv5('https://palier.local/é', '6ba7b811-9dad-11d1-80b4-00c04fd430c8')).toBe('8c1719f2-77f4-5675-841f-75f411e27dcd');
    const id = uuidv5('anything', PALIER_XAPI_NAMESPACE);
    expect(id.charAt(14)).toBe('5');
    expect('89ab').toContain(id.charAt(19));
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidv5('x', 'not-a-uuid')).toThrow(XapiInputError);
  });
});

describe('xapiDuration', () => {
  it('writes ISO 8601 durations to the hundredth of a second', () => {
    expect(xapiDuration(252_000)).toBe('PT4M12S');
    expect(xapiDuration(0)).toBe('PT0S');
    expect(xapiDuration(3_723_450)).toBe('PT1H2M3.45S');
    expect(xapiDuration(3_600_000)).toBe('PT1H');
    expect(xapiDuration(1_500)).toBe('PT1.5S');
    expect(xapiDuration(59_999)).toBe('PT1M');
    expect(xapiDuration(90 * 3_600_000)).toBe('PT90H');
    for (const ms of [0, 1, 999, 252_000, 3_723_450, 86_400_000]) expect(isIsoDuration(xapiDuration(ms))).toBe(true);
  });

  it('refuses a negative or non-finite duration', () => {
    expect(() => xapiDuration(-1)).toThrow(XapiInputError);
    expect(() => xapiDuration(Number.NaN)).toThrow(XapiInputError);
  });
});

describe('ISO 8601 checks', () => {
  it('accepts durations of the grammar and refuses the rest', () => {
    for (const ok of ['PT4M12S', 'P1Y2M3DT4H5M6S', 'P3W', 'PT0.5S', 'PT1.5H', 'P1D', 'PT36H', 'PT0,5S']) expect(isIsoDuration(ok), ok).toBe(true);
    for (const bad of ['P', 'PT', 'P1DT', 'PT4M12', '4M12S', 'PT1.5H3M', 'pt4m', 'PT-1S', 'P1H', '', 42]) expect(isIsoDuration(bad), String(bad)).toBe(false);
  });

  it('accepts date-times with a time zone and a real date', () => {
    expect(isIsoTimestamp('2025-03-14T18:30:00.000Z')).toBe(true);
    expect(isIsoTimestamp('2025-03-14T18:30:00+01:00')).toBe(true);
    for (const bad of ['2025-03-14', '2025-03-14T18:30:00', '2025-02-30T10:00:00Z', '2025-03-14T25:00:00Z', '14/03/2025 18:30', 1_700_000_000_000]) {
      expect(isIsoTimestamp(bad), String(bad)).toBe(false);
    }
  });
});

describe('attemptStatements — a finished attempt played headlessly', () => {
  const session = play(scenario, SUCCESS_PATH);
  const trace = session.trace;
  const statements = attemptStatements(inputOf(trace));
  const turns = turnsOf(trace);

  it('plays to a success (the fixture is what the other tests assume)', () => {
    expect(trace.outcome).toBe('success');
    expect(turns).toHaveLength(SUCCESS_PATH.length);
  });

  it('gives attempted, one responded per turn, completed, scored and passed, in that order', () => {
    expect(verbs(statements)).toEqual(['attempted', ...turns.map(() => 'responded'), 'completed', 'scored', 'passed']);
    expect(statements.map((s) => s.verb.id)).toContain('http://adlnet.gov/expapi/verbs/scored');
    for (const s of statements) expect(s.verb.display['fr-FR']).toBeTruthy();
  });

  it('every statement is valid', () => {
    for (const s of statements) expect(validateStatement(s), s.verb.id).toEqual([]);
    // Also once through JSON, as the export file and the LRS see them.
    for (const s of JSON.parse(JSON.stringify(statements)) as unknown[]) expect(validateStatement(s)).toEqual([]);
  });

  it('ids are deterministic, unique, version 5, and the documented names', () => {
    const again = attemptStatements(inputOf(structuredClone(trace)));
    expect(again).toEqual(statements);
    const ids = statements.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(statements[0]?.id).toBe(uuidv5('attempt-0001:attempted:0', PALIER_XAPI_NAMESPACE));
    expect(byVerb(statements, 'responded').map((s) => s.id)).toEqual(turns.map((t) => uuidv5(`attempt-0001:responded:${t.turn}`, PALIER_XAPI_NAMESPACE)));
    expect(byVerb(statements, 'passed')[0]?.id).toBe(statementId('attempt-0001', 'passed'));
    // Another attempt: no id in common.
    const other = attemptStatements(inputOf(trace, {}, { id: 'attempt-0002' }));
    expect(other.map((s) => s.id).filter((id) => ids.includes(id))).toEqual([]);
  });

  it('identifies the learner by account, never by email', () => {
    for (const s of statements) {
      expect(s.actor).toEqual({ objectType: 'Agent', name: 'Karim B.', account: { homePage: 'https://palier.local', name: 'profile-karim' } });
    }
    expect(JSON.stringify(statements)).not.toContain('mbox');
  });

  it('the scenario is the object, a simulation named in French, its version the context revision', () => {
    const attempted = statements[0];
    expect(attempted?.object).toEqual({
      objectType: 'Activity',
      id: `https://palier.local/scenarios/${scenario.id}`,
      definition: {
        type: 'http://adlnet.gov/expapi/activities/simulation',
        name: { 'fr-FR': scenario.meta.title },
        description: { 'fr-FR': scenario.meta.summary },
      },
    });
    for (const s of statements) {
      expect(s.context.registration).toBe(registrationOf('attempt-0001'));
      expect(s.context.language).toBe('fr-FR');
      expect(s.context.platform).toBe('Palier');
      expect(s.context.revision).toBe(String(scenario.version));
      expect(s.context.extensions[XAPI_EXT.attemptId]).toBe('attempt-0001');
      expect(s.context.extensions[XAPI_EXT.scenarioHash]).toBe(scenario.hash);
    }
  });

  it('each responded carries the acts chosen, the state answered in, and the turn', () => {
    const responded = byVerb(statements, 'responded');
    expect(responded).toHaveLength(turns.length);
    responded.forEach((s, i) => {
      const t = turns[i];
      if (!t) throw new Error('missing turn');
      expect(s.result?.response).toBe(t.acts.join('[,]'));
      expect(t.acts.length).toBeGreaterThan(0);
      expect(s.object.id).toBe(`https://palier.local/scenarios/${scenario.id}/states/${t.stateBefore}`);
      expect(s.object.definition?.type).toBe('http://adlnet.gov/expapi/activities/cmi.interaction');
      expect(s.object.definition?.interactionType).toBe('choice');
      expect(s.object.definition?.name?.['fr-FR']).toBe(scenario.states[t.stateBefore]?.label);
      const choiceIds = s.object.definition?.choices?.map((c) => c.id) ?? [];
      for (const act of t.acts) expect(choiceIds).toContain(act);
      expect(s.context.contextActivities?.parent[0]?.id).toBe(`https://palier.local/scenarios/${scenario.id}`);
      expect(s.context.extensions[XAPI_EXT.turn]).toBe(t.turn);
      expect(s.context.extensions[XAPI_EXT.stateAfter]).toBe(t.stateAfter);
      expect(s.context.extensions[XAPI_EXT.moodAfter]).toBe(t.moodAfter);
      expect(s.context.extensions[XAPI_EXT.engine]).toBe('guided');
      expect(s.timestamp).toBe(new Date(START + STEP * (i + 1)).toISOString());
    });
    // The junior's words are not sent, only the acts.
    const text = turns[0]?.text ?? '';
    expect(text.length).toBeGreaterThan(0);
    expect(JSON.stringify(responded)).not.toContain(text);
  });

  it('the same state always gets the same interaction definition', () => {
    const defs = new Map<string, string>();
    for (const s of byVerb(statements, 'responded')) {
      const json = JSON.stringify(s.object.definition);
      expect(defs.get(s.object.id) ?? json).toBe(json);
      defs.set(s.object.id, json);
    }
  });

  it('completed has completion and the conversation time as an ISO 8601 duration', () => {
    const [completed] = byVerb(statements, 'completed');
    const ms = STEP * SUCCESS_PATH.length; // 252 045 ms
    expect(completed?.result?.completion).toBe(true);
    expect(completed?.result?.duration).toBe('PT4M12.05S');
    expect(xapiDuration(ms)).toBe('PT4M12.05S');
    expect(completed?.timestamp).toBe(new Date(START + ms + 1_000).toISOString());
    expect(statements[0]?.timestamp).toBe('2025-03-14T18:30:00.000Z');
  });

  it('scored carries scaled, raw, min, max and the per-criterion results', () => {
    const card = scoreTrace(scenario, trace);
    const [scored] = byVerb(statements, 'scored');
    expect(scored?.result?.score).toEqual({ scaled: card.percent / 100, raw: card.percent, min: 0, max: 100 });
    const criteria = scored?.result?.extensions?.['https://palier.local/xapi/ext/criteria'] as CriterionExtension[];
    expect(criteria.map((c) => [c.id, c.status, c.points, c.competency])).toEqual(card.criteria.map((c) => [c.id, c.status, c.points, c.competency]));
    expect(criteria.some((c) => c.kind === 'judged' && c.status === 'pending')).toBe(true);
    // Judged criteria still wait for a trainer: the score says it is provisional.
    expect(card.pendingWeight).toBeGreaterThan(0);
    expect(scored?.result?.extensions?.[XAPI_EXT.provisional]).toBe(true);
    expect(scored?.result?.extensions?.[XAPI_EXT.pendingWeight]).toBe(card.pendingWeight);
  });

  it('passed carries success, the score and the duration', () => {
    const [passed] = byVerb(statements, 'passed');
    expect(passed?.verb).toEqual(XAPI_VERBS.passed);
    expect(passed?.result?.success).toBe(true);
    expect(passed?.result?.score?.scaled).toBe(1);
    expect(passed?.result?.duration).toBe('PT4M12.05S');
  });

  it('a custom home page (trailing slash trimmed) and platform are used throughout', () => {
    const list = attemptStatements(inputOf(trace, { homePage: 'https://lrs.example.org/palier/', platform: 'Palier 1.0' }));
    for (const s of list) {
      expect(validateStatement(s)).toEqual([]);
      expect(s.actor.account.homePage).toBe('https://lrs.example.org/palier');
      expect(s.object.id.startsWith('https://lrs.example.org/palier/scenarios/')).toBe(true);
      expect(s.context.platform).toBe('Palier 1.0');
    }
  });
});

describe('attemptStatements — other attempts', () => {
  it('an escalation with a critical criterion missed fails', () => {
    const trace = play(scenario, [1, 1, 1, 1, 1, 1, 1, 1]).trace;
    expect(trace.outcome).toBe('escalation');
    const list = attemptStatements(inputOf(trace));
    expect(verbs(list).slice(-3)).toEqual(['completed', 'scored', 'failed']);
    const failed = list[list.length - 1];
    expect(failed?.result?.success).toBe(false);
    expect(failed?.result?.extensions?.[XAPI_EXT.criticalMissed]).toEqual(scoreTrace(scenario, trace).criticalMissed);
    for (const s of list) expect(validateStatement(s)).toEqual([]);
  });

  it('an attempt still active gives attempted and its responded only; an abandoned one too', () => {
    const trace = play(scenario, [0, 0, 0]).trace;
    expect(verbs(attemptStatements(inputOf(trace)))).toEqual(['attempted', 'responded', 'responded', 'responded']);
    const abandoned = inputOf(trace, {}, { status: 'abandoned', endedAt: START + 200_000, card: scoreTrace(scenario, trace) });
    expect(verbs(attemptStatements(abandoned))).toEqual(['attempted', 'responded', 'responded', 'responded']);
  });

  it('hints and unclear replies do not make responded statements', () => {
    let t = 0;
    const session = createSession(scenario, { seed: 5, now: () => t });
    t += 1_000;
    session.unclear('qsdfqsdf');
    t += 1_000;
    session.hint();
    for (const i of SUCCESS_PATH) {
      t += 10_000;
      session.choose(i);
    }
    const list = attemptStatements(inputOf(session.trace));
    expect(byVerb(list, 'responded')).toHaveLength(SUCCESS_PATH.length);
    expect(byVerb(list, 'completed')[0]?.result?.duration).toBe('PT1M32S');
  });

  it('a replay sends only its own turns, timed from its own start', () => {
    const parent = play(scenario, SUCCESS_PATH).trace;
    const from = 4;
    const cut = parent.entries.findIndex((e) => e.kind === 'turn' && e.turn === from);
    const kept: Trace = { ...structuredClone(parent), entries: structuredClone(parent.entries.slice(0, cut)) };
    delete kept.outcome;
    delete kept.finalState;
    let t = 0;
    const replay = resumeSession(scenario, kept, { now: () => t });
    for (const i of SUCCESS_PATH.slice(from - 1)) {
      t += 5_000;
      replay.choose(i);
    }
    const list = attemptStatements(inputOf(replay.trace, {}, { id: 'attempt-replay', parentId: 'attempt-0001', replayFromTurn: from }));
    const responded = byVerb(list, 'responded');
    expect(responded.map((s) => s.context.extensions[XAPI_EXT.turn])).toEqual([4, 5, 6, 7, 8, 9]);
    expect(responded.map((s) => s.timestamp)).toEqual([1, 2, 3, 4, 5, 6].map((k) => new Date(START + 5_000 * k).toISOString()));
    expect(byVerb(list, 'completed')[0]?.result?.duration).toBe('PT30S');
    for (const s of list) expect(validateStatement(s)).toEqual([]);
  });

  it('a corrected score of record gets new ids for scored and passed/failed only', () => {
    const trace = play(scenario, SUCCESS_PATH).trace;
    const first = attemptStatements(inputOf(trace));
    const card = scoreTrace(scenario, trace);
    const corrected: ScoreCard = { ...card, pendingWeight: 0, percent: 55, criticalMissed: [] };
    const second = attemptStatements(inputOf(trace, { card: corrected, scoreRevision: 1 }));
    expect(verbs(second).slice(-1)).toEqual(['failed']);
    const changed = second.filter((s, i) => s.id !== first[i]?.id).map((s) => s.verb.display['en-US']);
    expect(changed).toEqual(['scored', 'failed']);
    expect(byVerb(second, 'scored')[0]?.id).toBe(statementId('attempt-0001', 'scored', 0, 1));
    expect(byVerb(second, 'scored')[0]?.result?.extensions?.[XAPI_EXT.provisional]).toBe(false);
  });

  it('scores a finished attempt from the trace when it has no card', () => {
    const trace = play(scenario, SUCCESS_PATH).trace;
    const input = inputOf(trace);
    delete input.attempt.card;
    expect(byVerb(attemptStatements(input), 'scored')[0]?.result?.score?.raw).toBe(scoreTrace(scenario, trace).percent);
  });

  it('refuses an attempt, trace or card that is not of this scenario, with the reason', () => {
    const trace = play(scenario, SUCCESS_PATH).trace;
    expect(() => attemptStatements(inputOf(trace, {}, { scenarioHash: 'f'.repeat(64) }))).toThrow(/attempt\.scenarioHash ffffffff/);
    expect(() => attemptStatements(inputOf({ ...trace, scenarioHash: '0'.repeat(64) }))).toThrow(/trace\.scenarioHash 00000000/);
    const card = { ...scoreTrace(scenario, trace), scenarioVersion: scenario.version + 1 };
    expect(() => attemptStatements(inputOf(trace, { card }))).toThrow(/card\.scenarioVersion/);
    expect(() => attemptStatements(inputOf(trace, { homePage: 'palier.local' }))).toThrow(/homePage/);
    expect(() => attemptStatements(inputOf(trace, { learner: { name: 'X', id: ' ' } }))).toThrow(/learner\.id/);
    expect(() => attemptStatements(inputOf(trace, { scoreRevision: -1 }))).toThrow(XapiInputError);
  });
});

describe('passes', () => {
  const card = scoreTrace(scenario, play(scenario, SUCCESS_PATH).trace);
  it('needs a finished success or partial, no critical miss, and the pass mark', () => {
    expect(XAPI_PASS_PERCENT).toBe(80);
    expect(passes({ ...card, outcome: 'success', percent: 80 })).toBe(true);
    expect(passes({ ...card, outcome: 'partial', percent: 92.5 })).toBe(true);
    expect(passes({ ...card, outcome: 'success', percent: 79.9 })).toBe(false);
    expect(passes({ ...card, outcome: 'failure', percent: 100 })).toBe(false);
    expect(passes({ ...card, outcome: 'escalation', percent: 100 })).toBe(false);
    expect(passes({ ...card, outcome: 'success', percent: 100, criticalMissed: ['x'] })).toBe(false);
    expect(passes({ ...card, outcome: undefined, finished: false, percent: 100 })).toBe(false);
    expect(passes({ ...card, outcome: 'success', percent: 70 }, 70)).toBe(true);
  });
});

describe('validateStatement catches planted faults', () => {
  const good = attemptStatements(inputOf(play(scenario, SUCCESS_PATH).trace));
  const scored = byVerb(good, 'scored')[0] as Statement;
  const completed = byVerb(good, 'completed')[0] as Statement;
  const responded = byVerb(good, 'responded')[0] as Statement;
  const DELETE = Symbol('delete');
  /** A copy of `s` with the value at `path` (dot-separated, numbers index lists) replaced or deleted. */
  const plant = (s: Statement, path: string, value: unknown): string[] => {
    const copy = structuredClone(s) as unknown as Record<string, unknown>;
    const keys = path.split('.');
    const last = keys.pop() as string;
    let node: Record<string, unknown> = copy;
    for (const k of keys) node = node[k] as Record<string, unknown>;
    if (value === DELETE) delete node[last];
    else node[last] = value;
    return validateStatement(copy);
  };

  it('the untouched statements are valid (so each fault below is the only problem)', () => {
    for (const s of [scored, completed, responded]) expect(validateStatement(s)).toEqual([]);
  });

  it('a bad UUID, a v4 UUID, a wrong variant, a bad registration', () => {
    expect(plant(scored, 'id', 'not-a-uuid')).toEqual(['id: « not-a-uuid » is not an RFC 4122 UUID']);
    expect(plant(scored, 'id', '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed')).toEqual(['id: « 1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed » is not a version 5 UUID']);
    expect(plant(scored, 'id', '2ed6657d-e927-568b-c5e1-2665a8aea6a2')).toEqual(['id: « 2ed6657d-e927-568b-c5e1-2665a8aea6a2 » is not an RFC 4122 UUID']);
    expect(plant(scored, 'context.registration', 'attempt-0001')).toEqual(['context.registration: « attempt-0001 » is not an RFC 4122 UUID']);
  });

  it('relative IRIs (object, verb, activity type, parent, home page, extension key)', () => {
    expect(plant(scored, 'object.id', 'scenarios/degat')).toEqual(['object.id: « scenarios/degat » is not an absolute http(s) IRI']);
    expect(plant(scored, 'verb.id', 'scored')).toEqual(['verb.id: « scored » is not an absolute http(s) IRI']);
    expect(plant(scored, 'object.definition.type', '/simulation')).toEqual(['object.definition.type: « /simulation » is not an absolute http(s) IRI']);
    expect(plant(responded, 'context.contextActivities.parent.0.id', 'urn:x')).toEqual([
      'context.contextActivities.parent[0].id: « urn:x » is not an absolute http(s) IRI',
    ]);
    expect(plant(scored, 'actor.account.homePage', 'palier.local')).toEqual(['actor.account.homePage: « palier.local » is not an absolute http(s) IRI']);
    expect(plant(scored, 'result.extensions.criteria', [])).toEqual(['result.extensions: key « criteria » is not an absolute http(s) IRI']);
  });

  it('a bad duration or timestamp', () => {
    expect(plant(completed, 'result.duration', 'PT4M12')).toEqual(['result.duration: « PT4M12 » is not an ISO 8601 duration']);
    expect(plant(completed, 'result.duration', '252000')).toEqual(['result.duration: « 252000 » is not an ISO 8601 duration']);
    expect(plant(completed, 'timestamp', '2025-03-14 18:30')).toEqual(['timestamp: « 2025-03-14 18:30 » is not an ISO 8601 date-time with a time zone']);
  });

  it('scores out of bounds', () => {
    expect(plant(scored, 'result.score.scaled', 1.5)).toEqual(['result.score.scaled: 1.5 is outside [-1, 1]']);
    expect(plant(scored, 'result.score.scaled', -1.01)).toEqual(['result.score.scaled: -1.01 is outside [-1, 1]']);
    expect(plant(scored, 'result.score.raw', 101)).toEqual(['result.score.raw: 101 is above max 100']);
    expect(plant(scored, 'result.score.raw', -3)).toEqual(['result.score.raw: -3 is below min 0']);
    expect(plant(scored, 'result.score.min', 100)).toContain('result.score: min 100 is not below max 100');
    expect(plant(scored, 'result.score.scaled', '1')).toEqual(['result.score.scaled: not a number']);
  });

  it('missing actor, verb or object; an actor with two identifiers or none', () => {
    expect(plant(scored, 'actor', DELETE)).toEqual(['actor: missing']);
    expect(plant(scored, 'verb', DELETE)).toEqual(['verb: missing']);
    expect(plant(scored, 'object', DELETE)).toEqual(['object: missing']);
    expect(plant(scored, 'actor.mbox', 'mailto:karim@example.org')).toEqual([
      'actor: needs exactly one identifier (mbox, mbox_sha1sum, openid, account), has 2',
    ]);
    expect(plant(scored, 'actor.account', DELETE)).toEqual(['actor: needs exactly one identifier (mbox, mbox_sha1sum, openid, account), has 0']);
    expect(validateStatement('statement')).toEqual(['statement: not an object']);
  });

  it('bad language maps, interaction type and repeated choices', () => {
    expect(plant(scored, 'verb.display', { 'fr FR': 'a obtenu' })).toEqual(['verb.display: « fr FR » is not a language tag']);
    expect(plant(responded, 'object.definition.interactionType', 'multiple')).toEqual([
      'object.definition.interactionType: « multiple » is not an xAPI interaction type',
    ]);
    const choices = responded.object.definition?.choices ?? [];
    const first = choices[0];
    expect(plant(responded, 'object.definition.choices', [...choices, first])).toEqual([
      `object.definition.choices[${choices.length}]: id « ${first?.id} » is repeated`,
    ]);
  });
});
