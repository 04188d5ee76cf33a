// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportProfile, serializeExport } from '../../src/app/data-transfer.ts';
import { loadLocale } from '../../src/app/preferences.ts';
import { createProfile } from '../../src/app/profiles.ts';
import { hashOf } from '../../src/core/hash.ts';
import { database, type ProfileRecord } from '../../src/db/db.ts';
import { i18n } from '../../src/ui/i18n/i18n.svelte.ts';
import { router } from '../../src/ui/router.svelte.ts';
import SettingsScreen from '../../src/ui/screens/settings-screen.svelte';
import { app } from '../../src/ui/state/app-state.svelte.ts';
import { freshDatabase, seedProfile, snapshot } from '../app/profile-fixture.ts';

let me: ProfileRecord;

beforeEach(async () => {
  i18n.set('fr');
  await database().eraseEverything();
  const created = await createProfile(database(), { name: 'Awa', role: 'junior' });
  if (!('profile' in created)) throw new Error('fixture');
  me = created.profile;
  app.profile = me;
  router.navigate({ name: 'settings' }, true);
});
afterEach(() => {
  app.profile = undefined;
  i18n.set('fr');
});

/** Another device's export of a profile with three attempts. */
async function exportedElsewhere(damage?: (json: { entries: { entry: Record<string, unknown> }[] }) => void): Promise<File> {
  const db = freshDatabase();
  const { profile } = await seedProfile(db, 'Camille');
  const data = await exportProfile(db, profile.id);
  if (!data) throw new Error('fixture');
  let text = serializeExport(data);
  if (damage) {
    const json = JSON.parse(text);
    damage(json);
    delete json.checksum;
    json.checksum = hashOf(json);
    text = JSON.stringify(json);
  }
  return new File([text], 'palier-camille.json', { type: 'application/json' });
}

describe('Réglages', () => {
  it('switching the language changes the UI strings and is remembered on the device', async () => {
    const user = userEvent.setup();
    render(SettingsScreen);
    expect(screen.getByRole('heading', { level: 1, name: 'Réglages' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Français' })).toBeChecked();
    await user.click(screen.getByRole('radio', { name: 'English' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Export my data' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    await waitFor(async () => expect(await loadLocale(database())).toBe('en'));
  });

  it('erasing the profile asks for confirmation first, then erases it and returns to Accueil', async () => {
    const user = userEvent.setup();
    render(SettingsScreen);
    const erase = screen.getByRole('button', { name: 'Effacer les données de ce profil' });
    await user.click(erase);
    const dialog = screen.getByRole('dialog', { name: /Effacer le profil «\s?Awa\s?»/ });
    expect(dialog).toHaveAccessibleDescription(/0 tentative\(s\)/);
    await user.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(erase).toHaveFocus();
    expect(await database().profiles.get(me.id)).toBeDefined();

    await user.click(erase);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Effacer ce profil' }));
    await waitFor(() => expect(router.route).toEqual({ name: 'home' }));
    expect(app.profile).toBeUndefined();
    expect(await database().profiles.get(me.id)).toBeUndefined();
  });

  it('erasing everything requires typing the word', async () => {
    const user = userEvent.setup();
    await seedProfile(database(), 'Sami');
    render(SettingsScreen);
    await user.click(screen.getByRole('button', { name: 'Tout effacer sur cet appareil' }));
    const dialog = screen.getByRole('dialog', { name: /Tout effacer sur cet appareil/ });
    const confirm = within(dialog).getByRole('button', { name: 'Tout effacer' });
    const word = within(dialog).getByRole('textbox', { name: 'Pour confirmer, tapez EFFACER' });
    expect(word).toHaveFocus();
    expect(confirm).toBeDisabled();
    await user.type(word, 'effac');
    expect(confirm).toBeDisabled();
    await user.type(word, 'er{Enter}');
    await waitFor(() => expect(router.route).toEqual({ name: 'home' }));
    for (const table of database().tables) expect(await table.count()).toBe(0);
  });

  it('a damaged file is refused with located messages, and nothing changes', async () => {
    const user = userEvent.setup();
    render(SettingsScreen);
    const before = await snapshot(database());
    const file = await exportedElsewhere((j) => delete j.entries[17]?.entry.acts);
    await user.upload(screen.getByLabelText('Fichier à importer'), file);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/n’a pas été importé/);
    expect(within(alert).getByRole('listitem')).toHaveTextContent(/^Tentative 3, entrée 12\s?: champ “acts” manquant\s?entries\[17\]\.entry\.acts$/);
    expect(screen.queryByRole('button', { name: 'Importer ces données' })).not.toBeInTheDocument();
    expect(await snapshot(database())).toEqual(before);
  });

  it('a valid file is summarised, then imported on request with counts', async () => {
    const user = userEvent.setup();
    render(SettingsScreen);
    await user.upload(screen.getByLabelText('Fichier à importer'), await exportedElsewhere());
    expect(await screen.findByText(/Fichier valide\s?: profil «\s?Camille\s?» \(Junior\), 3 tentative\(s\)/)).toBeInTheDocument();
    expect(await database().profiles.count()).toBe(1);
    await user.click(screen.getByRole('button', { name: 'Importer ces données' }));
    expect(await screen.findByText(/Import terminé\s?: profil «\s?Camille\s?» ajouté\. Tentatives\s?: 3 ajoutée\(s\)/)).toBeInTheDocument();
    expect(screen.getByLabelText('Fichier à importer')).toHaveFocus();
    expect(await database().attempts.count()).toBe(3);
    expect(await database().entries.count()).toBe(20);
  });

  it('says when the browser cannot keep the data persistently', async () => {
    const user = userEvent.setup();
    render(SettingsScreen);
    await user.click(screen.getByRole('button', { name: 'Demander un stockage persistant' }));
    expect(await screen.findByText('Stockage persistant : non pris en charge par ce navigateur.', { normalizer: (s) => s.replace(/\s+/g, ' ') })).toBeInTheDocument();
    expect(screen.getByText(/n’indique pas l’espace utilisé/)).toBeInTheDocument();
  });
});
