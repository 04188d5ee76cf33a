/**
 * npm run bench — speed and accuracy figures, printed (never asserted: these machines are shared
 * and noisy; tests guard correctness, this guards the targets by showing them). About 7 to 8
 * minutes; `-- --no-scale`, `-- --no-lighthouse` or `-- --no-browser` leave out the longest parts
 * (the scale figures, Lighthouse, everything in Chromium); `-- --only-trainer` keeps only the
 * trainer's device of the scale figures.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Bench } from 'tinybench';
import { parse } from 'yaml';
import { checkScenario } from '../../src/core/check.ts';
import type { CompiledScenario } from '../../src/core/dialogue/compiled.ts';
import { createSession } from '../../src/core/dialogue/session.ts';
import { lintScenario } from '../../src/core/lint/lint.ts';
import { EmbeddedUnderstanding } from '../../src/core/understanding/embedded.ts';
import { crossValidate, evaluateHeldOut } from '../../src/core/understanding/evaluate.ts';
import { freeTextActs, scenarioExamples } from '../../src/core/understanding/scenario-examples.ts';
import { loadLibrary, scenarioFiles } from '../../scripts/lib/files.ts';
import { browserFigures } from './browser.ts';
import { lighthouseFigures, type CategoryId } from './lighthouse.ts';
import { COHORT, REVIEWS_READ, scaleFigures, TOTAL, type Timing } from './scale.ts';
import { servedBuild } from './serve.ts';

const { library } = loadLibrary();
const files = scenarioFiles([]).files.map((f) => ({ name: basename(f), text: readFileSync(f, 'utf8'), path: f }));
const heldOut = (parse(readFileSync('tests/fixtures/understanding/heldout.yaml', 'utf8')) as { heldout: Record<string, string[]> }).heldout;
const sharedExamples = Object.fromEntries([...library.acts.values()].map((a) => [a.id, a.examples]));

const rows: Array<[string, string, string, string]> = [];
const row = (what: string, value: string, target: string, ok: boolean | undefined): void => {
  rows.push([what, value, target, ok === undefined ? '' : ok ? 'ok' : 'MISSED']);
};
const ms = (x: number): string => `${x.toFixed(3)} ms`;
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

function p95(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(0.95 * s.length))] ?? 0;
}

// 1. Parse + validate + compile, per scenario
const compiled: Array<{ name: string; c: CompiledScenario }> = [];
{
  const bench = new Bench({ time: 400, warmupTime: 100 });
  for (const f of files) {
    bench.add(f.name, () => {
      checkScenario(f.text, f.name, library, { lint: false });
    });
    const r = checkScenario(f.text, f.name, library, { lint: false });
    if (r.compiled) compiled.push({ name: f.name, c: r.compiled });
  }
  await bench.run();
  for (const t of bench.tasks) {
    const lat = t.result.state === 'completed' ? t.result.latency : undefined;
    const mean = lat?.mean ?? Number.NaN;
    row(`parse + validate + compile · ${t.name}`, `${ms(mean)} (p99 ${ms(lat?.p99 ?? Number.NaN)})`, '< 20 ms', mean < 20);
  }
}

// 2. One turn of a session (guided choice → machine → tenant line → trace entry)
for (const { name, c } of compiled) {
  const samples: number[] = [];
  let session = createSession(c, { seed: 1 });
  let i = 0;
  while (samples.length < 5000) {
    if (session.snapshot().done) session = createSession(c, { seed: ++i });
    const choices = session.snapshot().choices;
    const pick = (samples.length * 7 + i) % choices.length;
    const t0 = performance.now();
    session.choose(pick);
    samples.push(performance.now() - t0);
  }
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  row(`one turn of a session · ${name}`, `${ms(mean)} (p95 ${ms(p95(samples))})`, '< 1 ms', mean < 1);
}

// 3. Understanding: time per reply, and top-1 accuracy on held-out phrasings never used in training
{
  const engine = new EmbeddedUnderstanding(sharedExamples);
  const replies = Object.values(heldOut).flat();
  for (let w = 0; w < 200; w++) engine.understand(replies[w % replies.length] ?? '');
  const samples: number[] = [];
  for (let k = 0; k < 5; k++) {
    for (const r of replies) {
      const t0 = performance.now();
      engine.understand(r);
      samples.push(performance.now() - t0);
    }
  }
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  row('understanding per reply (embedded)', `${ms(mean)} (p95 ${ms(p95(samples))})`, '< 2 ms', mean < 2);
  const report = evaluateHeldOut(engine, heldOut);
  row(`top-1 accuracy, held-out phrasings (${report.total}, shared acts)`, pct(report.accuracy), '≥ 80 %', report.accuracy >= 0.8);
  const cv = crossValidate(sharedExamples, 5);
  row(`top-1 accuracy, 5-fold cross-validation on the examples (${cv.total})`, pct(cv.accuracy), 'information', undefined);
  for (const { name, c } of compiled) {
    const scenarioEngine = new EmbeddedUnderstanding(scenarioExamples(c, library.acts.values()));
    const used = new Set([...freeTextActs(c)].filter((a) => heldOut[a]));
    const r = evaluateHeldOut(scenarioEngine, heldOut, used);
    row(`top-1 accuracy, held-out phrasings of the acts used · ${name} (${r.total})`, pct(r.accuracy), '≥ 85 % (library issue)', r.accuracy >= 0.85);
  }
}

// 4. Lint (graph exploration), per scenario — for information
for (const { name, c } of compiled) {
  const t0 = performance.now();
  const report = lintScenario(c, library, { today: '2026-11-29' });
  const dt = performance.now() - t0;
  row(`lint · ${name}`, `${ms(dt)} (${report.exploration.nodes} situations)`, 'information', undefined);
}

// 5–7. In Chromium, on the production build: JavaScript of the first screen and a guided choice to
// the tenant's line on screen; Lighthouse; the scale figures over 10,000 attempts.
if (process.argv.includes('--no-browser')) {
  row('browser figures', 'skipped (--no-browser)', '', undefined);
} else {
  const notMeasured = (what: string, e: unknown): void =>
    row(what, `not measured: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, 'needs /usr/bin/chromium', false);
  let served: Awaited<ReturnType<typeof servedBuild>> | undefined;
  try {
    served = await servedBuild();
  } catch (e) {
    notMeasured('production build', e);
  }
  if (served) {
    try {
      const b = await browserFigures(served.base, 50);
      row(`first screen JavaScript, new device (${b.firstScreenNew.files} files)`, `${b.firstScreenNew.kb} KB gzip`, '≤ 100 KB', b.firstScreenNew.kb <= 100);
      row(`first screen JavaScript, returning user (${b.firstScreenReturning.files} files)`, `${b.firstScreenReturning.kb} KB gzip`, '≤ 100 KB', b.firstScreenReturning.kb <= 100);
      row(`guided choice → tenant's line on screen, committed (${b.choiceToLine.samples} turns, Chromium)`, `p50 ${ms(b.choiceToLine.p50)}, p95 ${ms(b.choiceToLine.p95)}`, 'p95 ≤ 16 ms', b.choiceToLine.p95 <= 16);
      row('  … to the next animation frame (painted)', `p50 ${ms(b.choiceToFrame.p50)}, p95 ${ms(b.choiceToFrame.p95)}`, 'information', undefined);
      const ft = b.firstToken;
      row(
        `AI voice: first token on screen ÷ raw fetch first byte (${ft.samples} runs, model ${ft.modelDelayMs} ms)`,
        `${ft.ratio} (${ms(ft.palierMs)} / ${ms(ft.rawMs)})`,
        '≤ 1.10',
        ft.ratio <= 1.1,
      );
      row('  reference: one raw IndexedDB write here', `p50 ${ms(b.rawIndexedDbWrite.p50)}, p95 ${ms(b.rawIndexedDbWrite.p95)}`, 'information', undefined);
    } catch (e) {
      notMeasured('browser figures', e);
    }
    if (process.argv.includes('--no-lighthouse')) row('Lighthouse', 'skipped (--no-lighthouse)', '', undefined);
    else {
      try {
        lighthouseRows(await lighthouseFigures(served.base));
      } catch (e) {
        notMeasured('Lighthouse', e);
      }
    }
    if (process.argv.includes('--no-scale')) row('scale figures', 'skipped (--no-scale)', '', undefined);
    else {
      try {
        scaleRows(await scaleFigures(served.base, { junior: !process.argv.includes('--only-trainer') }));
      } catch (e) {
        notMeasured('scale figures', e);
      }
    }
    await served.close();
  }
}

function lighthouseRows(r: Awaited<ReturnType<typeof lighthouseFigures>>): void {
  const targets: Record<CategoryId, [string, number]> = { performance: ['≥ 95', 95], accessibility: ['100', 100], 'best-practices': ['≥ 95', 95] };
  for (const [name, run] of [
    ['first screen (/), new device', r.firstScreen],
    ['catalogue (#/entrainement), returning junior', r.catalogue],
  ] as const) {
    for (const id of ['performance', 'accessibility', 'best-practices'] as const) {
      const [target, min] = targets[id];
      const score = run.scores[id];
      const m = run.metrics;
      const value = id === 'performance' ? `${score} (runs ${run.performanceRuns.join(', ')}; FCP ${m.fcp}, LCP ${m.lcp}, TBT ${m.tbt}, CLS ${m.cls})` : String(score);
      row(`Lighthouse (mobile) · ${name} · ${id}`, value, target, score >= min);
      if (score < min) {
        const costs = run.failing[id].slice(0, 4).map((a) => `${a.id}${a.displayValue ? ` ${a.displayValue}` : ''}${a.cost > 0 ? ` (−${a.cost.toFixed(1)})` : ''}`);
        row('  what costs points', costs.join('; ') || '—', 'information', undefined);
        if (id === 'performance' && run.opportunities.length > 0) {
          row('  opportunities (estimated savings)', run.opportunities.slice(0, 3).map((o) => `${o.id} ${o.savingsMs} ms`).join('; '), 'information', undefined);
        }
      }
    }
    row(`  report (CPU benchmark index ${run.benchmarkIndex}, ${(run.ms / 1000).toFixed(0)} s)`, run.report, 'information', undefined);
  }
}

function scaleRows(s: Awaited<ReturnType<typeof scaleFigures>>): void {
  const t = s.templates;
  const n = TOTAL.toLocaleString('en');
  const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
  const timing = (x: Timing): string =>
    `p50 ${ms(x.p50)}, p95 ${ms(x.p95)} (${x.samples === 1 ? '1 run, too slow to repeat' : `${x.samples} runs; first ${ms(x.first)}`}; next frame p95 ${ms(x.frameP95)})`;
  row(
    `scale: ${n} attempts × 30 entries, clones of ${t.attempts} real attempts (${t.scenarios} scenarios, ${t.juniors} juniors, ${t.decisions} decisions, ${t.annotations} notes)`,
    `templates played in ${(t.ms / 1000).toFixed(0)} s`,
    'information',
    undefined,
  );
  const junior = s.junior;
  if (junior) {
    row(`catalogue (#/entrainement), one junior with ${n} attempts: navigation → cards with results`, timing(junior.catalogue), 'p95 ≤ 100 ms', junior.catalogue.p95 <= 100);
    row(`progression (#/progression), same junior: navigation → history list`, timing(junior.progress), 'p95 ≤ 100 ms', junior.progress.p95 <= 100);
    row('  … first visit after the attempts were written elsewhere (progress built from them, then stored)', ms(junior.firstVisitMs), 'information', undefined);
    row(`  … their read alone (IndexedDB getAll of the ${n} attempts, Chromium)`, ms(junior.readMs), 'information', undefined);
    row('  … the progression\'s computing alone (Node: sort, progress report, history rows)', ms(junior.computeMs), 'information', undefined);
    row('  … points listed in the progression\'s mastery table (every observation, each formatted)', junior.trendPoints.toLocaleString('en'), 'information', undefined);
    row(`  reference: getAll of ${n} per-attempt summaries (${kb(junior.summaryBytes)} JSON each), Chromium`, ms(junior.summaryReadMs), 'information', undefined);
  } else row('junior device (catalogue, progression, storage)', 'skipped (--only-trainer)', '', undefined);
  row(`trainer dashboards (#/revue/tableaux), ${n} imported attempts, ${COHORT} juniors, ${s.trainer.events.toLocaleString('en')} review events: navigation → heat map`, timing(s.trainer.dashboards), 'p95 ≤ 300 ms', s.trainer.dashboards.p95 <= 300);
  row(
    `  … their read alone (IndexedDB getAll of ${REVIEWS_READ.toLocaleString('en')} of the ${n} reviews, Chromium; × ${TOTAL / REVIEWS_READ} for all)`,
    `${ms(s.trainer.readMs)} (≈ ${(((s.trainer.readMs * TOTAL) / REVIEWS_READ) / 1000).toFixed(1)} s)`,
    'information',
    undefined,
  );
  row('  … first visit of a session (page reloaded, digests stored: the screen\'s code loaded, the digests decoded)', ms(s.trainer.coldMs), 'information', undefined);
  row('  … after the rows were written elsewhere and a reload: unlocking → digests made from every row (once)', ms(s.trainer.buildMs), 'information', undefined);
  row(`  … the digests (${kb(s.trainer.digestBytes)} of JSON): decoding (Node) / the dashboards' computing over them (Node)`, `${ms(s.trainer.decodeMs)} / ${ms(s.trainer.computeMs)}`, 'information', undefined);
  row(`Revue inbox (#/revue) after unlocking, ${n} imported attempts: → first row listed`, ms(s.trainer.inboxMs), 'information', undefined);
  if (junior) {
    const st = junior.storage;
    row(
      'storage per attempt, junior device (navigator.storage.estimate delta ÷ attempts)',
      `${kb(st.estimatePerAttempt)} (files on disk: ${kb(st.diskPerAttempt)}; JSON: attempt ${kb(s.json.attempt)} + entries ${kb(s.json.entries)})`,
      '≤ 15 KB',
      st.estimatePerAttempt <= 15 * 1024,
    );
  }
  row(
    '  per imported attempt, trainer device',
    `${kb(s.trainer.storage.estimatePerAttempt)} (files on disk: ${kb(s.trainer.storage.diskPerAttempt)}; JSON of a review row: ${kb(s.json.review)})`,
    'information',
    undefined,
  );
  row('  writing the 10,000 attempts (junior / trainer device)', `${junior ? (junior.seedMs / 1000).toFixed(1) : '—'} s / ${(s.trainer.seedMs / 1000).toFixed(1)} s`, 'information', undefined);
}

const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0), 6));
const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
process.stdout.write(`Palier benchmarks — Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n\n`);
process.stdout.write(`${line(['measure', 'value', 'target', ''])}\n`);
for (const r of rows) process.stdout.write(`${line(r)}\n`);
