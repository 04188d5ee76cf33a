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
  await database().eraseEverything();
  app.profile = undefined;
  app.unlocked = [];
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

    // A senior profile opens with a PIN, chosen now.
    const dialog = await screen.findByRole('dialog', { name: 'Choisir un code pour Awa Diallo' });
    expect(screen.getByLabelText('Code')).toHaveFocus();
    await user.keyboard('4821');
    await user.type(screen.getByLabelText('Le même code, une seconde fois'), '4821{Enter}');
    // A senior lands in the Atelier.
    await waitFor(() => expect(router.route).toEqual({ name: 'atelier' }));
    expect(dialog).not.toBeInTheDocument();
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

  it('chooses an existing trainer profile, sets its PIN and lands in the Revue', async () => {
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

    // A trainer profile without a PIN yet chooses one; a wrong confirmation is explained.
    await screen.findByRole('dialog', { name: 'Choisir un code pour Bruno' });
    await user.type(screen.getByLabelText('Code'), '1234');
    await user.type(screen.getByLabelText('Le même code, une seconde fois'), '1243{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Les deux codes ne sont pas identiques');
    expect(router.route).toEqual({ name: 'home' });
    await user.clear(screen.getByLabelText('Code'));
    await user.type(screen.getByLabelText('Code'), '1234');
    await user.clear(screen.getByLabelText('Le même code, une seconde fois'));
    await user.type(screen.getByLabelText('Le même code, une seconde fois'), '1234{Enter}');
    await waitFor(() => expect(router.route).toEqual({ name: 'revue' }));
    expect(app.profile?.name).toBe('Bruno');
    expect((await currentProfile(db))?.name).toBe('Bruno');
  });

  it('a senior profile with a PIN asks for it, refuses a wrong one, then opens', async () => {
    const user = userEvent.setup();
    const created = await createProfile(database(), { name: 'Mireille', role: 'senior' });
    if (!('profile' in created)) throw new Error('fixture');
    const { setPin } = await import('../../src/app/pin.ts');
    await setPin(database(), created.profile.id, '4821', '4821', 1_000);
    app.profile = undefined;
    render(HomeScreen);
    await user.click(await screen.findByRole('button', { name: /Mireille/ }));
    await screen.findByRole('dialog', { name: 'Code de Mireille' });
    await user.type(screen.getByLabelText('Code'), '0000{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Code incorrect');
    expect(router.route).toEqual({ name: 'home' });
    await user.type(screen.getByLabelText('Code'), '4821{Enter}');
    await waitFor(() => expect(router.route).toEqual({ name: 'atelier' }));
    expect(app.isOpen(app.profile)).toBe(true);
  });
});
