// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportProfile, serializeExport, type ProfileExport } from '../../src/app/data-transfer.ts';
import { currentProfile } from '../../src/app/profiles.ts';
import { hashOf } from '../../src/core/hash.ts';
import { database } from '../../src/db/db.ts';
import { i18n } from '../../src/ui/i18n/i18n.svelte.ts';
import { router } from '../../src/ui/router.svelte.ts';
import HomeScreen from '../../src/ui/screens/home-screen.svelte';
import { app } from '../../src/ui/state/app-state.svelte.ts';
import { freshDatabase, seedProfile, snapshot } from '../app/profile-fixture.ts';
import { withTexts } from '../../src/app/card-texts.ts';

// A new phone: the app's database is empty, no profile is current, Accueil is shown.
beforeEach(async () => {
  i18n.set('fr');
  await database().eraseEverything();
  app.profile = undefined;
  router.navigate({ name: 'home' }, true);
});
afterEach(() => {
  app.profile = undefined;
});

/** The old phone: a seeded database of its own, exported as the settings screen does. */
async function oldPhone(damage?: (json: { entries: { entry: Record<string, unknown> }[] }) => void): Promise<{ data: ProfileExport; file: File }> {
  const db = freshDatabase();
  const { profile } = await seedProfile(db, 'Camille');
  const data = await exportProfile(db, profile.id);
  if (!data) throw new Error('fixture');
  let text = serializeExport(data);
  if (damage) {
    const json = JSON.parse(text);
    damage(json);
    // Signed again, so the damage alone is at fault.
    delete json.checksum;
    json.checksum = hashOf(json);
    text = JSON.stringify(json);
  }
  return { data, file: new File([text], 'palier-camille.json', { type: 'application/json' }) };
}

describe('Accueil, import from another device', () => {
  it('imports a file into an empty device: the profile appears, becomes current, with its attempts', async () => {
    const user = userEvent.setup();
    const { data, file } = await oldPhone();
    render(HomeScreen);
    const section = screen.getByRole('region', { name: /Vous avez déjà utilisé Palier sur un autre appareil\s?\?/ });
    expect(within(section).getByText(/^Importez votre fichier/)).toBeInTheDocument();

    await user.upload(within(section).getByLabelText('Fichier à importer'), file);
    expect(await within(section).findByText(/Fichier valide\s?: profil «\s?Camille\s?» \(Junior\), 3 tentative\(s\)/)).toBeInTheDocument();
    expect(await database().profiles.count()).toBe(0);
    await user.click(within(section).getByRole('button', { name: 'Importer ces données' }));

    await waitFor(() => expect(router.route).toEqual({ name: 'practice' }));
    expect(app.profile).toEqual(data.profile);
    expect(await currentProfile(database())).toEqual(data.profile);
    expect(await database().profiles.toArray()).toEqual([data.profile]);
    // Stored with their cards' rubric texts kept apart (card-texts.ts), read back whole.
    expect(await withTexts(database(), await database().attempts.where('profileId').equals(data.profile.id).sortBy('startedAt'))).toEqual(data.attempts);
    expect(await database().entries.count()).toBe(data.entries.length);
    expect(await screen.findByRole('button', { name: /Camille/ })).toHaveAttribute('aria-current', 'true');
  });

  it('refuses a damaged file with its located problem, writes nothing and stays on Accueil', async () => {
    const user = userEvent.setup();
    const { file } = await oldPhone((j) => delete j.entries[17]?.entry.acts);
    render(HomeScreen);
    const before = await snapshot(database());

    await user.upload(screen.getByLabelText('Fichier à importer'), file);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/Le fichier «\s?palier-camille\.json\s?» n’a pas été importé\s?; rien n’a été modifié sur cet appareil/);
    expect(within(alert).getByRole('listitem')).toHaveTextContent(/^Tentative 3, entrée 12\s?: champ “acts” manquant\s?entries\[17\]\.entry\.acts$/);
    expect(screen.queryByRole('button', { name: 'Importer ces données' })).not.toBeInTheDocument();
    expect(await snapshot(database())).toEqual(before);
    expect(router.route).toEqual({ name: 'home' });
    expect(app.profile).toBeUndefined();
  });
});
