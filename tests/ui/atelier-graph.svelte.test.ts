// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { atelierData } from '../../src/app/atelier/library.ts';
import { checkScenario, type CheckResult } from '../../src/core/check.ts';
import GraphPanel from '../../src/ui/atelier/graph-panel.svelte';

/** mini.yaml with a state nothing leads to (`orphelin`) and one that never ends (`boucle`). */
function brokenMini(): string {
  const mini = readFileSync('tests/fixtures/mini.yaml', 'utf8');
  const extra = [
    '  boucle:',
    '    label: Boucle',
    '    lines: [On tourne en rond.]',
    '    choices:',
    '      - { text: Je vous écoute, act: acknowledge-emotion }',
    '    on:',
    '      acknowledge-emotion: { say: [Toujours pareil.] }',
    '    otherwise: { say: [Hein ?] }',
    '  orphelin:',
    '    label: Orphelin',
    '    lines: [Personne ne vient ici.]',
    '    choices:',
    '      - { text: Au revoir, act: close }',
    '    on:',
    '      close: { target: fin }',
    '    otherwise: { say: [Quoi ?] }',
    '',
  ].join('\n');
  return mini
    .replace('    otherwise: { say: [Et alors ?], target: a }', '    otherwise: { say: [Et alors ?], target: boucle }')
    .replace('  fin: { final: true', `${extra}  fin: { final: true`);
}

async function checked(): Promise<CheckResult & { compiled: NonNullable<CheckResult['compiled']> }> {
  const { library } = await atelierData();
  const r = checkScenario(brokenMini(), 'broken.yaml', library, { today: '2026-01-01' });
  if (!r.compiled) throw new Error(r.diagnostics.map((d) => d.code).join(', '));
  return { ...r, compiled: r.compiled };
}

/** An accessible name as written with plain spaces; the screen has French no-break spaces. */
function named(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s')}$`);
}

function flat(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function listItem(stateId: string): HTMLElement {
  const item = document.querySelector<HTMLElement>(`.list li[data-state="${stateId}"]`);
  if (!item) throw new Error(`no list item for ${stateId}`);
  return item;
}

describe('Atelier graph panel', () => {
  it('lists every state with its exits, outcomes and markings in words', async () => {
    const r = await checked();
    render(GraphPanel, { compiled: r.compiled, diagnostics: r.diagnostics, exploration: r.lint?.exploration, onOpenState: () => {} });

    const list = screen.getByRole('heading', { name: 'États et sorties' }).closest('section') as HTMLElement;
    expect(within(list).getAllByRole('button', { name: /^Ouvrir l’état/ })).toHaveLength(Object.keys(r.compiled.states).length);

    expect(listItem('orphelin')).toHaveTextContent('⚠ Inatteignable');
    expect(listItem('orphelin')).not.toHaveTextContent('Impasse');
    expect(listItem('boucle')).toHaveTextContent('⚠ Impasse : pas de fin');
    expect(listItem('boucle')).not.toHaveTextContent('Inatteignable');
    expect(listItem('a')).not.toHaveTextContent(/Inatteignable|Impasse/);
    expect(listItem('a')).toHaveTextContent('départ');
    expect(listItem('fin')).toHaveTextContent('Fin : réussite');
    expect(listItem('bof')).toHaveTextContent('Fin : réussite partielle');
    expect(listItem('parti')).toHaveTextContent('Fin : rupture');
    expect(listItem('parti')).toHaveTextContent('Atteint : humeur au maximum');
    expect(listItem('temps')).toHaveTextContent('Fin : échec');
    expect(listItem('fin')).toHaveTextContent('État final');

    // Exits, as the graph draws them: a → b on greet, the rest stays.
    const exits = within(listItem('a')).getByRole('list', { name: named('Sorties de « a »') });
    const lines = within(exits).getAllByRole('listitem').map((li) => flat(li.textContent));
    expect(lines).toContain('« Saluer et se présenter » · humeur −1 → vers « b »');
    expect(lines.some((l) => l.startsWith('Toute autre réponse · humeur +1 → reste dans l’état'))).toBe(true);
    expect(lines.some((l) => l.includes('révèle : secret'))).toBe(true);
    const fromB = within(listItem('b')).getAllByRole('listitem').map((li) => flat(li.textContent));
    expect(fromB.some((l) => l.includes('sous condition') && l.includes('vers « fin »'))).toBe(true);

    // Summary counts, in a status region.
    const status = screen.getAllByRole('status').find((s) => s.textContent?.includes('États'));
    expect(status).toHaveTextContent('Inatteignables : 1');
    expect(status).toHaveTextContent('Impasses : 1');
  });

  it('opening a state from the list calls onOpenState with its id', async () => {
    const r = await checked();
    const opened: string[] = [];
    render(GraphPanel, { compiled: r.compiled, diagnostics: r.diagnostics, onOpenState: (id: string) => opened.push(id) });
    await userEvent.click(within(listItem('boucle')).getByRole('button', { name: named('Ouvrir l’état « Boucle »') }));
    within(listItem('b')).getByRole('button').focus();
    await userEvent.keyboard('{Enter}');
    expect(opened).toEqual(['boucle', 'b']);
  });

  it('draws the flow lazily: one node per state, coloured and marked, clickable and keyboard-usable', async () => {
    const r = await checked();
    const opened: string[] = [];
    const { container } = render(GraphPanel, {
      compiled: r.compiled,
      diagnostics: r.diagnostics,
      exploration: r.lint?.exploration,
      onOpenState: (id: string) => opened.push(id),
    });
    const canvas = screen.getByRole('group', { name: 'Graphe des états' });
    await waitFor(() => expect(canvas.querySelectorAll('button[data-state]')).toHaveLength(Object.keys(r.compiled.states).length), { timeout: 10_000 });
    const box = (id: string) => canvas.querySelector<HTMLButtonElement>(`button[data-state="${id}"]`) as HTMLButtonElement;

    expect(box('orphelin')).toHaveClass('unreachable');
    expect(box('orphelin')).toHaveTextContent('⚠ Inatteignable');
    expect(box('boucle')).toHaveClass('dead-end');
    expect(box('boucle')).toHaveTextContent('⚠ Impasse');
    expect(box('a')).not.toHaveClass('unreachable');
    expect(box('a')).not.toHaveClass('dead-end');
    expect(box('fin').dataset.outcome).toBe('success');
    expect(box('fin')).toHaveTextContent('Fin : réussite');
    expect(box('parti').dataset.outcome).toBe('escalation');
    // The accessible name is the visible text (no aria-label that would differ from it).
    expect(box('boucle').getAttribute('aria-label')).toBeNull();
    expect(flat(box('boucle').textContent ?? '')).toMatch(/^Boucle.*id : boucle.*⚠ Impasse : pas de fin/);

    // Edges need the handles' measured positions (a ResizeObserver callback jsdom never makes), so
    // they are not drawn here; their routes and labels are tested on the layout (graph-layout.test.ts).
    expect(container.querySelector('.svelte-flow')).not.toBeNull();

    await userEvent.click(box('orphelin'));
    box('fin').focus();
    await userEvent.keyboard('{Enter}');
    expect(opened).toEqual(['orphelin', 'fin']);
  });
});
