// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogue } from '../../src/app/scenarios.ts';
import { database } from '../../src/db/db.ts';
import { settleProgress } from '../../src/app/progress-store.ts';
import { i18n } from '../../src/ui/i18n/i18n.svelte.ts';
import PracticeScreen from '../../src/ui/screens/practice-screen.svelte';
import { app } from '../../src/ui/state/app-state.svelte.ts';
import { met, missed } from '../core/progress/attempts.ts';
import { attemptRecord } from '../core/progress/records.ts';

const FUITE = 'Fuite au plafond, un soir';
// A fixed set, so the tests do not depend on how many scenarios the library holds.
const STARTERS = ['degat-des-eaux-nuit', 'impayes-accueil', 'appel-agressif-loge'];
const scenarios = catalogue.filter((e) => STARTERS.includes(e.id));
const day = (n: number) => (Date.now() - Date.UTC(2026, 2, 2, 9, 0)) / 86_400_000 + n;

beforeEach(async () => {
  i18n.set('fr');
  // A rebuild of the stored progress left from the last case must not land after the tables are cleared.
  await settleProgress();
  await Promise.all([database().attempts.clear(), database().progress.clear()]);
  app.profile = { id: 'p1', name: 'Awa', role: 'junior', createdAt: 0 };
});
afterEach(() => {
  app.profile = undefined;
});

/** Renders the catalogue and waits until the profile's results are read (the list waits for them, so nothing shifts). */
async function shown(props: { scenarios: typeof scenarios }) {
  render(PracticeScreen, props);
  await waitFor(() => expect(screen.queryByText('Chargement…')).toBeNull());
}

function list() {
  return screen.getByRole('region', { name: 'Situations disponibles' });
}

describe('catalogue (S’entraîner)', () => {
  it('lists the scenarios as cards, each leading to its briefing', async () => {
    await shown({ scenarios });
    expect(screen.getByRole('heading', { level: 1, name: 'S’entraîner' })).toBeInTheDocument();
    const cards = within(list()).getAllByRole('article');
    expect(cards).toHaveLength(3);
    const fuite = within(list()).getByRole('article', { name: FUITE });
    expect(within(fuite).getByText('Téléphone')).toBeInTheDocument();
    expect(within(fuite).getByText('Niveau 1')).toBeInTheDocument();
    expect(within(fuite).getByText('8 min')).toBeInTheDocument();
    expect(within(within(fuite).getByRole('list', { name: 'Compétences travaillées' })).getByText('Sécurité')).toBeInTheDocument();
    const start = within(fuite).getByRole('link', { name: `Préparer la séance : ${FUITE}` });
    expect(start).toHaveAttribute('href', '#/briefing/degat-des-eaux-nuit');
    await waitFor(() => expect(within(fuite).getByText('Pas encore jouée')).toBeInTheDocument());
  });

  it('a new profile is recommended a level-1 scenario, and told why', async () => {
    await shown({ scenarios });
    const section = await screen.findByRole('region', { name: 'Séance conseillée' });
    expect(within(section).getByRole('heading', { name: FUITE })).toBeInTheDocument();
    expect(within(section).getByText(/Pour commencer : une situation de niveau 1\./)).toBeInTheDocument();
  });

  it('the recommended card names the weakest competency', async () => {
    await database().attempts.add(
      attemptRecord({
        id: 'a1',
        scenarioId: 'degat-des-eaux-nuit',
        day: day(-10),
        percent: 85,
        criteria: [met('accueil'), met('empathie'), met('questionnement'), met('securite', 1), missed('securite', 4)],
      }),
    );
    await shown({ scenarios });
    const section = await screen.findByRole('region', { name: 'Séance conseillée' });
    await waitFor(() => expect(within(section).getByText(/Votre point faible : sécurité \(20\s%\)\./)).toBeInTheDocument());
    expect(within(section).getByRole('heading', { name: FUITE })).toBeInTheDocument();
  });

  it('shows the best score and the last attempt, linked to its debrief', async () => {
    await database().attempts.bulkAdd([
      attemptRecord({ id: 'old', scenarioId: 'degat-des-eaux-nuit', day: day(-5), percent: 85, criteria: [met('accueil')] }),
      attemptRecord({ id: 'new', scenarioId: 'degat-des-eaux-nuit', day: day(-1), percent: 60, outcome: 'partial', criteria: [met('accueil')] }),
      attemptRecord({ id: 'gone', scenarioId: 'impayes-accueil', day: day(-2), status: 'abandoned' }),
      attemptRecord({ id: 'else', profileId: 'p2', scenarioId: 'appel-agressif-loge', day: day(-1), percent: 99 }),
    ]);
    await shown({ scenarios });
    const fuite = within(list()).getByRole('article', { name: FUITE });
    await waitFor(() => expect(within(fuite).getByText('85 %')).toBeInTheDocument());
    const lastDate = i18n.date(Date.now() - 86_400_000);
    expect(within(fuite).getByText(new RegExp(`${lastDate} — Réussite partielle`))).toBeInTheDocument();
    const link = within(fuite).getByRole('link', { name: /^Voir le bilan de la séance du/ });
    expect(link).toHaveAttribute('href', '#/bilan/new');

    const impayes = within(list()).getByRole('article', { name: /relance d.impayé/ });
    expect(within(impayes).getByText('Pas encore jouée')).toBeInTheDocument();
    expect(within(impayes).getByText(/— abandonnée/)).toBeInTheDocument();
    // Another profile's attempts are not this profile's.
    const agressif = within(list()).getByRole('article', { name: /Colère à la loge/ });
    expect(within(agressif).getByText('Pas encore jouée')).toBeInTheDocument();
  });

  it('offers to resume an open attempt', async () => {
    await database().attempts.add(attemptRecord({ id: 'open', scenarioId: 'appel-agressif-loge', day: day(0), status: 'active' }));
    await shown({ scenarios });
    const agressif = within(list()).getByRole('article', { name: /Colère à la loge/ });
    const resume = await within(agressif).findByRole('link', { name: /^Reprendre la séance en cours/ });
    expect(resume).toHaveAttribute('href', '#/seance/open');
  });

  it('filters narrow the list, announce the count, and say when nothing matches', async () => {
    const user = userEvent.setup();
    await shown({ scenarios });
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('3 scénarios');

    await user.selectOptions(screen.getByLabelText('Canal'), 'Téléphone');
    expect(status).toHaveTextContent('1 scénario');
    expect(within(list()).getAllByRole('article').map((a) => a.getAttribute('aria-labelledby'))).toEqual(['scenario-degat-des-eaux-nuit']);

    await user.selectOptions(screen.getByLabelText('Canal'), 'Tous les canaux');
    await user.selectOptions(screen.getByLabelText('Compétence'), 'Clarté');
    expect(status).toHaveTextContent('1 scénario');
    expect(within(list()).getByRole('article', { name: /relance d.impayé/ })).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Niveau'), 'Niveau 1');
    expect(status).toHaveTextContent('Aucun scénario');
    expect(screen.getByText('Aucun scénario ne correspond à ces filtres.')).toBeInTheDocument();
    expect(within(list()).queryAllByRole('article')).toHaveLength(0);

    await user.click(within(list()).getAllByRole('button', { name: 'Effacer les filtres' })[0]!);
    expect(status).toHaveTextContent('3 scénarios');
    expect(screen.getByLabelText('Compétence')).toHaveValue('');
  });

  it('filters are labelled native selects, reached in order with Tab', async () => {
    const user = userEvent.setup();
    await shown({ scenarios });
    const [competency, channel, level] = ['Compétence', 'Canal', 'Niveau'].map((l) => screen.getByLabelText(l));
    expect(competency?.tagName).toBe('SELECT');
    expect(screen.getByRole('group', { name: 'Filtrer les situations' })).toContainElement(level ?? null);
    competency?.focus();
    await user.tab();
    expect(channel).toHaveFocus();
    await user.tab();
    expect(level).toHaveFocus();
  });

  it('says when no scenario is installed', async () => {
    await shown({ scenarios: [] });
    expect(screen.getByText('Aucun scénario n’est installé.')).toBeInTheDocument();
    expect(screen.queryByRole('status')).toBeNull();
  });
});
