// @vitest-environment jsdom
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProfile, currentProfile } from '../../src/app/profiles.ts';
import { database } from '../../src/db/db.ts';
import { i18n } from '../../src/ui/i18n/i18n.svelte.ts';
import { router } from '../../src/ui/router.svelte.ts';
import HomeScreen from '../../src/ui/screens/home-screen.svelte';
import { app } from '../../src/ui/state/app-state.svelte.ts';

beforeEach(async () => {
  i18n.set('fr');
  await Promise.all(database().tables.map((t) => t.clear()));
  app.profile = undefined;
  router.navigate({ name: 'home' }, true);
});
afterEach(() => {
  app.profile = undefined;
});

describe('Accueil', () => {
  it('welcomes, says the data stays on the device, and creates a profile by keyboard alone', async () => {
    const user = userEvent.setup();
    render(HomeScreen);
    expect(screen.getByRole('heading', { level: 1, name: 'Bienvenue sur Palier' })).toBeInTheDocument();
    expect(screen.getByText(/restent sur cet appareil/)).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Choisir votre profil' })).not.toBeInTheDocument();

    await user.tab();
    expect(screen.getByRole('textbox', { name: 'Votre nom ou prénom' })).toHaveFocus();
    await user.keyboard('  Awa   Diallo ');
    await user.tab();
    expect(screen.getByRole('radio', { name: /Junior/ })).toBeChecked();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('radio', { name: /Senior/ })).toBeChecked();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Créer le profil et commencer' })).toHaveFocus();
    await user.keyboard('{Enter}');

    await waitFor(() => expect(router.route).toEqual({ name: 'practice' }));
    expect(app.profile).toMatchObject({ name: 'Awa Diallo', role: 'senior' });
    expect(await currentProfile(database())).toEqual(app.profile);
  });

  it('explains an empty name next to the field, focuses it, and creates nothing', async () => {
    const user = userEvent.setup();
    render(HomeScreen);
    await user.click(screen.getByRole('button', { name: 'Créer le profil et commencer' }));
    const field = screen.getByRole('textbox', { name: 'Votre nom ou prénom' });
    await waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'true'));
    expect(field).toHaveAccessibleDescription(/Erreur\u00A0: indiquez un nom, le champ est vide\./);
    expect(field).toHaveFocus();
    expect(router.route).toEqual({ name: 'home' });
    expect(await database().profiles.count()).toBe(0);
  });

  it('says when the name is taken, and offers the existing profile to choose', async () => {
    const user = userEvent.setup();
    await createProfile(database(), { name: 'Awa', role: 'junior' });
    render(HomeScreen);
    await user.type(screen.getByRole('textbox', { name: 'Votre nom ou prénom' }), 'awa');
    await user.click(screen.getByRole('button', { name: 'Créer le profil et commencer' }));
    expect(await screen.findByText(/le profil «\s?awa\s?» existe déjà sur cet appareil/)).toBeInTheDocument();
    expect(await database().profiles.count()).toBe(1);
  });

  it('chooses an existing profile and goes to practise', async () => {
    const user = userEvent.setup();
    const db = database();
    await createProfile(db, { name: 'Bruno', role: 'formateur' });
    const awa = await createProfile(db, { name: 'Awa', role: 'junior' });
    if (!('profile' in awa)) throw new Error('fixture');
    app.profile = awa.profile;
    render(HomeScreen);

    expect(await screen.findByRole('heading', { name: 'Choisir votre profil' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Nouveau profil' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Awa/ })).toHaveAttribute('aria-current', 'true');
    const bruno = screen.getByRole('button', { name: /Bruno/ });
    expect(bruno).toHaveTextContent('Formateur·rice');
    await user.click(bruno);

    await waitFor(() => expect(router.route).toEqual({ name: 'practice' }));
    expect(app.profile?.name).toBe('Bruno');
    expect((await currentProfile(db))?.name).toBe('Bruno');
  });
});
