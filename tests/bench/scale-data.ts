import 'fake-indexeddb/auto';
import { applyBundle, exportBundle, readBundle } from '../../src/app/revue/bundle.ts';
import { dashboardsOf, digestsOfRows } from '../../src/app/revue/dashboards.ts';
import { decodeDigest, encodeDigest } from '../../src/app/revue/digest.ts';
import { scenarioMetas } from '../../src/app/revue/replay.ts';
import { annotate, decide, gateSettings } from '../../src/app/revue/review.ts';
import { openRun, startAttempt } from '../../src/app/practice.ts';
import type { CompiledScenario } from '../../src/core/dialogue/compiled.ts';
import { createSession, type Session } from '../../src/core/dialogue/session.ts';
import type { JudgeProposal } from '../../src/core/scoring/judge-request.ts';
import { EmbeddedUnderstanding } from '../../src/core/understanding/embedded.ts';
import { scenarioExamples } from '../../src/core/understanding/scenario-examples.ts';
import { PalierDatabase, type AttemptRecord, type BundleScenarioRecord, type EntryRecord, type ReviewEventRecord, type ReviewRecord } from '../../src/db/db.ts';
import { bundledScenarios, library } from '../helpers/scenarios.ts';
import { historyRows } from '../../src/app/history.ts';
import { progressReport } from '../../src/core/progress/progress.ts';
import { cloneAttempt, cloneReview, cloneReviewEvents, type ScaleTemplates } from './scale-clone.ts';

/**
 * Real attempts for the scale figures, made by the app's own code in Node (fake-indexeddb): a few
 * hundred attempts played through `practice.ts` on every bundled scenario, exported with the
 * app's profile export; then sent to a trainer as attempt bundles (`exportBundle` → `readBundle`
 * → `applyBundle`), reviewed with `decide` and `annotate`. `scale.ts` clones them to 10,000 in
 * Chromium. Loaded through Vite's module runner: the Revue's modules read the bundled catalogue,
 * a virtual module of the build.
 *
 * **30 entries per attempt.** The bundled scenarios end within 14–24 junior turns (their turn
 * limits), so an attempt reaches 30 trace entries the way a real free-text attempt does: replies
 * the embedded understanding does not place (the tenant asks to rephrase: `unclear` entries) and
 * hints, between the turns. Every attempt is free text (`mode: 'free'`), understood by the real
 * embedded engine; it is the larger shape (each turn keeps the engine's scores), so the storage
 * figure errs on the high side.
 *
 * **AI proposals** cannot come from a model here: 40 % of the attempts carry proposals for their
 * judged criteria in the shape the app's judge stores (`ai.ts`), with a quote from the junior's
 * own words — so the dashboards' agreement section has pairs to count.
 */

/** Replies the embedded understanding does not place (checked per scenario: only abstentions are used). */
const FILLERS = ['Euh… attendez.', 'Hmm, oui, non, enfin je sais pas.', 'Pardon, je reprends.', 'Attendez, je cherche mes mots.', 'Bon.', 'Oui oui.', 'Comment dire…', 'Ah.', 'Donc voilà quoi.', 'Mmh.', 'Alors euh.'];
export const ENTRIES_PER_ATTEMPT = 30;
const TRAINER = { id: 'bench-formatrice', name: 'Nadia (formatrice)' };
/** 2026-03-02 09:00 UTC. */
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

type Step = { kind: 'say'; text: string } | { kind: 'hint' };

/** A small deterministic generator (mulberry32), so every run plays the same attempts. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Player {
  compiled: CompiledScenario;
  engine: EmbeddedUnderstanding;
  fillers: string[];
}

function apply(session: Session, engine: EmbeddedUnderstanding, step: Step): boolean {
  if (step.kind === 'hint') return session.hint() !== undefined;
  const u = engine.understand(step.text);
  if (u.abstained) return session.unclear(step.text, u.engine) !== undefined;
  return session.reply({ acts: u.acts, text: step.text, engine: u.engine, scores: Object.fromEntries(u.candidates.map((c) => [c.act, c.score])) }) !== undefined;
}

/**
 * The steps of one attempt of exactly {@link ENTRIES_PER_ATTEMPT} entries ending in a final state,
 * or undefined when this seed's walk is longer: a walk through the offered replies (the first one
 * more often), typed as free text, then fillers and hints inserted before its last reply.
 */
function plan(p: Player, seed: number): Step[] | undefined {
  const rnd = random(seed);
  const walk: Step[] = [];
  const dry = createSession(p.compiled, { seed, now: () => 0 });
  while (!dry.snapshot().done && walk.length < 60) {
    const choices = dry.snapshot().choices;
    const c = rnd() < 0.55 ? choices[0] : choices[Math.floor(rnd() * choices.length)];
    if (!c) return undefined;
    const step: Step = { kind: 'say', text: c.text };
    apply(dry, p.engine, step);
    walk.push(step);
  }
  const missing = ENTRIES_PER_ATTEMPT - dry.trace.entries.length;
  if (!dry.snapshot().done || missing < 0) return undefined;
  const steps = walk.slice(0, -1);
  for (let k = 0; k < missing; k++) {
    const at = Math.floor(rnd() * (steps.length + 1));
    steps.splice(at, 0, rnd() < 0.2 ? { kind: 'hint' } : { kind: 'say', text: p.fillers[Math.floor(rnd() * p.fillers.length)] ?? 'Euh… attendez.' });
  }
  steps.push(walk[walk.length - 1] as Step);
  // A hint where the state has none adds no entry: check the whole attempt once more.
  const check = createSession(p.compiled, { seed, now: () => 0 });
  for (const s of steps) apply(check, p.engine, s);
  return check.snapshot().done && check.trace.entries.length === ENTRIES_PER_ATTEMPT ? steps : undefined;
}

/** Plays planned steps through the practice module (each entry committed as the app commits it). */
async function play(db: PalierDatabase, p: Player, profileId: string, steps: Step[], seed: number, now: number): Promise<AttemptRecord> {
  const started = await startAttempt(db, { profileId, scenario: p.compiled, mode: 'free', evaluation: false, seed, now });
  const opened = await openRun(db, started.id, async () => p.compiled);
  if (!('run' in opened)) throw new Error(`cannot open the attempt: ${opened.error.code}`);
  for (const s of steps) {
    const r = s.kind === 'hint' ? await opened.run.hint() : await opened.run.say(s.text, p.engine.understand(s.text));
    if (!r || 'code' in r) throw new Error(`a step was refused: ${JSON.stringify(r)}`);
  }
  const attempt = await db.attempts.get(started.id);
  if (attempt?.status !== 'finished' || attempt.entryCount !== ENTRIES_PER_ATTEMPT) throw new Error(`attempt ${started.id} did not end as planned`);
  return attempt;
}

/** Proposals for the judged criteria, in the shape `ai.ts` stores them. */
function proposalsFor(p: Player, entries: readonly EntryRecord[], rnd: () => number): JudgeProposal[] {
  const said = entries.flatMap((e) => (e.entry.kind === 'turn' && e.entry.text !== '' ? [e.entry.text] : []));
  return p.compiled.rubric.criteria.flatMap((c) => {
    if (!('judged' in c)) return [];
    const levels = c.judged.levels;
    const level = levels[Math.floor(rnd() * levels.length)] ?? levels[0];
    if (!level) return [];
    return [{ criterionId: c.id, levelId: level.id, quotes: [said[Math.floor(rnd() * said.length)] ?? '…'], rationale: 'La formulation reste correcte mais générale ; la locataire doit répéter sa demande.', engine: 'llm:ollama/bench' }];
  });
}

export interface TemplateStats {
  attempts: number;
  juniors: number;
  scenarios: number;
  rejectedWalks: number;
  decisions: number;
  annotations: number;
  ms: number;
}

/**
 * Plays `perScenario` attempts on each bundled scenario for `juniors` juniors (round robin), and
 * returns the junior-side templates (the profile export of each junior) and the trainer-side ones
 * (after importing every junior's bundle and reviewing part of them).
 */
export async function scaleTemplates(perScenario = 20, juniors = 8): Promise<ScaleTemplates & { stats: TemplateStats }> {
  const t0 = performance.now();
  const shared = [...library().acts.values()];
  const players: Player[] = bundledScenarios().map(({ compiled }) => {
    const engine = new EmbeddedUnderstanding(scenarioExamples(compiled, shared));
    return { compiled, engine, fillers: FILLERS.filter((f) => engine.understand(f).abstained) };
  });
  const db = new PalierDatabase(`bench-juniors-${Date.now()}`);
  const profiles = Array.from({ length: juniors }, (_, i) => ({ id: `bench-junior-${i + 1}`, name: `Junior ${i + 1}`, role: 'junior' as const, createdAt: T0 }));
  await db.profiles.bulkAdd(profiles);
  const rnd = random(2026);
  let rejectedWalks = 0;
  let n = 0;
  for (const p of players) {
    let seed = 1;
    for (let k = 0; k < perScenario; k++) {
      let steps: Step[] | undefined;
      while (!(steps = plan(p, seed))) {
        seed++;
        rejectedWalks++;
        if (seed > 5_000) throw new Error(`no walk of ${ENTRIES_PER_ATTEMPT} entries on ${p.compiled.id}`);
      }
      const profile = profiles[n % juniors] as (typeof profiles)[number];
      const attempt = await play(db, p, profile.id, steps, seed, T0 + n * 3_600_000);
      if (rnd() < 0.4) {
        const entries = await db.entries.where('attemptId').equals(attempt.id).sortBy('index');
        const proposals = proposalsFor(p, entries, rnd);
        if (proposals.length > 0) await db.attempts.put({ ...attempt, proposals });
      }
      seed++;
      n++;
    }
  }

  // Junior side: each junior's rows as the app stored them (cards without their rubric's texts,
  // which are kept once per rubric: src/app/card-texts.ts).
  const junior: ScaleTemplates['junior'] = { attempts: [], entries: [], rubricTexts: await db.rubricTexts.toArray() };
  for (const profile of profiles) {
    const attempts = (await db.attempts.where('profileId').equals(profile.id).toArray()).sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : 1));
    if (attempts.length === 0) throw new Error(`no attempts for ${profile.id}`);
    junior.attempts.push(...attempts);
    for (const a of attempts) junior.entries.push(...(await db.entries.where('attemptId').equals(a.id).sortBy('index')));
  }

  // Trainer side: every junior's bundle imported, then part of the attempts reviewed.
  const trainerDb = new PalierDatabase(`bench-trainer-${Date.now()}`);
  for (const profile of profiles) {
    const ids = junior.attempts.filter((a) => a.profileId === profile.id).map((a) => a.id);
    const { text } = await exportBundle(db, profile.id, ids, new Date(T0));
    const report = await readBundle(trainerDb, text);
    if (!report.ok) throw new Error(`bundle of ${profile.name} refused: ${JSON.stringify(report.problems.slice(0, 3))}`);
    await applyBundle(trainerDb, report, T0 + 86_400_000);
  }
  let decisions = 0;
  let annotations = 0;
  const compiledOf = new Map(players.map((p) => [p.compiled.hash, p.compiled]));
  for (const review of (await trainerDb.reviews.toArray()).sort((a, b) => a.startedAt - b.startedAt)) {
    const compiled = compiledOf.get(review.scenarioHash);
    if (!compiled || rnd() >= 0.35) continue;
    // A reviewed attempt: each judged criterion decided (agreeing with the AI 70 % of the time),
    // sometimes a rule criterion corrected, and a note on one turn.
    for (const c of compiled.rubric.criteria) {
      if ('judged' in c) {
        const proposed = review.attempt.proposals?.find((p) => p.criterionId === c.id)?.levelId;
        const levels = c.judged.levels;
        const levelId = proposed && rnd() < 0.7 ? proposed : (levels[Math.floor(rnd() * levels.length)]?.id ?? '');
        const r = await decide(trainerDb, review.id, c.id, { levelId }, 'Écouté : la reformulation est là, la proposition concrète manque.', TRAINER, T0 + 2 * 86_400_000 + decisions * 60_000);
        if (r.ok) decisions++;
      } else if (rnd() < 0.05) {
        const played = review.attempt.card?.criteria.find((x) => x.id === c.id);
        const status = played?.status === 'met' ? 'missed' : 'met';
        const r = await decide(trainerDb, review.id, c.id, { status }, 'Corrigé à l’écoute de l’échange.', TRAINER, T0 + 2 * 86_400_000 + decisions * 60_000);
        if (r.ok) decisions++;
      }
    }
    if (rnd() < 0.5) {
      const r = await annotate(trainerDb, review.id, 1, 'Ici, reformuler avant de proposer une solution.', TRAINER, T0 + 2 * 86_400_000);
      if (r.ok) annotations++;
    }
  }
  const trainer = {
    reviews: await trainerDb.reviews.toArray(),
    events: await trainerDb.reviewEvents.orderBy('seq').toArray(),
    bundleScenarios: await trainerDb.bundleScenarios.toArray(),
  };
  db.close();
  trainerDb.close();
  return {
    junior,
    trainer,
    stats: { attempts: n, juniors, scenarios: players.length, rejectedWalks, decisions, annotations, ms: performance.now() - t0 },
  };
}

/**
 * The dashboards' computing alone, in Node, over `total` cloned imported attempts already in
 * memory: their digests (one per scenario, as `digest.ts` stores them), decoded, then
 * `dashboardsOf` — what the page does after its read on a first visit in a session (later visits
 * reuse both while nothing changed). Median of 3 each. `revueDashboards` itself over
 * fake-indexeddb is not timed: there the read is fake-indexeddb's, which says nothing of a browser's.
 */
export async function nodeDashboards(t: ScaleTemplates, total: number, cohort: number): Promise<{ decodeMs: number; computeMs: number; digestBytes: number }> {
  const db = new PalierDatabase(`bench-dashboards-${Date.now()}`);
  await db.bundleScenarios.bulkPut(t.trainer.bundleScenarios as BundleScenarioRecord[]);
  const reviews: ReviewRecord[] = [];
  const events: ReviewEventRecord[] = [];
  for (let i = 0; i < total; i++) {
    const template = t.trainer.reviews[i % t.trainer.reviews.length] as ReviewRecord;
    const clone = cloneReview(template, i, cohort);
    reviews.push(clone);
    events.push(...cloneReviewEvents(t.trainer.events, template.id, clone.id, i).map((e, k) => ({ ...e, seq: events.length + k + 1 })));
  }
  const { catalogue, competencies } = await import('../../src/app/scenarios.ts');
  const scenarios = await scenarioMetas(db, [...catalogue.map((e) => e.id), ...reviews.map((r) => r.scenarioId)]);
  const gate = await gateSettings(db);
  const now = Date.now();
  const stored = digestsOfRows(reviews, events).map((d) => ({ scenarioId: d.scenarioId, json: encodeDigest(d) }));
  const median = (samples: number[]): number => [...samples].sort((a, b) => a - b)[1] ?? 0;
  const decodes: number[] = [];
  const computes: number[] = [];
  for (let k = 0; k < 4; k++) {
    let t0 = performance.now();
    const digests = stored.map((d) => decodeDigest(d.scenarioId, d.json)!);
    if (k > 0) decodes.push(performance.now() - t0);
    t0 = performance.now();
    const d = dashboardsOf({ digests, scenarios, competencies, gate, now });
    if (k > 0) computes.push(performance.now() - t0);
    if (d.juniors.length !== cohort) throw new Error(`dashboards show ${d.juniors.length} juniors, expected ${cohort}`);
  }
  db.close();
  await db.delete();
  return { decodeMs: median(decodes), computeMs: median(computes), digestBytes: stored.reduce((n, d) => n + Buffer.byteLength(d.json), 0) };
}

/**
 * The progression's computing alone, in Node, over `total` cloned attempts already in memory: what
 * `progressView` does after its read (sort, progress report, history rows). Median of 5.
 */
export async function nodeProgress(t: ScaleTemplates, total: number): Promise<number> {
  const { catalogue, competencies } = await import('../../src/app/scenarios.ts');
  const attempts = Array.from({ length: total }, (_, i) => cloneAttempt(t.junior.attempts[i % t.junior.attempts.length] as AttemptRecord, i, 'bench-junior'));
  const now = Date.now();
  const samples: number[] = [];
  for (let k = 0; k < 6; k++) {
    const t0 = performance.now();
    const sorted = [...attempts].sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    progressReport({ attempts: sorted, scenarios: catalogue, competencyOrder: competencies.map((c) => c.id), now });
    historyRows(sorted);
    if (k > 0) samples.push(performance.now() - t0);
  }
  return [...samples].sort((a, b) => a - b)[2] ?? 0;
}
