// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { refreshRecords } from '../../src/app/revue/review.ts';
import { database } from '../../src/db/db.ts';
import { i18n } from '../../src/ui/i18n/i18n.svelte.ts';
import RevueScreen from '../../src/ui/screens/revue-screen.svelte';
import { app } from '../../src/ui/state/app-state.svelte.ts';
import { playedReview, seedReviews, T0 } from '../helpers/revue.ts';

const LEA = { id: 'p-lea', name: 'Léa Martin' };
const KARIM = { id: 'p-karim', name: 'Karim Benali' };

beforeEach(async () => {
  i18n.set('fr');
  const db = database();
  await Promise.all([db.reviews.clear(), db.reviewEvents.clear(), db.reviewDigests.clear(), db.bundleScenarios.clear()]);
  app.profile = { id: 'p-formatrice', name: 'Nadia', role: 'formateur', createdAt: 0 };
});

describe('the Revue’s inbox', () => {
  it('lists 50 sessions at first, the next ones on demand, and starts again from the first page with new filters', async () => {
    const db = database();
    await seedReviews(db, Array.from({ length: 60 }, (_, i) => playedReview({ id: `a${String(i).padStart(2, '0')}`, junior: i % 2 ? LEA : KARIM, startedAt: T0 + i * 60_000 })));
    await refreshRecords(db);
    const user = userEvent.setup();
    render(RevueScreen);
    const list = () => screen.getByRole('list', { name: '' });
    const items = async (n: number) => waitFor(() => expect(within(list()).getAllByRole('listitem')).toHaveLength(n));
    await waitFor(() => expect(screen.getByText(/60 séance\(s\), dont 60 à relire/)).toBeInTheDocument());
    await items(50);
    await user.click(screen.getByRole('button', { name: 'Afficher les séances suivantes (10 de plus)' }));
    await items(60);
    expect(screen.queryByRole('button', { name: /séances suivantes/ })).not.toBeInTheDocument();
    // The newest first (all wait for a trainer).
    expect(within(list()).getAllByRole('link')[0]).toHaveAttribute('href', '#/revue/tentative/a59');

    await user.selectOptions(within(screen.getByRole('form', { name: 'Filtres' })).getByLabelText('Junior'), LEA.id);
    await items(30);
    await user.click(screen.getByRole('button', { name: 'Effacer les filtres' }));
    await items(50);
  });
});
