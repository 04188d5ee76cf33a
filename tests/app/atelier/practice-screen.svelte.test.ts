// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atelierData } from '../../../src/app/atelier/library.ts';
import { createFromTemplate, deleteDraft, loadWorking, publish } from '../../../src/app/atelier/store.ts';
import { catalogue } from '../../../src/app/scenarios.ts';
import { database } from '../../../src/db/db.ts';
import { settleProgress } from '../../../src/app/progress-store.ts';
import { i18n } from '../../../src/ui/i18n/i18n.svelte.ts';
import PracticeScreen from '../../../src/ui/screens/practice-screen.svelte';
import { app } from '../../../src/ui/state/app-state.svelte.ts';

const TITLE = 'Plus de lumière dans l\'escalier';

beforeEach(async () => {
  i18n.set('fr');
  await database().scenarios.clear();
  // A rebuild of the stored progress left from the last case must not land after the tables are cleared.
  await settleProgress();
  await Promise.all([database().attempts.clear(), database().progress.clear()]);
  app.profile = { id: 'p1', name: 'Awa', role: 'junior', createdAt: 0 };
});
afterEach(() => {
  app.profile = undefined;
});

function list() {
  return screen.getByRole('region', { name: 'Situations disponibles' });
}

describe('catalogue with this device’s scenarios', () => {
  it('shows the bundled scenarios, then a scenario as soon as it is published here', async () => {
    const db = database();
    const id = await createFromTemplate(db, { name: 'Mireille Dubois', role: 'Gardienne principale' }, '2026-11-29');
    render(PracticeScreen);
    await waitFor(() => expect(within(list()).getAllByRole('article')).toHaveLength(catalogue.length));
    // A draft is not on offer.
    expect(within(list()).queryByRole('article', { name: TITLE })).toBeNull();

    const { library } = await atelierData();
    const result = await publish(db, id, (await loadWorking(db, id))?.source ?? '', library, '2026-11-29');
    expect(result.ok).toBe(true);
    const card = await within(list()).findByRole('article', { name: TITLE });
    expect(within(card).getByRole('link', { name: `Préparer la séance : ${TITLE}` })).toHaveAttribute('href', `#/briefing/${id}`);
    expect(within(list()).getAllByRole('article')).toHaveLength(catalogue.length + 1);
    await deleteDraft(db, id); // no draft: the published scenario stays
    expect(within(list()).getAllByRole('article')).toHaveLength(catalogue.length + 1);
  });
});
