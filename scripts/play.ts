/**
 * npm run play -- scenarios/<file>.yaml [--free] [--seed=N] [--lang=en]
 *
 * Plays a scenario in the terminal and prints the ScoreCard. Guided mode (default): type the
 * number of a reply. Free text (--free): type your own words; the embedded understanding reads
 * them. In both: « ? » shows the senior's hint, « q » abandons. Scriptable from stdin:
 *   printf '1\n1\n1\n' | npm run play -- scenarios/degat-des-eaux-nuit.yaml
 */
import { createInterface } from 'node:readline';
import { checkScenario } from '../src/core/check.ts';
import { formatDiagnostic, hasErrors, type Lang } from '../src/core/diagnostics/diagnostic.ts';
import { createSession, type Session } from '../src/core/dialogue/session.ts';
import type { TenantLine } from '../src/core/dialogue/trace.ts';
import { scoreTrace } from '../src/core/scoring/score.ts';
import { EmbeddedUnderstanding } from '../src/core/understanding/embedded.ts';
import { scenarioExamples } from '../src/core/understanding/scenario-examples.ts';
import { display, loadLibrary, readText } from './lib/files.ts';
import { scorecardText } from './lib/scorecard-text.ts';

const T = {
  fr: {
    usage: 'Usage : npm run play -- scenarios/<fichier>.yaml [--free] [--seed=N] [--lang=en]',
    invalid: 'Ce scénario contient des erreurs ; corrigez-les avant de jouer :',
    guided: 'Mode guidé : tapez le numéro de votre réponse. « ? » indice, « q » abandonner.',
    free: 'Texte libre : écrivez votre réponse. « ? » indice, « q » abandonner.',
    tenant: 'Locataire',
    you: 'Vous',
    hint: 'Indice du senior',
    noHint: '(pas d’indice pour cette étape)',
    pick: (n: number) => `Tapez un numéro entre 1 et ${n}.`,
    understood: 'compris comme',
    abandoned: 'Séance abandonnée.',
    ended: 'Fin de l’entrée : la conversation n’est pas terminée.',
    mood: 'humeur',
  },
  en: {
    usage: 'Usage: npm run play -- scenarios/<file>.yaml [--free] [--seed=N] [--lang=en]',
    invalid: 'This scenario has errors; fix them before playing:',
    guided: 'Guided mode: type the number of your reply. "?" hint, "q" abandon.',
    free: 'Free text: type your reply. "?" hint, "q" abandon.',
    tenant: 'Tenant',
    you: 'You',
    hint: 'Senior’s hint',
    noHint: '(no hint for this step)',
    pick: (n: number) => `Type a number between 1 and ${n}.`,
    understood: 'understood as',
    abandoned: 'Attempt abandoned.',
    ended: 'End of input: the conversation is not finished.',
    mood: 'mood',
  },
};

function say(lines: readonly TenantLine[], label: string): void {
  for (const l of lines) process.stdout.write(l.source === 'narration' ? `\n  [${l.text}]\n` : `\n${label} : ${l.text}\n`);
}

function prompt(session: Session, free: boolean, t: (typeof T)['fr']): void {
  const s = session.snapshot();
  if (s.done) return;
  process.stdout.write(`\n[${s.stateLabel} · ${t.mood} ${s.mood}/${session.compiled.mood.max}${s.moodLabel ? ` (${s.moodLabel})` : ''}]\n`);
  if (!free) s.choices.forEach((c, i) => process.stdout.write(`  ${i + 1}) ${c.text}\n`));
  process.stdout.write('> ');
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const lang: Lang = argv.includes('--lang=en') ? 'en' : 'fr';
  const t = T[lang];
  const free = argv.includes('--free');
  const seedArg = argv.find((a) => a.startsWith('--seed='));
  const seed = seedArg ? Number(seedArg.slice('--seed='.length)) || 1 : 1;
  const file = argv.find((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write(`${t.usage}\n`);
    return 2;
  }
  const { library, diagnostics: libDiagnostics } = loadLibrary();
  const read = readText(file);
  if ('error' in read) {
    process.stderr.write(`${formatDiagnostic(read.error, lang)}\n`);
    return 2;
  }
  const result = checkScenario(read.text, display(file), library, { lint: false });
  const errors = [...libDiagnostics, ...result.diagnostics].filter((d) => d.severity === 'error');
  if (!result.compiled || hasErrors(errors)) {
    process.stderr.write(`${t.invalid}\n`);
    for (const d of errors) process.stderr.write(`${formatDiagnostic(d, lang)}\n`);
    return 2;
  }
  const compiled = result.compiled;
  const engine = free ? new EmbeddedUnderstanding(scenarioExamples(compiled, library.acts.values())) : undefined;
  const session = createSession(compiled, { seed });
  const echo = !process.stdin.isTTY;

  process.stdout.write(`${compiled.meta.title}\n${compiled.briefing.context}\n${compiled.briefing.objective}\n`);
  process.stdout.write(`${free ? t.free : t.guided}\n`);
  say(session.snapshot().lastTenant, t.tenant);
  prompt(session, free, t);

  const rl = createInterface({ input: process.stdin, terminal: false });
  let abandoned = false;
  for await (const raw of rl) {
    const input = raw.trim();
    if (echo) process.stdout.write(`${input}\n`);
    if (input === '') {
      prompt(session, free, t);
      continue;
    }
    if (input === 'q') {
      abandoned = true;
      break;
    }
    if (input === '?') {
      const h = session.hint();
      process.stdout.write(`${t.hint} : ${h ? h.hint : t.noHint}\n`);
      prompt(session, free, t);
      continue;
    }
    if (free && engine) {
      const r = engine.understand(input);
      if (r.abstained) {
        const e = session.unclear(input, r.engine);
        if (e) say(e.tenant, t.tenant);
      } else {
        process.stdout.write(`  (${t.understood} ${r.acts.join(' + ')})\n`);
        const e = session.reply({ acts: r.acts, text: input, engine: r.engine, scores: Object.fromEntries(r.candidates.map((c) => [c.act, c.score])) });
        if (e) say(e.tenant, t.tenant);
      }
    } else {
      const n = Number(input);
      const choices = session.snapshot().choices;
      if (!Number.isInteger(n) || n < 1 || n > choices.length) {
        process.stdout.write(`${t.pick(choices.length)}\n`);
        prompt(session, free, t);
        continue;
      }
      const e = session.choose(n - 1);
      if (e) {
        process.stdout.write(`${t.you} : ${e.text}\n`);
        say(e.tenant, t.tenant);
      }
    }
    if (session.snapshot().done) break;
    prompt(session, free, t);
  }
  rl.close();
  if (abandoned) process.stdout.write(`\n${t.abandoned}\n`);
  else if (!session.snapshot().done) process.stdout.write(`\n${t.ended}\n`);
  process.stdout.write(`\n${scorecardText(scoreTrace(compiled, session.trace), compiled, lang)}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
