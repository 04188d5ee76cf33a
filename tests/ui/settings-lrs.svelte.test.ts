// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lrsConfig, saveLrsConfig } from '../../src/app/revue/lrs.ts';
import { enqueue } from '../../src/app/revue/outbox.ts';
import type { PalierDatabase } from '../../src/db/db.ts';
import { i18n } from '../../src/ui/i18n/i18n.svelte.ts';
import { frenchSpacing as fr } from '../../src/ui/i18n/typography.ts';
import SettingsLrs from '../../src/ui/revue/settings-lrs.svelte';
import { freshDatabase } from '../app/profile-fixture.ts';
import { sampleStatements, startLoopbackLrs, type LoopbackLrs } from '../helpers/lrs-server.ts';

let db: PalierDatabase;
let lrs: LoopbackLrs;

beforeEach(async () => {
  i18n.set('fr');
  db = freshDatabase();
  lrs = await startLoopbackLrs();
});
afterEach(async () => {
  cleanup();
  await lrs.close();
  db.close();
  i18n.set('fr');
});

// getByText folds no-break spaces into plain ones (its default normaliser); textContent keeps them (fr()).
const field = (label: string): HTMLInputElement => screen.getByLabelText(label) as HTMLInputElement;
const button = (text: string): HTMLButtonElement => screen.getByText(text, { selector: 'button' }) as HTMLButtonElement;
/** The ids an element's aria-describedby points to, as text. */
const description = (el: HTMLElement): string =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' | ');

async function fill(user: ReturnType<typeof userEvent.setup>, values: { endpoint?: string; username?: string; password?: string }): Promise<void> {
  for (const [label, value] of [
    ['Adresse de l’entrepôt', values.endpoint],
    ['Identifiant', values.username],
    ['Mot de passe', values.password],
  ] as const) {
    if (value === undefined) continue;
    await user.clear(field(label));
    if (value) await user.type(field(label), value);
  }
}

describe('LRS settings panel', () => {
  it('labels every field and shows each problem on its field, announced and described', async () => {
    const user = userEvent.setup();
    render(SettingsLrs, { db });
    expect(screen.getByText('Entrepôt d’apprentissage (LRS)', { selector: 'h2' })).toBeInTheDocument();
    expect(field('Mot de passe').type).toBe('password');
    expect(field('Mot de passe').autocomplete).toBe('off');
    await fill(user, { endpoint: 'http://lrs.exemple.fr/xapi' });
    await user.click(button('Enregistrer'));

    const endpoint = field('Adresse de l’entrepôt');
    await waitFor(() => expect(endpoint).toHaveAttribute('aria-invalid', 'true'));
    expect(description(endpoint)).toContain(fr('L’adresse doit commencer par https:// : sinon le mot de passe circulerait en clair.'));
    expect(description(field('Identifiant'))).toContain('Ce champ est à remplir.');
    expect(description(field('Mot de passe'))).toContain('Ce champ est à remplir.');
    expect(endpoint).toHaveFocus();
    expect(document.querySelector('[aria-live="polite"]')?.textContent).toContain(fr('Le formulaire contient 3 erreur(s) : corrigez les champs signalés.'));
    expect(await lrsConfig(db)).toBeUndefined();
  });

  it('saves, never shows the password back, and says one is saved', async () => {
    const user = userEvent.setup();
    const first = render(SettingsLrs, { db });
    await fill(user, { endpoint: `${lrs.endpoint}/`, username: lrs.credentials.username, password: lrs.credentials.password });
    await user.click(button('Enregistrer'));
    await waitFor(() => expect(screen.getByText('Entrepôt enregistré. Les résultats en attente vont partir.')).toBeInTheDocument());
    expect(await lrsConfig(db)).toEqual({ endpoint: lrs.endpoint, username: lrs.credentials.username, password: lrs.credentials.password });
    expect(field('Mot de passe').value).toBe('');
    expect(field('Adresse de l’entrepôt').value).toBe(lrs.endpoint);
    expect(description(field('Mot de passe'))).toContain('Mot de passe enregistré.');
    first.unmount();

    // Shown again later: address and username, never the password.
    render(SettingsLrs, { db });
    await waitFor(() => expect(field('Identifiant').value).toBe(lrs.credentials.username));
    expect(field('Mot de passe').value).toBe('');
    expect(document.body.innerHTML).not.toContain(lrs.credentials.password);
  });

  it('« Tester la connexion » names a refused password, then succeeds with the stored one', async () => {
    const user = userEvent.setup();
    await saveLrsConfig(db, { endpoint: lrs.endpoint, username: lrs.credentials.username, password: lrs.credentials.password });
    render(SettingsLrs, { db });
    await waitFor(() => expect(field('Adresse de l’entrepôt').value).toBe(lrs.endpoint));
    await fill(user, { password: 'pas-le-bon' });
    await user.click(button('Tester la connexion'));
    await waitFor(() => expect(screen.getByText('L’entrepôt refuse l’identifiant ou le mot de passe. Vérifiez-les.')).toBeInTheDocument());
    // An empty password field tests the stored password.
    await fill(user, { password: '' });
    await user.click(button('Tester la connexion'));
    await waitFor(() => expect(screen.getByText('Connexion réussie : l’entrepôt répond et accepte votre identifiant et votre mot de passe.')).toBeInTheDocument());
  });

  it('shows the outbox, sends now, and explains a failure in plain words; « Réessayer » sends it once fixed', async () => {
    const user = userEvent.setup();
    const list = sampleStatements(3);
    const bad = list[1]?.id as string;
    lrs.options.reject = (s) => (s.id === bad ? 'verbe inconnu de cet entrepôt' : undefined);
    await saveLrsConfig(db, { endpoint: lrs.endpoint, username: lrs.credentials.username, password: lrs.credentials.password });
    await enqueue(db, list);
    render(SettingsLrs, { db });
    await waitFor(() => expect(screen.getByTestId('lrs-queued')).toHaveTextContent('3'));

    await user.click(button('Envoyer maintenant'));
    await waitFor(() => expect(screen.getByTestId('lrs-sent')).toHaveTextContent('2'));
    expect(screen.getByTestId('lrs-failed')).toHaveTextContent('1');
    expect(screen.getByText('Envoi terminé : 2 envoyée(s), 0 en attente, 1 en échec.')).toBeInTheDocument();
    // The LRS's own words are shown as they came (with French spacing).
    expect(await screen.findByText(`Dernier problème : l’entrepôt a refusé une déclaration (code 400) : statement ${bad} : verbe inconnu de cet entrepôt.`)).toBeInTheDocument();

    delete lrs.options.reject;
    await user.click(button('Réessayer les envois en échec'));
    await waitFor(() => expect(screen.getByTestId('lrs-sent')).toHaveTextContent('3'));
    expect(screen.getByTestId('lrs-failed')).toHaveTextContent('0');
    expect(lrs.stored.size).toBe(3);
    expect([...lrs.accepted.values()]).toEqual([1, 1, 1]);
  });

  it('a refused password stops the sending with what to do; the queue waits', async () => {
    const user = userEvent.setup();
    await saveLrsConfig(db, { endpoint: lrs.endpoint, username: lrs.credentials.username, password: 'ancien' });
    await enqueue(db, sampleStatements(2));
    render(SettingsLrs, { db });
    await user.click(await screen.findByText('Envoyer maintenant', { selector: 'button' }));
    await waitFor(() => expect(screen.getByText('Envoi interrompu : l’entrepôt refuse l’identifiant ou le mot de passe. Corrigez-les et enregistrez : les envois reprendront.')).toBeInTheDocument());
    expect(screen.getByTestId('lrs-queued')).toHaveTextContent('2');
    expect(await screen.findByText('Dernier problème : l’entrepôt a refusé l’identifiant ou le mot de passe.')).toBeInTheDocument();
  });

  it('« Oublier » removes the address and credentials; the waiting results stay', async () => {
    const user = userEvent.setup();
    await saveLrsConfig(db, { endpoint: lrs.endpoint, username: 'k', password: 'p' });
    await enqueue(db, sampleStatements(1));
    render(SettingsLrs, { db });
    await user.click(await screen.findByText('Oublier', { selector: 'button' }));
    await waitFor(() => expect(screen.getByText('Entrepôt oublié. Les résultats en attente restent sur cet appareil.')).toBeInTheDocument());
    expect(await lrsConfig(db)).toBeUndefined();
    expect(await db.outbox.count()).toBe(1);
    expect(screen.queryByText('Oublier', { selector: 'button' })).not.toBeInTheDocument();
  });

  it('speaks English when the app does', async () => {
    i18n.set('en');
    render(SettingsLrs, { db });
    expect(screen.getByText('Learning Record Store (LRS)', { selector: 'h2' })).toBeInTheDocument();
    expect(screen.getByLabelText('LRS address')).toBeInTheDocument();
    expect(screen.getByText('Test the connection', { selector: 'button' })).toBeInTheDocument();
  });
});
