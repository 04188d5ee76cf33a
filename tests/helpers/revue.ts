import { readFileSync } from 'node:fs';
import type { CompiledScenario } from '../../src/core/dialogue/compiled.ts';
import { createSession } from '../../src/core/dialogue/session.ts';
import type { TestStep } from '../../src/core/scenario/scenario.schema.ts';
import type { JudgeProposal } from '../../src/core/scoring/judge-request.ts';
import { scoreTrace } from '../../src/core/scoring/score.ts';
import { pendingCount } from '../../src/app/revue/record.ts';
import { PalierDatabase, type Actor, type AttemptRecord, type ReviewRecord } from '../../src/db/db.ts';
import { checkScenario } from '../../src/core/check.ts';
import { compileFile, library } from './scenarios.ts';

/**
 * Fixtures for the Revue: attempts really played on bundled scenarios (their own test replies or
 * any act sequence), as the trainer's device stores them once imported (`reviews` rows), with the
 * scenario's YAML source in `bundleScenarios` as a bundle carries it. Written directly into a test
 * database: the bundle import is tested on its own.
 */

export const TRAINER: Actor = { id: 'p-formatrice', name: 'Nadia (formatrice)' };
export const OTHER_TRAINER: Actor = { id: 'p-formateur', name: 'Julien (formateur)' };
export const DAY = 86_400_000;
/** 2026-03-02 09:00 UTC, a Monday. */
export const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

const compiledCache = new Map<string, CompiledScenario>();
/** YAML source of every scenario version a fixture was played on, by hash. */
const sources = new Map<string, string>();

/** A bundled scenario, compiled from its file (cached). */
export function scenario(id: string): CompiledScenario {
  let c = compiledCache.get(id);
  if (!c) {
    compiledCache.set(id, (c = compileFile(`scenarios/${id}.yaml`)));
    sources.set(c.hash, readFileSync(`scenarios/${id}.yaml`, 'utf8'));
  }
  return c;
}

/**
 * A version of a bundled scenario this app does not ship (a senior's edit): the bundled source
 * changed by `edit`, compiled. Its source reaches the trainer only through `bundleScenarios`.
 */
export function variant(id: string, edit: (yaml: string) => string): CompiledScenario {
  const source = edit(readFileSync(`scenarios/${id}.yaml`, 'utf8'));
  const { compiled, diagnostics } = checkScenario(source, `${id}.yaml`, library(), { lint: false });
  if (!compiled) throw new Error(`variant of ${id} does not compile: ${diagnostics.map((d) => d.code).join(', ')}`);
  sources.set(compiled.hash, source);
  return compiled;
}

/** The YAML source of a fixture's scenario version, as a bundle carries it. */
export function sourceOf(hash: string): string {
  const s = sources.get(hash);
  if (s === undefined) throw new Error(`no source for hash ${hash.slice(0, 8)}`);
  return s;
}

let counter = 0;
/** A fresh database per test (fake-indexeddb). */
export function testDb(): PalierDatabase {
  return new PalierDatabase(`revue-test-${++counter}-${Math.random().toString(36).slice(2)}`);
}

export interface PlayOptions {
  id: string;
  junior: { id: string; name: string };
  /** A bundled scenario id (default degat-des-eaux-nuit), or a compiled version (see {@link variant}). */
  scenario?: string | CompiledScenario;
  /** The scenario's own test replies, or any steps (act ids, act lists, `{ text, expect }`, `{ hint: true }`). */
  path?: 'poor' | 'average' | 'senior' | readonly TestStep[];
  startedAt?: number;
  mode?: 'guided' | 'free';
  voice?: 'scripted' | 'ai';
  /** AI proposals for judged criteria: criterion id → level id. */
  proposals?: Record<string, string>;
  seed?: number;
}

/** Milliseconds between two steps of a fixture attempt. */
export const STEP_MS = 20_000;

/**
 * Plays an attempt on a bundled scenario and returns it as the trainer's device stores it.
 *
 * @example
 * const r = playedReview({ id: 'a1', junior: LEA, path: 'senior', proposals: { ton: 'senior' } });
 */
export function playedReview(o: PlayOptions): ReviewRecord {
  const compiled = typeof o.scenario === 'object' ? o.scenario : scenario(o.scenario ?? 'degat-des-eaux-nuit');
  const steps = typeof o.path === 'string' || o.path === undefined ? compiled.tests[o.path ?? 'senior'] : o.path;
  let t = 0;
  const session = createSession(compiled, { seed: o.seed ?? 7, now: () => t });
  for (const step of steps) {
    if (session.snapshot().done) break;
    t += STEP_MS;
    if (typeof step === 'string') session.reply({ acts: [step], engine: 'script' });
    else if (Array.isArray(step)) session.reply({ acts: [...step], engine: 'script' });
    else if ('hint' in step) session.hint();
    else session.reply({ acts: step.expect === undefined ? [] : typeof step.expect === 'string' ? [step.expect] : [...step.expect], text: step.text, engine: 'script' });
  }
  const trace = session.trace;
  const startedAt = o.startedAt ?? T0;
  const card = scoreTrace(compiled, trace);
  const finished = trace.outcome !== undefined;
  const firstJunior = trace.entries.find((e) => e.kind === 'turn');
  const proposals: JudgeProposal[] = Object.entries(o.proposals ?? {}).map(([criterionId, levelId]) => ({
    criterionId,
    levelId,
    quotes: [firstJunior?.kind === 'turn' && firstJunior.text !== '' ? firstJunior.text : (trace.opening[0]?.text ?? '…')],
    rationale: 'Test proposal.',
    engine: 'llm:ollama/test',
  }));
  const attempt: AttemptRecord = {
    id: o.id,
    profileId: o.junior.id,
    scenarioId: compiled.id,
    scenarioVersion: compiled.version,
    scenarioHash: compiled.hash,
    mode: o.mode ?? 'guided',
    evaluation: false,
    seed: trace.seed,
    status: finished ? 'finished' : 'abandoned',
    startedAt,
    updatedAt: startedAt + t,
    endedAt: startedAt + t + 1_000,
    opening: trace.opening,
    entryCount: trace.entries.length,
    ...(finished ? { outcome: trace.outcome } : {}),
    card,
    ...(o.voice ? { voice: o.voice } : {}),
    ...(proposals.length > 0 ? { proposals } : {}),
  };
  const pending = pendingCount(card);
  return {
    id: o.id,
    junior: o.junior,
    scenarioId: compiled.id,
    scenarioVersion: compiled.version,
    scenarioHash: compiled.hash,
    startedAt,
    attempt,
    entries: trace.entries.map((entry, index) => ({ attemptId: o.id, index, entry })),
    bundleChecksum: 'sha256-test',
    importedAt: startedAt + DAY,
    pending,
    status: pending > 0 ? 'pending' : 'reviewed',
    record: card,
  };
}

/**
 * Writes imported attempts and, unless `sources: false`, the YAML source of each scenario version
 * they were played on (as the bundle import does).
 */
export async function seedReviews(db: PalierDatabase, reviews: readonly ReviewRecord[], options: { sources?: boolean } = {}): Promise<void> {
  await db.reviews.bulkPut([...reviews]);
  if (options.sources === false) return;
  const versions = new Map(reviews.map((r) => [`${r.scenarioId}#${r.scenarioHash}`, r]));
  await db.bundleScenarios.bulkPut([...versions.values()].map((r) => ({ id: r.scenarioId, hash: r.scenarioHash, version: r.scenarioVersion, source: sourceOf(r.scenarioHash) })));
}
