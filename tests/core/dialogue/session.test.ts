import { describe, expect, it } from 'vitest';
import { createSession, ResumeError, resumeSession } from '../../../src/core/dialogue/session.ts';
import { scoreTrace } from '../../../src/core/scoring/score.ts';
import { readFileSync } from 'node:fs';
import { checkScenario } from '../../../src/core/check.ts';
import { compileFile, library, STARTER } from '../../helpers/scenarios.ts';

const mini = compileFile('tests/fixtures/mini.yaml');
const starter = compileFile(STARTER);

function clock(): () => number {
  let t = 1000;
  return () => (t += 250);
}

describe('session', () => {
  it('opens with a tenant line and the initial choices', () => {
    const s = createSession(mini, { seed: 3, now: clock() }).snapshot();
    expect(s.state).toBe('a');
    expect(['Allô ?', 'Allô, bonjour ?']).toContain(s.transcript[0]?.text);
    expect(s.choices.map((c) => c.text)).toEqual(['Bonjour', "C'est votre faute"]);
    expect(s.mood).toBe(2);
    expect(s.done).toBe(false);
    expect(s.hintAvailable).toBe(true);
  });

  it('plays a guided choice: transition, mood, new state line', () => {
    const session = createSession(mini, { seed: 1, now: clock() });
    const turn = session.choose(0);
    expect(turn).toMatchObject({ turn: 1, acts: ['greet'], stateBefore: 'a', stateAfter: 'b', moodBefore: 2, moodAfter: 1, reaction: 'act', act: 'greet', choice: 0, engine: 'guided' });
    expect(turn?.tenant.map((l) => l.text)).toEqual(['Voilà mon problème.']);
    expect(session.snapshot().choices.map((c) => c.text)).toEqual(['Je comprends', 'Au revoir']);
  });

  it('an act without transition gets the otherwise reaction and may change state', () => {
    const session = createSession(mini, { now: clock() });
    session.choose(0);
    const t = session.reply({ acts: ['refer'] });
    expect(t).toMatchObject({ reaction: 'otherwise', stateBefore: 'b', stateAfter: 'a', moodAfter: 1 });
    expect(t?.tenant.map((l) => l.text)[0]).toBe('Et alors ?');
  });

  it('hidden facts come out when the named act is played in a named state', () => {
    const session = createSession(mini, { now: clock() });
    const t = session.reply({ acts: ['ask-detail-question'] });
    expect(t?.released).toEqual(['secret']);
    expect(t?.tenant.map((l) => l.source)).toEqual(['transition', 'fact']);
    expect(session.snapshot().facts).toEqual([{ id: 'secret', text: 'Un secret.' }]);
    // Released once only.
    expect(session.reply({ acts: ['ask-detail-question'] })?.released).toEqual([]);
  });

  it('bad acts take precedence over good ones in the same reply', () => {
    const session = createSession(mini, { now: clock() });
    const t = session.reply({ acts: ['greet', 'blame'], text: 'Bonjour, c’est votre faute' });
    expect(t?.act).toBe('blame');
    expect(t?.stateAfter).toBe('a');
  });

  it('guards on flags choose between transitions', () => {
    const good = createSession(mini, { now: clock() });
    good.choose(0);
    good.choose(0);
    good.choose(1);
    expect(good.snapshot()).toMatchObject({ done: true, outcome: 'success', state: 'fin' });
    const meh = createSession(mini, { now: clock() });
    meh.choose(0);
    meh.choose(1);
    expect(meh.snapshot()).toMatchObject({ done: true, outcome: 'partial' });
  });

  it('mood at its maximum ends in the escalation outcome', () => {
    const session = createSession(mini, { now: clock() });
    session.choose(1);
    session.choose(1);
    expect(session.snapshot()).toMatchObject({ done: true, outcome: 'escalation', state: 'parti', mood: 5 });
    expect(session.trace.outcome).toBe('escalation');
  });

  it('the turn limit ends in its state', () => {
    const session = createSession(mini, { now: clock() });
    for (let i = 0; i < 6; i++) session.reply({ acts: ['ask-detail-question'] });
    expect(session.snapshot()).toMatchObject({ done: true, outcome: 'failure', state: 'temps', turn: 6 });
    expect(session.reply({ acts: ['greet'] })).toBeUndefined();
  });

  it('hints are shown, counted and traced; unclear replies ask to rephrase without a turn', () => {
    const session = createSession(mini, { now: clock() });
    expect(session.hint()?.hint).toBe('Présentez-vous.');
    const u = session.unclear('blabla');
    expect(u?.tenant[0]?.source).toBe('rephrase');
    const s = session.snapshot();
    expect(s.hintsUsed).toBe(1);
    expect(s.turn).toBe(0);
    expect(s.transcript.map((l) => l.speaker)).toEqual(['tenant', 'junior', 'tenant']);
    session.choose(0);
    expect(session.hint()).toBeUndefined(); // state b has no hint
  });

  it('an out-of-range choice does nothing', () => {
    const session = createSession(mini, { now: clock() });
    expect(session.choose(7)).toBeUndefined();
    expect(session.trace.entries).toHaveLength(0);
  });

  it('the same seed says the same lines; another seed may not', () => {
    const lines = (seed: number) => {
      const s = createSession(starter, { seed, now: clock() });
      for (let i = 0; i < 4; i++) s.choose(0);
      return s.snapshot().transcript.map((l) => l.text);
    };
    expect(lines(7)).toEqual(lines(7));
    const variety = new Set(Array.from({ length: 8 }, (_, i) => lines(i).join('|')));
    expect(variety.size).toBeGreaterThan(1);
  });

  it('notifies subscribers after each move', () => {
    const session = createSession(mini, { now: clock() });
    const seen: string[] = [];
    const stop = session.subscribe((s) => seen.push(s.state));
    session.choose(0);
    stop();
    session.choose(0);
    expect(seen).toEqual(['b']);
  });
});

describe('conditional choices and stage directions', () => {
  const text = readFileSync('tests/fixtures/mini.yaml', 'utf8')
    .replace('      - { text: Au revoir, act: close }', '      - { text: Au revoir, act: close }\n      - { text: Merci de m’avoir écouté, act: close, when: { flag: ecoute } }')
    .replace('    beat: Il explique.', '    beat: Il explique.\n    narration: Il pose son sac sur le comptoir.');
  const compiled = checkScenario(text, 'mini.yaml', library(), { lint: false }).compiled;
  if (!compiled) throw new Error('variant does not compile');

  it('offers a choice only once its condition holds, and traces its authored index', () => {
    const session = createSession(compiled, { now: clock() });
    session.choose(0);
    expect(session.snapshot().choices.map((c) => c.text)).toEqual(['Je comprends', 'Au revoir']);
    session.choose(0); // sets the « ecoute » flag
    const offered = session.snapshot().choices;
    expect(offered.map((c) => c.text)).toEqual(['Je comprends', 'Au revoir', 'Merci de m’avoir écouté']);
    const t = session.choose(2);
    expect(t?.choice).toBe(2);
    expect(session.snapshot().outcome).toBe('success');
  });

  it('shows a state’s stage direction as narration, not as the tenant speaking', () => {
    const session = createSession(compiled, { now: clock() });
    const t = session.choose(0);
    expect(t?.tenant.map((l) => l.source)).toEqual(['narration', 'state']);
    const lines = session.snapshot().transcript;
    expect(lines.find((l) => l.text === 'Il pose son sac sur le comptoir.')?.speaker).toBe('narrator');
  });
});

describe('guards on the other acts of the same reply', () => {
  it('« said » holds when the reply also carries that act', () => {
    const text = readFileSync('tests/fixtures/mini.yaml', 'utf8').replace(
      '      greet: { target: b, mood: -1 }',
      '      greet:\n        - { when: { said: identify-tenant }, target: b, mood: -2 }\n        - { target: b, mood: -1 }',
    );
    const compiled = checkScenario(text, 'mini.yaml', library(), { lint: false }).compiled;
    if (!compiled) throw new Error('variant does not compile');
    expect(createSession(compiled, { now: clock() }).reply({ acts: ['greet', 'identify-tenant'] })?.moodAfter).toBe(0);
    expect(createSession(compiled, { now: clock() }).reply({ acts: ['greet'] })?.moodAfter).toBe(1);
  });
});

describe('resume from a saved trace', () => {
  it('rebuilds exactly the same snapshot, then plays on identically', () => {
    const a = createSession(starter, { seed: 11, now: clock() });
    a.choose(0);
    a.hint();
    a.choose(0);
    a.unclear('hein');
    a.choose(0);
    const saved = JSON.parse(JSON.stringify(a.trace));
    const b = resumeSession(starter, saved, { now: clock() });
    expect(b.snapshot()).toEqual(a.snapshot());
    a.choose(1);
    b.choose(1);
    expect(b.snapshot()).toEqual(a.snapshot());
    expect(scoreTrace(starter, b.trace)).toEqual(scoreTrace(starter, a.trace));
  });

  it('refuses a trace from another version of the scenario', () => {
    const a = createSession(mini, { now: clock() });
    a.choose(0);
    expect(() => resumeSession(starter, a.trace)).toThrow(ResumeError);
  });

  it('refuses a trace whose turns do not land where they did', () => {
    const a = createSession(mini, { now: clock() });
    a.choose(0);
    const tampered = structuredClone(a.trace);
    const first = tampered.entries[0];
    if (first?.kind === 'turn') first.stateAfter = 'fin';
    expect(() => resumeSession(mini, tampered)).toThrow(/turn 1/);
  });
});
