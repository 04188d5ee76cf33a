// @vitest-environment jsdom
import { EditorView } from '@codemirror/view';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFromTemplate, loadWorking } from '../../src/app/atelier/store.ts';
import { database } from '../../src/db/db.ts';
import { i18n } from '../../src/ui/i18n/i18n.svelte.ts';
import AtelierEditorScreen from '../../src/ui/screens/atelier-editor-screen.svelte';
import { app } from '../../src/ui/state/app-state.svelte.ts';

/**
 * The editor screen: the forms and the YAML source edit one text (a change in either shows in the
 * other, comments untouched elsewhere), diagnostics come live from the checker and sit next to the
 * field they concern, and every change is saved as the draft.
 */

beforeAll(() => {
  // jsdom has no layout: CodeMirror measures text with Range rectangles.
  const rect = { x: 0, y: 0, top: 0, left: 0, bottom: 0, right: 0, width: 0, height: 0, toJSON: () => ({}) };
  Range.prototype.getClientRects = () => Object.assign([rect], { item: () => rect }) as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect = () => rect as DOMRect;
});

beforeEach(async () => {
  i18n.set('fr');
  await database().scenarios.clear();
  app.profile = { id: 's1', name: 'Mireille Dubois', role: 'senior', createdAt: 0 };
});
afterEach(() => {
  app.profile = undefined;
});

// Role queries walk the accessibility tree of the whole (large) forms: seconds each in jsdom.
// Elements are found by id, data-path and class instead; their roles and names are asserted.
const tab = (name: 'forms' | 'yaml'): HTMLElement => document.getElementById(`tab-${name}`) as HTMLElement;
const fieldAt = (path: Array<string | number>): HTMLInputElement | null => document.querySelector(`[data-path='${JSON.stringify(path)}']`);

/** The CodeMirror view inside the YAML tab. */
function codeMirror(): EditorView {
  const dom = document.querySelector<HTMLElement>('[data-testid=yaml-editor] .cm-editor');
  const view = dom ? EditorView.findFromDOM(dom) : null;
  if (!view) throw new Error('no CodeMirror view');
  return view;
}

async function openEditor(): Promise<string> {
  const id = await createFromTemplate(database(), { name: 'Mireille Dubois', role: 'Gardienne principale' }, '2026-11-29');
  render(AtelierEditorScreen, { scenarioId: id });
  await screen.findByRole('heading', { level: 1, name: "Plus de lumière dans l'escalier" }, { timeout: 15_000 });
  await screen.findByText('Aucun problème : le scénario peut être publié.', undefined, { timeout: 15_000 });
  return id;
}

describe('the Atelier editor', () => {
  it('a change in the forms shows in the YAML source, comments and other lines untouched, and is saved', async () => {
    const user = userEvent.setup();
    const id = await openEditor();
    const before = (await loadWorking(database(), id))?.source ?? '';
    await waitFor(() => expect(fieldAt(['title'])).not.toBeNull(), { timeout: 15_000 });
    const title = fieldAt(['title']) as HTMLInputElement;
    expect(title).toHaveAccessibleName(/^Titre/);
    // One input event and the change on leaving the field (typing key by key is slow in jsdom).
    await fireEvent.input(title, { target: { value: 'La lumière du bâtiment C' } });
    await fireEvent.change(title);

    await user.click(tab('yaml'));
    await waitFor(() => expect(codeMirror().state.doc.toString()).toContain('title: La lumière du bâtiment C'));
    const after = codeMirror().state.doc.toString();
    const changed = after.split('\n').filter((line, i) => line !== before.split('\n')[i]);
    expect(changed).toEqual(['title: La lumière du bâtiment C']);
    expect(after).toContain('# MODÈLE DE SCÉNARIO PALIER');
    // The draft on the device follows.
    await waitFor(async () => expect((await loadWorking(database(), id))?.source).toBe(after));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('La lumière du bâtiment C');
  }, 60_000);

  it('a change in the YAML source shows in the forms', async () => {
    const user = userEvent.setup();
    await openEditor();
    await user.click(tab('yaml'));
    const view = codeMirror();
    const text = view.state.doc.toString();
    const at = text.indexOf("title: Plus de lumière dans l'escalier");
    view.dispatch({ changes: { from: at, to: at + "title: Plus de lumière dans l'escalier".length, insert: 'title: Panne de minuterie' } });

    await user.click(tab('forms'));
    await waitFor(() => expect(fieldAt(['title'])).toHaveValue('Panne de minuterie'), { timeout: 15_000 });
  }, 60_000);

  it('places a diagnostic next to its field and in the list; the list leads to the field and to the line', async () => {
    const user = userEvent.setup();
    await openEditor();
    await user.click(tab('yaml'));
    const view = codeMirror();
    const text = view.state.doc.toString();
    const at = text.indexOf('estimatedMinutes: 5');
    view.dispatch({ changes: { from: at, to: at + 'estimatedMinutes: 5'.length, insert: 'estimatedMinutes: beaucoup' } });

    await waitFor(() => expect(document.querySelector('section.diagnostics h2')).toHaveTextContent(/^1 erreur\(s\)/), { timeout: 15_000 });
    const item = document.querySelector<HTMLElement>('li.diag.error') as HTMLElement;
    expect(item.dataset.code).toBeDefined();
    const line = text.slice(0, at).split('\n').length;
    expect(within(item).getByRole('button', { name: `ligne ${line}` })).toBeInTheDocument();

    // To the field: the forms open, the field is marked invalid and described by the message.
    await user.click(within(item).getAllByRole('button')[0] as HTMLElement);
    await waitFor(() => expect(fieldAt(['estimatedMinutes'])).not.toBeNull());
    const field = fieldAt(['estimatedMinutes']) as HTMLInputElement;
    expect(field).toHaveAccessibleName(/Durée estimée/);
    await waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'true'));
    expect(field).toHaveAccessibleDescription(/nombre|number|entier/i);

    // To the line: the YAML tab opens with the cursor on it.
    await user.click(within(item).getByRole('button', { name: `ligne ${line}` }));
    await waitFor(() => expect(tab('yaml')).toHaveAttribute('aria-selected', 'true'));
    const cursor = codeMirror().state.selection.main.head;
    expect(codeMirror().state.doc.lineAt(cursor).number).toBe(line);
  }, 60_000);
});
