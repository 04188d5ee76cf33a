// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
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
    const title = screen.getByRole('textbox', { name: 'Titre' });
    expect(title).toHaveValue('Une relance d\'impayé, au guichet');
    expect(screen.getByRole('textbox', { name: 'Nom du locataire' })).toHaveValue('Sandrine Lopes');
    const user = userEvent.setup();
    await user.clear(title);
    await user.type(title, 'Relance d’impayé : au guichet');
    await user.tab();
    expect(onChange).toHaveBeenCalledTimes(1);
    const next = onChange.mock.calls[0]?.[0] ?? '';
    expect(changedLines(text, next)).toEqual([['title: Une relance d\'impayé, au guichet', 'title: "Relance d’impayé : au guichet"']]);
    expect(parse(next).title).toBe('Relance d’impayé : au guichet');
  });

  it('follows a new source from the parent (YAML → forms)', async () => {
    const { text, library } = await bundled();
    const { rerender } = render(ScenarioForms, { source: text, library, diagnostics: [], onChange: vi.fn() });
    await rerender({ source: text.replace('  age: 44', '  age: 45'), library, diagnostics: [], onChange: vi.fn() });
    expect(screen.getByRole('spinbutton', { name: 'Âge' })).toHaveValue(45);
  });

  it('places a checker diagnostic next to its field, and counts it on the section', async () => {
    const { text, library } = await bundled();
    const broken = text.replace('  age: 44', '  age: 200');
    const { diagnostics } = checkScenario(broken, 'impayes-accueil.yaml', library, { lint: false });
    const onAge = diagnostics.filter((d) => d.path.join('.') === 'persona.age');
    expect(onAge.length).toBeGreaterThan(0);
    render(ScenarioForms, { source: broken, library, diagnostics, onChange: vi.fn() });
    const age = screen.getByRole('spinbutton', { name: 'Âge' });
    expect(age).toHaveAttribute('aria-invalid', 'true');
    expect(age).toHaveAccessibleDescription(expect.stringContaining(onAge[0]?.code ?? '?'));
    const persona = screen.getByText('Locataire et faits cachés').closest('summary');
    expect(persona).toHaveTextContent('1 erreur(s)');
    // A field without a problem stays quiet.
    expect(screen.getByRole('textbox', { name: 'Nom du locataire' })).not.toHaveAttribute('aria-invalid');
  });

  it('says the forms are unavailable, with the located YAML error, when the source does not parse', async () => {
    const { library } = await bundled();
    const bad = 'schemaVersion: 1\ntitle: "pas fermé\nlevel: 1\n';
    const onChange = vi.fn();
    render(ScenarioForms, { source: bad, library, diagnostics: [], onChange });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Les formulaires sont indisponibles');
    expect(alert).toHaveTextContent(/Ligne \d+, colonne \d+/);
    expect(screen.queryByRole('textbox', { name: 'Titre' })).not.toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalled();
  });

  it('focusPath opens the section and the step, and focuses the field', async () => {
    const { text, library } = await bundled();
    const props = { source: text, library, diagnostics: [], onChange: vi.fn() };
    const { rerender } = render(ScenarioForms, props);
    const hint = screen.getByRole('textbox', { name: 'Indice du senior', hidden: true, description: /souffleriez/ });
    void hint;
    await rerender({ ...props, focusPath: ['states', 'cause', 'hint'] });
    await waitFor(() => expect(document.activeElement).toHaveAttribute('data-path', JSON.stringify(['states', 'cause', 'hint'])));
    const details = document.activeElement?.closest('details');
    expect(details?.open).toBe(true);
    expect(details?.parentElement?.closest('details')?.open).toBe(true);
  });

  it('edits a guarded transition target and adds a hidden fact, each as one source change', async () => {
    const { text, library } = await bundled();
    const onChange = vi.fn<(s: string) => void>();
    render(ScenarioForms, { source: text, library, diagnostics: [], onChange });
    const user = userEvent.setup();
    const target = document.querySelector<HTMLSelectElement>(`select[data-path='${JSON.stringify(['states', 'accueil', 'on', 'identify-tenant', 1, 'target'])}']`);
    if (!target) throw new Error('target select missing');
    expect(target.value).toBe('montant');
    await user.selectOptions(target, 'cause');
    const moved = onChange.mock.calls.at(-1)?.[0] ?? '';
    expect(parse(moved).states.accueil.on['identify-tenant'][1].target).toBe('cause');
    expect(changedLines(text, moved)).toEqual([['        - target: montant', '        - target: cause']]);

    const input = screen.getByRole('textbox', { name: 'Identifiant d’un nouveau fait caché', hidden: true });
    await user.type(input, 'dossier-fsl');
    await user.click(screen.getByRole('button', { name: 'Ajouter le fait', hidden: true }));
    const added = onChange.mock.calls.at(-1)?.[0] ?? '';
    const facts = parse(added).persona.hiddenFacts as Array<{ id: string }>;
    expect(facts.map((f) => f.id)).toEqual(['perte-emploi', 'apl-suspendue', 'dossier-fsl']);
    // Built on the previous edit: the transition change is kept.
    expect(parse(added).states.accueil.on['identify-tenant'][1].target).toBe('cause');
  });

  it('shows a live recognition indicator per act', async () => {
    const { text, library } = await bundled();
    render(ScenarioForms, { source: text, library, diagnostics: [], onChange: vi.fn() });
    const group = screen.getByRole('group', { name: 'Acte du scénario : Annoncer le montant de la dette', hidden: true });
    await waitFor(() => expect(within(group).getByText(/reconnu \d+\/22/)).toBeInTheDocument(), { timeout: 15_000 });
    expect(within(group).getByText('Bien reconnu')).toBeInTheDocument();
  });

  it('speaks English when the interface does', async () => {
    i18n.set('en');
    const { text, library } = await bundled();
    render(ScenarioForms, { source: text, library, diagnostics: [], onChange: vi.fn() });
    expect(screen.getByRole('textbox', { name: 'Title' })).toBeInTheDocument();
  });
});
