// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { openRun, startAttempt } from '../../src/app/practice.ts';
import { loadScenario } from '../../src/app/scenarios.ts';
import { database, type InputMode } from '../../src/db/db.ts';
import DebriefScreen from '../../src/ui/screens/debrief-screen.svelte';
import SessionScreen from '../../src/ui/screens/session-screen.svelte';
import { router } from '../../src/ui/router.svelte.ts';

async function newAttempt(mode: InputMode, evaluation = false) {
  const scenario = await loadScenario('degat-des-eaux-nuit');
  if (!scenario) throw new Error('starter scenario missing from the bundle');
  return startAttempt(database(), { profileId: 'p1', scenario, mode, evaluation, seed: 3 });
}

beforeEach(async () => {
  const db = database();
  await Promise.all([db.attempts.clear(), db.entries.clear(), db.progress.clear()]);
});

describe('Séance (dialogue)', () => {
  it('guided: a choice is committed, then shown with the tenant’s reply', async () => {
    const attempt = await newAttempt('guided');
    render(SessionScreen, { attemptId: attempt.id });
    const first = await screen.findByRole('button', { name: /Bonsoir madame, Karim/ });
    await userEvent.click(first);
    const log = await screen.findByRole('log');
    await waitFor(() => expect(within(log).getByText(/Bonsoir madame, Karim/)).toBeInTheDocument());
    expect(within(log).getAllByText(/Locataire/).length).toBeGreaterThanOrEqual(2);
    expect(await database().entries.where('attemptId').equals(attempt.id).count()).toBe(1);
    // The next choices are those of the next state.
    expect(await screen.findByRole('button', { name: /Je comprends que ce soit très inquiétant/ })).toBeInTheDocument();
  });

  it('a full device: the reply is refused with a clear message, and the conversation stays as it was', async () => {
    const attempt = await newAttempt('guided');
    render(SessionScreen, { attemptId: attempt.id });
    const first = await screen.findByRole('button', { name: /Bonsoir madame, Karim/ });
    const full = (): never => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    database().entries.hook('creating', full);
    try {
      await userEvent.click(first);
      expect(await screen.findByText(/L’appareil n’a plus de place/)).toBeInTheDocument();
      expect(within(screen.getByRole('log')).queryByText(/Bonsoir madame, Karim/)).toBeNull();
      expect(await database().entries.where('attemptId').equals(attempt.id).count()).toBe(0);
    } finally {
      database().entries.hook('creating').unsubscribe(full);
    }
  });

  it('shows the mood, hidden in évaluation mode', async () => {
    const a = await newAttempt('guided');
    const { unmount } = render(SessionScreen, { attemptId: a.id });
    expect(await screen.findByRole('meter')).toBeInTheDocument();
    unmount();
    const b = await newAttempt('guided', true);
    render(SessionScreen, { attemptId: b.id });
    await screen.findByRole('button', { name: /Bonsoir madame, Karim/ });
    expect(screen.queryByRole('meter')).toBeNull();
  });

  it('the hint shows the senior’s words and is counted', async () => {
    const a = await newAttempt('guided');
    render(SessionScreen, { attemptId: a.id });
    await userEvent.click(await screen.findByRole('button', { name: 'Indice du senior' }));
    expect(await screen.findByText(/Commencez par vous présenter calmement/)).toBeInTheDocument();
    expect(screen.getByText('Indices utilisés : 1')).toBeInTheDocument();
  });

  it('free text: understood replies move on; an unplaceable one makes the tenant ask to rephrase', async () => {
    const a = await newAttempt('free');
    render(SessionScreen, { attemptId: a.id });
    const box = await screen.findByRole('textbox', { name: 'Votre réponse' });
    await userEvent.type(box, 'Bonsoir madame, Karim, de la permanence du bailleur{Enter}');
    await screen.findByText(/Compris comme : Saluer et se présenter/);
    await userEvent.type(box, 'qsdfqsdf{Enter}');
    await screen.findByText(/Je n'ai pas compris, avec le bruit de l'eau|vous pouvez répéter/);
    const entries = await database().entries.where('attemptId').equals(a.id).sortBy('index');
    expect(entries.map((e) => e.entry.kind)).toEqual(['turn', 'unclear']);
  });

  it('an empty free-text reply is refused with a message, nothing is sent', async () => {
    const a = await newAttempt('free');
    render(SessionScreen, { attemptId: a.id });
    await userEvent.click(await screen.findByRole('button', { name: 'Envoyer' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Écrivez votre réponse avant de l’envoyer.');
    expect(await database().entries.count()).toBe(0);
  });
});

describe('Bilan (debrief)', () => {
  async function finished() {
    const a = await newAttempt('guided');
    const opened = await openRun(database(), a.id, loadScenario);
    if (!('run' in opened)) throw new Error('cannot open');
    for (const i of [0, 0, 1, 0, 0, 0, 0, 0, 2]) await opened.run.choose(i);
    return opened.run.attempt;
  }

  it('shows the score, each criterion with the senior’s note, and what the senior would have done', async () => {
    const attempt = await finished();
    render(DebriefScreen, { attemptId: attempt.id });
    expect(await screen.findByRole('heading', { name: /Bilan\s:\sFuite au plafond/ })).toBeInTheDocument();
    expect(screen.getByText(/Note plafonnée à 40/)).toBeInTheDocument();
    const safety = screen.getByText('Sécurité électrique avant tout').closest('li');
    if (!safety) throw new Error('criterion not rendered');
    expect(within(safety).getByText('Manqué')).toBeInTheDocument();
    expect(within(safety).getByText(/Coupez le disjoncteur de la cuisine/)).toBeInTheDocument();
    expect(screen.getAllByText('En attente d’un formateur').length).toBe(1);
  });

  it('highlights the evidence turns in the transcript', async () => {
    const attempt = await finished();
    render(DebriefScreen, { attemptId: attempt.id });
    const greet = (await screen.findByText('Se présenter dès le premier tour')).closest('li');
    if (!greet) throw new Error('criterion not rendered');
    await userEvent.click(within(greet).getByRole('button', { name: /tour 1/ }));
    await waitFor(() => expect(document.getElementById('tour-1')?.className).toContain('evidence'));
  });

  it('shows the senior’s reference path beside the conversation', async () => {
    const attempt = await finished();
    render(DebriefScreen, { attemptId: attempt.id });
    const heading = await screen.findByRole('heading', { name: 'Le parcours de référence du senior' });
    const section = heading.closest('section') as HTMLElement;
    expect(within(section).getByText(/Joué par Mireille Dubois \(Gardienne principale\)/)).toBeInTheDocument();
    expect(within(section).getByText(/ici la permanence de nuit de votre bailleur/)).toBeInTheDocument();
    // The tenant answers the senior's replies in the reference, as in an attempt.
    expect(within(section).getAllByText(/Locataire/).length).toBeGreaterThanOrEqual(9);
  });

  it('replays from a turn as a new, linked attempt', async () => {
    const attempt = await finished();
    render(DebriefScreen, { attemptId: attempt.id });
    await userEvent.click(await screen.findByRole('button', { name: 'Rejouer à partir du tour 3' }));
    await waitFor(() => expect(router.route.name).toBe('session'));
    const id = (router.route as { attemptId: string }).attemptId;
    const replay = await database().attempts.get(id);
    expect(replay).toMatchObject({ parentId: attempt.id, replayFromTurn: 3, status: 'active' });
  });
});
