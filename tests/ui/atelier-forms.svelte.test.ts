// @vitest-environment jsdom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { atelierData } from '../../src/app/atelier/library.ts';
import { checkScenario } from '../../src/core/check.ts';
import ScenarioForms from '../../src/ui/atelier/forms/scenario-forms.svelte';
import { i18n } from '../../src/ui/i18n/i18n.svelte.ts';
import { bundledSources } from '../helpers/atelier.ts';

afterEach(() => {
  document.body.innerHTML = '';
  i18n.set('fr');
});

async function bundled(id = 'impayes-accueil'): Promise<{ text: string; library: Awaited<ReturnType<typeof atelierData>>['library'] }> {
  const { library } = await atelierData();
  const sources = await bundledSources();
  const src = sources[id];
  if (!src) throw new Error(`${id} is not bundled`);
  return { text: src.text, library };
}

/**
 * The form control for a path. Role queries are far too slow on a whole scenario's forms in jsdom,
 * so tests find controls by their data-path and check their accessible name separately.
 */
function field(path: ReadonlyArray<string | number>): HTMLElement {
  const el = document.querySelector<HTMLElement>(`:is(input, select, textarea)[data-path='${JSON.stringify(path)}']`);
  if (!el) throw new Error(`no field for ${JSON.stringify(path)}`);
  return el;
}

/**
 * Opens every section: a section's fields are drawn once it is opened (a scenario has some 1,600
 * fields, too many to draw at once on a phone).
 */
async function openSections(...only: string[]): Promise<void> {
  for (const d of document.querySelectorAll<HTMLDetailsElement>('details.section')) {
    if (d.open || (only.length > 0 && !only.some((id) => d.id.endsWith(`-section-${id}`)))) continue;
    d.open = true;
    d.dispatchEvent(new Event('toggle'));
  }
  await tick();
}

function changedLines(before: string, after: string): string[][] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i] ?? '']]));
}

describe('ScenarioForms', () => {
  it('renders a bundled scenario; editing the title changes only the title line', async () => {
    const { text, library } = await bundled();
    const onChange = vi.fn<(s: string) => void>();
    render(ScenarioForms, { source: text, library, diagnostics: [], onChange });
    await openSections('persona');
    const title = field(['title']);
    expect(title).toHaveAccessibleName('Titre');
    expect(title).toHaveAttribute('aria-required', 'true');
    expect(title).toHaveValue('Une relance d\'impayé, au guichet');
    expect(field(['persona', 'name'])).toHaveValue('Sandrine Lopes');
    const user = userEvent.setup();
    await user.clear(title);
    await user.type(title, 'Relance d’impayé : au guichet');
    await user.tab();
    // Typing commits after a pause (a slow machine may pause mid-word), leaving the field at once.
    expect(onChange).toHaveBeenCalled();
    for (const [s] of onChange.mock.calls) expect(changedLines(text, s).map(([before]) => before)).toEqual(['title: Une relance d\'impayé, au guichet']);
    const next = onChange.mock.calls.at(-1)?.[0] ?? '';
    expect(changedLines(text, next)).toEqual([['title: Une relance d\'impayé, au guichet', 'title: "Relance d’impayé : au guichet"']]);
    expect(parse(next).title).toBe('Relance d’impayé : au guichet');
  });

  it('follows a new source from the parent (YAML → forms)', async () => {
    const { text, library } = await bundled();
    const { rerender } = render(ScenarioForms, { source: text, library, diagnostics: [], onChange: vi.fn() });
    await openSections();
    await rerender({ source: text.replace('  age: 44', '  age: 45'), library, diagnostics: [], onChange: vi.fn() });
    expect(field(['persona', 'age'])).toHaveValue(45);
  });

  it('places a checker diagnostic next to its field, and counts it on the section', async () => {
    const { text, library } = await bundled();
    const broken = text.replace('  age: 44', '  age: 200');
    const { diagnostics } = checkScenario(broken, 'impayes-accueil.yaml', library, { lint: false });
    const onAge = diagnostics.filter((d) => d.path.join('.') === 'persona.age');
    expect(onAge.length).toBeGreaterThan(0);
    render(ScenarioForms, { source: broken, library, diagnostics, onChange: vi.fn() });
    await openSections();
    const age = field(['persona', 'age']);
    expect(age).toHaveAccessibleName('Âge');
    // Fields declare their paths as they mount; diagnostics are placed right after.
    await waitFor(() => expect(age).toHaveAttribute('aria-invalid', 'true'));
    expect(age).toHaveAccessibleDescription(expect.stringContaining(onAge[0]?.code ?? '?'));
    const persona = [...document.querySelectorAll('summary')].find((el) => el.textContent?.includes('Locataire et faits cachés'));
    expect(persona).toHaveTextContent('1 erreur(s)');
    // A field without a problem stays quiet.
    expect(field(['persona', 'name'])).not.toHaveAttribute('aria-invalid');
  });

  it('says the forms are unavailable, with the located YAML error, when the source does not parse', async () => {
    const { library } = await bundled();
    const bad = 'schemaVersion: 1\ntitle: "pas fermé\nlevel: 1\n';
    const onChange = vi.fn();
    render(ScenarioForms, { source: bad, library, diagnostics: [], onChange });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Les formulaires sont indisponibles');
    expect(alert).toHaveTextContent(/Ligne \d+, colonne \d+/);
    expect(document.querySelector('[data-path]')).toBeNull();
    expect(onChange).not.toHaveBeenCalled();
  });

  it('focusPath opens the section and the step, and focuses the field', async () => {
    const { text, library } = await bundled();
    const props = { source: text, library, diagnostics: [], onChange: vi.fn() };
    const { rerender } = render(ScenarioForms, props);
    // The states section is closed, so not drawn yet.
    expect(() => field(['states', 'cause', 'hint'])).toThrow();
    await rerender({ ...props, focusPath: ['states', 'cause', 'hint'] });
    await waitFor(() => expect(document.activeElement).toHaveAttribute('data-path', JSON.stringify(['states', 'cause', 'hint'])));
    expect(field(['states', 'cause', 'hint'])).toHaveAccessibleName('Indice du senior');
    const details = document.activeElement?.closest('details');
    expect(details?.open).toBe(true);
    expect(details?.parentElement?.closest('details')?.open).toBe(true);
  });

  it('edits a guarded transition target and adds a hidden fact, each as one source change', async () => {
    const { text, library } = await bundled();
    const onChange = vi.fn<(s: string) => void>();
    render(ScenarioForms, { source: text, library, diagnostics: [], onChange });
    await openSections();
    // fireEvent rather than userEvent: its pointer checks crawl on a whole scenario's forms in jsdom.
    const target = field(['states', 'accueil', 'on', 'identify-tenant', 1, 'target']);
    expect(target).toHaveValue('montant');
    await fireEvent.change(target, { target: { value: 'cause' } });
    const moved = onChange.mock.calls.at(-1)?.[0] ?? '';
    expect(parse(moved).states.accueil.on['identify-tenant'][1].target).toBe('cause');
    expect(changedLines(text, moved)).toEqual([['        - target: montant', '        - target: cause']]);

    const label = [...document.querySelectorAll('label')].find((l) => l.textContent === 'Identifiant d’un nouveau fait caché');
    const input = label ? document.getElementById(label.htmlFor) : null;
    if (!input) throw new Error('new-fact field missing');
    await fireEvent.input(input, { target: { value: 'dossier-fsl' } });
    const add = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Ajouter le fait');
    if (!add) throw new Error('add-fact button missing');
    await fireEvent.click(add);
    const added = onChange.mock.calls.at(-1)?.[0] ?? '';
    const facts = parse(added).persona.hiddenFacts as Array<{ id: string }>;
    expect(facts.map((f) => f.id)).toEqual(['perte-emploi', 'apl-suspendue', 'dossier-fsl']);
    // Built on the previous edit: the transition change is kept.
    expect(parse(added).states.accueil.on['identify-tenant'][1].target).toBe('cause');
  });

  it('shows a live recognition indicator per act', async () => {
    const { text, library } = await bundled();
    render(ScenarioForms, { source: text, library, diagnostics: [], onChange: vi.fn() });
    await openSections();
    const group = document.querySelector<HTMLElement>(`fieldset[data-path='${JSON.stringify(['acts', 0])}']`);
    if (!group) throw new Error('act group missing');
    expect(group.querySelector('legend')).toHaveTextContent('Annoncer le montant de la dette');
    await waitFor(() => expect(within(group).getByText(/reconnu \d+\/22/)).toBeInTheDocument(), { timeout: 15_000 });
    expect(within(group).getByText('Bien reconnu')).toBeInTheDocument();
  });

  it('speaks English when the interface does', async () => {
    i18n.set('en');
    const { text, library } = await bundled();
    render(ScenarioForms, { source: text, library, diagnostics: [], onChange: vi.fn() });
    expect(field(['title'])).toHaveAccessibleName('Title');
  });
});
