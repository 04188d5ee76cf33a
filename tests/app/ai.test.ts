import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AiAssist, loadAiConfig, saveAiConfig } from '../../src/app/ai.ts';
import { exportProfile } from '../../src/app/data-transfer.ts';
import { openRun, startAttempt } from '../../src/app/practice.ts';
import type { AiConfig } from '../../src/ai/config.ts';
import { EmbeddedUnderstanding } from '../../src/core/understanding/embedded.ts';
import { scenarioExamples } from '../../src/core/understanding/scenario-examples.ts';
import { PalierDatabase } from '../../src/db/db.ts';
import { failOnUnhandledRejection, openaiCompletion, openaiStream, startLoopback, type Loopback } from '../ai/helpers/loopback.ts';
import { compileFile, library, STARTER } from '../helpers/scenarios.ts';

failOnUnhandledRejection();

const starter = compileFile(STARTER);
const embedded = new EmbeddedUnderstanding(scenarioExamples(starter, library().acts.values()));
let db: PalierDatabase;
let server: Loopback;

function configFor(url: string): AiConfig {
  return { provider: 'openai', baseUrl: `${url}/v1`, model: 'test-model', apiKey: 'sk-secret-123', timeoutMs: 2_000 };
}

async function aiRun() {
  const attempt = await startAttempt(db, { profileId: 'p1', scenario: starter, mode: 'free', evaluation: false, seed: 5 });
  const opened = await openRun(db, attempt.id, async () => starter);
  if (!('run' in opened)) throw new Error('cannot open');
  const assist = await AiAssist.start(configFor(server.url));
  if (!(assist instanceof AiAssist)) throw new Error(`AI did not start: ${assist.detail}`);
  return { run: opened.run, assist };
}

beforeEach(async () => {
  db = new PalierDatabase(`test-${crypto.randomUUID()}`);
  server = await startLoopback(openaiStream(['Oh là là, ', 'ça coule ', 'de partout ici !']));
});
afterEach(async () => {
  await server.close();
});

describe('AI settings on the device', () => {
  it('keeps the API key apart, and never in a profile export', async () => {
    await db.profiles.add({ id: 'p1', name: 'Awa', role: 'junior', createdAt: 0 });
    await saveAiConfig(db, configFor('http://127.0.0.1:9'));
    expect(await loadAiConfig(db)).toEqual(configFor('http://127.0.0.1:9'));
    expect((await db.settings.get('ai:config'))?.value).not.toHaveProperty('apiKey');
    const file = JSON.stringify(await exportProfile(db, 'p1'));
    expect(file).not.toContain('sk-secret-123');
    await saveAiConfig(db, undefined);
    expect(await loadAiConfig(db)).toBeUndefined();
  });
});

describe('an AI attempt', () => {
  it('voices the tenant’s line token by token, then stores the model’s words with its engine', async () => {
    const { run, assist } = await aiRun();
    const entry = await run.say('Bonsoir madame, Karim, de la permanence', embedded.understand('Bonsoir madame, Karim, de la permanence'));
    if (!entry || 'code' in entry) throw new Error('turn not committed');
    const seen: string[] = [];
    await assist.voice(run, 0, (_i, text) => seen.push(text));
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe('Oh là là, ça coule de partout ici !');
    const stored = await db.entries.get([run.attempt.id, 0]);
    const line = stored?.entry.kind === 'turn' ? stored.entry.tenant.at(-1) : undefined;
    expect(line).toMatchObject({ text: 'Oh là là, ça coule de partout ici !', engine: 'llm:openai/test-model' });
    expect(assist.available).toBe(true);
  });

  it('keeps the scripted line, with the reason, when the model gives a secret away', async () => {
    const { run, assist } = await aiRun();
    await run.say('Bonsoir madame, Karim', embedded.understand('Bonsoir madame, Karim'));
    server.next(openaiStream(['Et puis j’ai le cœur ', 'fragile, vous savez.']));
    await assist.voice(run, 0, () => undefined);
    const stored = await db.entries.get([run.attempt.id, 0]);
    const line = stored?.entry.kind === 'turn' ? stored.entry.tenant.at(-1) : undefined;
    expect(line?.engine).toBe('scripted');
    expect(line?.fallbackReason).toBe('leak:vit-seule-cardiaque');
    expect(starter.states.ecoute?.lines).toContain(line?.text);
    expect(assist.available).toBe(true);
  });

  it('a server that goes away switches the AI off for the rest of the attempt, nothing lost', async () => {
    const { run, assist } = await aiRun();
    await run.say('Bonsoir madame, Karim', embedded.understand('Bonsoir madame, Karim'));
    await server.close();
    await assist.voice(run, 0, () => undefined);
    expect(assist.available).toBe(false);
    expect(assist.outage?.code).toBe('error:unreachable');
    const stored = await db.entries.get([run.attempt.id, 0]);
    expect(stored?.entry.kind === 'turn' && stored.entry.tenant.at(-1)?.engine).toBe('scripted');
    // The next reply is read by the embedded engine alone, and the conversation goes on.
    const r = await assist.understand('Je comprends que ce soit inquiétant', starter, embedded);
    expect(r.engine).toBe('embedded');
    expect(await run.say('Je comprends que ce soit inquiétant', r)).toMatchObject({ kind: 'turn' });
  });

  it('reads free text with both engines: agreement keeps the acts', async () => {
    const { assist } = await aiRun();
    server.next(openaiCompletion(JSON.stringify({ acts: [{ act: 'greet', evidence: 'Bonsoir madame, Karim', confidence: 0.9 }] })));
    const r = await assist.understand('Bonsoir madame, Karim, de la permanence', starter, embedded);
    expect(r.acts).toEqual(['greet']);
    expect(assist.available).toBe(true);
  });

  it('a malformed answer from the model falls back to the embedded reading, AI still on', async () => {
    const { assist } = await aiRun();
    server.next(openaiCompletion('ceci n’est pas du JSON'));
    const r = await assist.understand('Bonsoir madame, Karim, de la permanence', starter, embedded);
    expect(r).toMatchObject({ acts: ['greet'], engine: 'embedded' });
    expect(assist.available).toBe(true);
  });

  it('proposes levels for judged criteria with quotes found in the transcript, and stores them', async () => {
    const { run, assist } = await aiRun();
    await run.say('Bonsoir madame, Karim, de la permanence', embedded.understand('Bonsoir madame, Karim, de la permanence'));
    server.next(openaiCompletion(JSON.stringify({ level: 'correct', quotes: ['Karim, de la permanence'], rationale: 'Poli et clair.' })));
    const proposals = await assist.judge(run);
    expect(proposals).toEqual([{ criterionId: 'ton', levelId: 'correct', quotes: ['Karim, de la permanence'], rationale: 'Poli et clair.', engine: 'llm:openai/test-model' }]);
    expect((await db.attempts.get(run.attempt.id))?.proposals).toEqual(proposals);
  });

  it('discards a proposal whose quote was never said', async () => {
    const { run, assist } = await aiRun();
    await run.say('Bonsoir madame', embedded.understand('Bonsoir madame'));
    server.next(openaiCompletion(JSON.stringify({ level: 'senior', quotes: ['Je vous garantis que tout ira bien'], rationale: 'Rassurant.' })));
    expect(await assist.judge(run)).toEqual([]);
    expect((await db.attempts.get(run.attempt.id))?.proposals).toBeUndefined();
  });
});
