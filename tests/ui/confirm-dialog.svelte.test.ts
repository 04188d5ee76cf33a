// @vitest-environment jsdom
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { createRawSnippet } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ConfirmDialog from '../../src/ui/components/confirm-dialog.svelte';
import { i18n } from '../../src/ui/i18n/i18n.svelte.ts';

const base = { title: 'Effacer le profil ?', message: 'C’est définitif.', confirmLabel: 'Effacer', danger: true };

afterEach(() => {
  document.body.innerHTML = '';
  i18n.set('fr');
});

function opener(): HTMLButtonElement {
  const button = document.createElement('button');
  button.textContent = 'Ouvrir';
  document.body.append(button);
  button.focus();
  return button;
}

describe('ConfirmDialog', () => {
  it('is closed until asked, then a labelled, described dialog with focus on « Annuler »', async () => {
    const props = { ...base, open: false, onconfirm: vi.fn(), oncancel: vi.fn() };
    const { rerender } = render(ConfirmDialog, props);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await rerender({ ...props, open: true });
    const dialog = screen.getByRole('dialog', { name: 'Effacer le profil ?' });
    expect(dialog).toHaveAccessibleDescription('C’est définitif.');
    expect(screen.getByRole('button', { name: 'Annuler' })).toHaveFocus();
  });

  it('Escape cancels, and focus goes back where it was when the owner closes it', async () => {
    const user = userEvent.setup();
    const button = opener();
    const oncancel = vi.fn();
    const onconfirm = vi.fn();
    const props = { ...base, open: false, onconfirm, oncancel };
    const { rerender } = render(ConfirmDialog, props);
    await rerender({ ...props, open: true });
    expect(button).not.toHaveFocus();
    await user.keyboard('{Escape}');
    expect(oncancel).toHaveBeenCalledTimes(1);
    expect(onconfirm).not.toHaveBeenCalled();
    await rerender({ ...props, open: false });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });

  it('confirms with its button, or with Enter, once allowed', async () => {
    const user = userEvent.setup();
    const onconfirm = vi.fn();
    const props = { ...base, open: true, onconfirm, oncancel: vi.fn(), confirmDisabled: true };
    const { rerender } = render(ConfirmDialog, props);
    const confirm = screen.getByRole('button', { name: 'Effacer' });
    expect(confirm).toBeDisabled();
    await user.click(confirm);
    expect(onconfirm).not.toHaveBeenCalled();
    await rerender({ ...props, confirmDisabled: false });
    await user.click(confirm);
    expect(onconfirm).toHaveBeenCalledTimes(1);
  });

  it('gives initial focus to the extra content marked for it, and speaks the UI language', async () => {
    i18n.set('en');
    const children = createRawSnippet(() => ({ render: () => '<label>Mot <input data-initial-focus /></label>' }));
    render(ConfirmDialog, { ...base, open: true, onconfirm: vi.fn(), oncancel: vi.fn(), children });
    expect(screen.getByRole('textbox', { name: 'Mot' })).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeInTheDocument();
  });
});
