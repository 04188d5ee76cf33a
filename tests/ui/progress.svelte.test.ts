// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { database } from '../../src/db/db.ts';
import { settleProgress } from '../../src/app/progress-store.ts';
import { shortDate } from '../../src/ui/components/progress-format.ts';
import { loadChart } from '../../src/ui/components/progress-chart-loader.ts';
import { i18n } from '../../src/ui/i18n/i18n.svelte.ts';
import { frenchSpacing as fr } from '../../src/ui/i18n/typography.ts';
import ProgressScreen from '../../src/ui/screens/progress-screen.svelte';
import { app } from '../../src/ui/state/app-state.svelte.ts';
import { met, missed, pending } from '../core/progress/attempts.ts';
import { attemptRecord } from '../core/progress/records.ts';

const FUITE = 'Fuite au plafond, un soir';
const DAY = 86_400_000;
/** Day offsets relative to now, in the helpers' day count. */
const day = (n: number) => (Date.now() - Date.UTC(2026, 2, 2, 9, 0)) / DAY + n;
const never = () => new Promise<never>(() => {});

beforeEach(async () => {
  i18n.set('fr');
  // A rebuild of the stored progress left from the last case must not land after the tables are cleared.
  await settleProgress();
  await Promise.all([database().attempts.clear(), database().progress.clear()]);
  app.profile = { id: 'p1', name: 'Awa', role: 'junior', createdAt: 0 };
});

async function seedJunior(): Promise<void> {
  await database().attempts.bulkAdd([
    attemptRecord({
      id: 'first',
      scenarioId: 'degat-des-eaux-nuit',
      day: day(-6),
      percent: 55,
      outcome: 'partial',
      criteria: [met('accueil'), met('empathie'), missed('securite', 2), met('questionnement'), pending('clarte')],
    }),
    attemptRecord({
      id: 'replay',
      scenarioId: 'degat-des-eaux-nuit',
      day: day(-5),
      parentId: 'first',
      replayFromTurn: 3,
      mode: 'free',
      percent: 85,
      criteria: [met('accueil'), met('empathie'), met('securite', 2), met('questionnement')],
    }),
    attemptRecord({ id: 'quit', scenarioId: 'appel-agressif-loge', day: day(-2), status: 'abandoned', criteria: [missed('gestion-agressivite')] }),
    attemptRecord({ id: 'open', scenarioId: 'impayes-accueil', day: day(-1), status: 'active' }),
  ]);
}

describe('progression', () => {
  it('a new profile sees an empty state that leads to the catalogue, and no chart is loaded', async () => {
    const chart = vi.fn(never);
    render(ProgressScreen, { chart });
    expect(screen.getByRole('heading', { level: 1, name: 'Progression' })).toBeInTheDocument();
    expect(await screen.findByText(/Vous n’avez pas encore joué de séance/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Choisir une situation' })).toHaveAttribute('href', '#/entrainement');
    expect(chart).not.toHaveBeenCalled();
  });

  it('shows the palier reached and what the next one needs', async () => {
    await seedJunior();
    render(ProgressScreen, { chart: never });
    const palier = await screen.findByRole('region', { name: fr('Votre palier : Junior') });
    const steps = within(palier).getByRole('list', { name: /Les quatre paliers/ });
    expect(within(steps).getByText('Junior').closest('li')).toHaveAttribute('aria-current', 'step');
    expect(within(palier).getByText('Maîtrise globale').nextElementSibling).toHaveTextContent('88 %');
    expect(within(palier).getByText('Compétences travaillées').nextElementSibling).toHaveTextContent('4 sur 12');
    expect(within(palier).getByText('Niveau le plus élevé joué').nextElementSibling).toHaveTextContent('Niveau 1');
    expect(within(palier).getByRole('heading', { name: fr('Pour atteindre le palier Confirmé :') })).toBeInTheDocument();
    const missing = within(palier).getAllByRole('listitem').filter((li) => !steps.contains(li));
    expect(missing.map((li) => li.textContent)).toEqual([fr('au moins 6 compétences travaillées (aujourd’hui : 4)'), 'une séance terminée de niveau 2']);
  });

  it('lists the history with mode, outcome, score and replay marker, linked to the debriefs', async () => {
    await seedJunior();
    render(ProgressScreen, { chart: never });
    const history = await screen.findByRole('region', { name: 'Historique des séances' });
    const items = within(history).getAllByRole('listitem');
    expect(items).toHaveLength(4);
    const [open, quit, replay, first] = items;
    expect(open).toHaveTextContent('En cours');
    expect(within(open!).getByRole('link', { name: /^Reprendre/ })).toHaveAttribute('href', '#/seance/open');
    expect(quit).toHaveTextContent('Abandonnée');
    expect(quit).not.toHaveTextContent('Score');
    expect(replay).toHaveTextContent('Reprise depuis le tour 3');
    expect(replay).toHaveTextContent('Texte libre');
    expect(replay).toHaveTextContent('Réussite');
    expect(replay).toHaveTextContent('Score : 85 %');
    const date = i18n.date(Date.now() - 5 * DAY);
    expect(within(replay!).getByRole('link', { name: `Voir le bilan ${fr(`: ${FUITE}, ${date}`)}` })).toHaveAttribute('href', '#/bilan/replay');
    expect(first).toHaveTextContent('Réponses guidées');
    expect(first).toHaveTextContent('Réussite partielle');
    expect(first).toHaveTextContent('Score provisoire : 55 %');
    expect(first).not.toHaveTextContent('Reprise');
  });

  it('reads the history 20 sessions at a time; « older sessions » reads the next ones and moves focus to the first of them', async () => {
    await database().attempts.bulkAdd(
      Array.from({ length: 45 }, (_, i) =>
        attemptRecord({ id: `a${String(i).padStart(2, '0')}`, scenarioId: 'degat-des-eaux-nuit', day: day(-45 + i), percent: 50 + i, criteria: [met('accueil')] }),
      ),
    );
    render(ProgressScreen, { chart: never });
    const history = await screen.findByRole('region', { name: 'Historique des séances' });
    expect(within(history).getAllByRole('listitem')).toHaveLength(20);
    const more = within(history).getByRole('button', { name: /25/ });
    more.click();
    await waitFor(() => expect(within(history).getAllByRole('listitem')).toHaveLength(40));
    const items = within(history).getAllByRole('listitem');
    // Newest first: the 21st is the 21st most recent session.
    await waitFor(() => expect(within(items[20]!).getByRole('link')).toHaveFocus());
    expect(items[20]).toHaveTextContent('Score : 74 %');
    within(history).getByRole('button', { name: /5/ }).click();
    await waitFor(() => expect(within(history).getAllByRole('listitem')).toHaveLength(45));
    expect(within(history).queryByRole('button')).toBeNull();
    // 45 results of one competency: the chart's table lists the last 30, and says so.
    expect(screen.getByText('Le graphique et son tableau montrent les 30 derniers résultats de chaque compétence.')).toBeInTheDocument();
    expect(within(screen.getByRole('table')).getAllByRole('listitem')).toHaveLength(30);
  });

  it('gives mastery per competency in a table beside the chart, which loads lazily', async () => {
    await seedJunior();
    const chart = vi.fn(never);
    render(ProgressScreen, { chart });
    const table = await screen.findByRole('table', { name: 'Maîtrise par compétence et son évolution' });
    const row = within(table).getByRole('row', { name: /Sécurité/ });
    // 0 % then 100 % a day later: (2^(−1/21)·0 + 1·1) / (2^(−1/21) + 1) ≈ 51 %
    expect(within(row).getAllByRole('cell')[0]).toHaveTextContent('51 %');
    expect(within(row).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      fr(`${shortDate(Date.now() - 6 * DAY)} : 0 %`),
      fr(`${shortDate(Date.now() - 5 * DAY)} : 51 %`),
    ]);
    expect(within(table).queryByRole('row', { name: /Clarté/ })).toBeNull(); // pending criteria only
    expect(screen.getByText(/^Pas encore travaillées\s:\s.*Clarté/)).toBeInTheDocument();
    expect(screen.getByText('Chargement du graphique…')).toBeInTheDocument();
    expect(chart).toHaveBeenCalledTimes(1);
  });

  it('when the chart cannot load or draw, says so and keeps the table', async () => {
    await seedJunior();
    render(ProgressScreen, { chart: () => Promise.reject(new Error('offline')) });
    expect(await screen.findByText(/Le graphique n’a pas pu s’afficher/)).toBeInTheDocument();
    expect(screen.getByRole('table')).toBeInTheDocument();
  });

  it('the real chart module loads on demand; without a canvas (jsdom) it steps aside for the table', async () => {
    await seedJunior();
    render(ProgressScreen, { chart: loadChart });
    await waitFor(() => expect(screen.getByText(/Le graphique n’a pas pu s’afficher/)).toBeInTheDocument(), { timeout: 10_000 });
    expect(screen.getByRole('table')).toBeInTheDocument();
  });

  it('on the top palier, says so instead of a next step', async () => {
    const all = ['accueil', 'ecoute-active', 'empathie', 'questionnement', 'exactitude-information', 'engagement-suivi', 'orientation', 'neutralite-confidentialite', 'tracabilite', 'clarte'];
    await database().attempts.add(attemptRecord({ id: 'top', scenarioId: 'impayes-accueil', day: day(-1), percent: 95, criteria: all.map((c) => met(c)) }));
    render(ProgressScreen, { chart: never });
    const palier = await screen.findByRole('region', { name: fr('Votre palier : Senior') });
    expect(within(palier).getByText(/Vous êtes au palier le plus haut/)).toBeInTheDocument();
  });

  it('reads in English through the same dictionaries', async () => {
    await seedJunior();
    i18n.set('en');
    render(ProgressScreen, { chart: never });
    expect(await screen.findByRole('region', { name: 'Your palier: Junior' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'To reach the Experienced palier:' })).toBeInTheDocument();
    expect(screen.getByText('Replay from turn 3')).toBeInTheDocument();
  });
});
