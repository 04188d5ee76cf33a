// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { atelierData } from '../../src/app/atelier/library.ts';
import { criterionRows, runTestReplies, testsVerdict } from '../../src/app/atelier/playtest.ts';
import { checkScenario } from '../../src/core/check.ts';
import type { CompiledScenario } from '../../src/core/dialogue/compiled.ts';
import TestsPanel from '../../src/ui/atelier/tests-panel.svelte';
import { bundledSources } from '../helpers/atelier.ts';

const MINI = readFileSync('tests/fixtures/mini.yaml', 'utf8');
const TODAY = '2026-01-01';
const now = (): Promise<void> => Promise.resolve();

async function compile(text: string, file = 'mini.yaml'): Promise<CompiledScenario> {
  const { library } = await atelierData();
  const r = checkScenario(text, file, library, { lint: false });
  if (!r.compiled) throw new Error(r.diagnostics.map((d) => d.code).join(', '));
  return r.compiled;
}

/** mini.yaml with other test replies. */
function withTests(poor: string, average: string, senior: string): string {
  const text = MINI.replace(
    /tests:\n {2}poor: .*\n {2}average: .*\n {2}senior: .*\n/,
    `tests:\n  poor: ${poor}\n  average: ${average}\n  senior: ${senior}\n`,
  );
  if (text === MINI) throw new Error('mini.yaml changed: update the tests edit');
  return text;
}

function flat(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function row(name: string): string[] {
  const tr = document.querySelector(`tr[data-criterion="${name}"]`);
  if (!tr) throw new Error(`no row ${name}`);
  return [...tr.querySelectorAll('td')].map((td) => flat(td.textContent));
}

describe('Atelier test replies panel', () => {
  it('runs the three test replies and shows their scores side by side, with the criteria table', async () => {
    const compiled = await compile(MINI);
    const { library } = await atelierData();
    const user = userEvent.setup({ delay: null });
    render(TestsPanel, { compiled, library, today: TODAY });
    expect(screen.queryByRole('table')).toBeNull();

    const button = screen.getByRole('button', { name: 'Lancer les réponses de test' });
    await user.click(button);
    // Busy at once, before the runs take the main thread.
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent('Calcul en cours…');
    expect(screen.getByRole('region', { name: 'Réponses de test' })).toHaveAttribute('aria-busy', 'true');

    await screen.findByText(/Ordre respecté/);
    expect(button).toBeEnabled();
    expect(flat(screen.getByText(/Ordre respecté/).textContent)).toBe('Ordre respecté : faible 0 % < moyen 60 % < senior 100 %.');

    const runs = document.querySelectorAll<HTMLElement>('li.run');
    expect([...runs].map((r) => r.dataset.kind)).toEqual(['poor', 'average', 'senior']);
    const [poor, average, senior] = [...runs];
    expect(within(poor!).getByRole('heading')).toHaveTextContent('Faible (poor)');
    expect(flat(poor!.textContent)).toContain('0 %');
    expect(flat(poor!.textContent)).toContain('Issue : Rupture : le locataire est parti');
    expect(flat(average!.textContent)).toContain('60 %');
    expect(flat(average!.textContent)).toContain('Issue : Réussite partielle');
    expect(flat(senior!.textContent)).toContain('100 %');
    expect(flat(senior!.textContent)).toContain('Issue : Réussite');
    expect(flat(senior!.textContent)).toContain('Tours : 3');

    // Criteria as rows, the three runs as columns.
    const table = screen.getByRole('table', { name: 'Critères par parcours de test' });
    expect(within(table).getAllByRole('columnheader').map((th) => flat(th.textContent))).toEqual(['Critère', 'Faible (poor)', 'Moyen (average)', 'Senior (senior)']);
    expect(within(table).getAllByRole('rowheader').map((th) => flat(th.textContent))).toEqual(['Saluer poids 2', 'Écouter poids 2', 'Calme poids 1, critique']);
    expect(row('salue')).toEqual(['✗ Manqué', '✓ Rempli', '✓ Rempli']);
    expect(row('ecoute')).toEqual(['✗ Manqué', '✗ Manqué', '✓ Rempli']);
    expect(row('calme')).toEqual(['✗ Manqué', '✓ Rempli', '✓ Rempli']);
    expect(button).toHaveFocus();
  });

  it('says clearly when the order fails or a run does not finish, with the lint’s codes', async () => {
    const compiled = await compile(withTests('[greet, close]', '[blame, blame]', '[greet]'));
    const { library } = await atelierData();
    render(TestsPanel, { compiled, library, today: TODAY });
    await userEvent.click(screen.getByRole('button', { name: 'Lancer les réponses de test' }));
    const errors = await screen.findByRole('heading', { name: 'À corriger avant de publier' });
    const errorBox = errors.parentElement as HTMLElement;
    expect([...errorBox.querySelectorAll('li')].map((li) => li.dataset.code)).toEqual(['tests_unordered']);
    expect(flat(errorBox.textContent)).toContain('Les parcours de test ne sont pas dans l’ordre poor < average < senior (obtenu : 60 %, 0 %, 60 %)');
    const warnings = screen.getByRole('heading', { name: 'À vérifier' }).parentElement as HTMLElement;
    expect([...warnings.querySelectorAll('li')].map((li) => li.dataset.code)).toEqual(['test_not_finished']);
    expect(flat(warnings.textContent)).toContain('Le parcours de test « senior » s’arrête avant la fin de la conversation (état « b »)');
    expect(screen.queryByText(/Ordre respecté/)).toBeNull();
    const senior = document.querySelector<HTMLElement>('li.run[data-kind="senior"]');
    expect(flat(senior?.textContent)).toContain('Non terminé (état « b »)');
  });

  it('a bundled scenario: judged criteria stay pending, decimals in French, and a changed draft marks the results stale', async () => {
    const { library } = await atelierData();
    const sources = await bundledSources();
    const src = sources['degat-des-eaux-nuit']!;
    const compiled = await compile(src.text, src.file);
    const { rerender } = render(TestsPanel, { compiled, library, today: TODAY });
    await userEvent.click(screen.getByRole('button', { name: 'Lancer les réponses de test' }));
    await screen.findByText(/Ordre respecté/, {}, { timeout: 10_000 });
    expect(flat(screen.getByText(/Ordre respecté/).textContent)).toMatch(/^Ordre respecté : faible \d+(,\d)? % < moyen \d+(,\d)? % < senior 100 %\.$/);
    expect(row('ton')).toEqual(['… En attente', '… En attente', '… En attente']);
    expect(screen.queryByText(/Le brouillon a changé/)).toBeNull();
    await rerender({ compiled: { ...compiled, hash: 'edited' }, library, today: TODAY });
    expect(screen.getByText('Le brouillon a changé depuis ce lancement : relancez les réponses de test.')).toBeInTheDocument();
  });
});

describe('test replies helpers', () => {
  it('testsVerdict agrees with the lint on the test-reply codes', async () => {
    const { library } = await atelierData();
    for (const text of [MINI, withTests('[greet, close]', '[blame, blame]', '[greet]'), withTests('[blame]', '[greet, close, close]', '[greet, acknowledge-emotion, close]')]) {
      const full = checkScenario(text, 'mini.yaml', library, { today: TODAY });
      const lintCodes = full.diagnostics.filter((d) => d.path[0] === 'tests').map((d) => `${d.code}@${d.path.join('.')}`).sort();
      const runs = await runTestReplies(full.compiled!, library, now);
      const ours = testsVerdict(full.compiled!, runs).map((d) => `${d.code}@${d.path.join('.')}`).sort();
      expect(ours).toEqual(lintCodes);
    }
  });

  it('criterionRows lines up each criterion across the runs', async () => {
    const { library } = await atelierData();
    const runs = await runTestReplies(await compile(MINI), library, now);
    expect(criterionRows(runs).map((r) => [r.id, r.status.poor, r.status.average, r.status.senior, r.critical])).toEqual([
      ['salue', 'missed', 'met', 'met', false],
      ['ecoute', 'missed', 'missed', 'met', false],
      ['calme', 'missed', 'met', 'met', true],
    ]);
  });
});
