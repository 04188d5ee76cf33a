// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { atelierData } from '../../src/app/atelier/library.ts';
import { playKey, referenceTurns, type ReferenceTurn } from '../../src/app/atelier/playtest.ts';
import { checkScenario } from '../../src/core/check.ts';
import type { CompiledScenario } from '../../src/core/dialogue/compiled.ts';
import { referenceTranscript } from '../../src/core/dialogue/reference.ts';
import { createSession } from '../../src/core/dialogue/session.ts';
import PlaytestPanel from '../../src/ui/atelier/playtest-panel.svelte';

const MINI = readFileSync('tests/fixtures/mini.yaml', 'utf8');

async function compile(text = MINI): Promise<CompiledScenario> {
  const { library } = await atelierData();
  const r = checkScenario(text, 'mini.yaml', library, { lint: false });
  if (!r.compiled) throw new Error(r.diagnostics.map((d) => d.code).join(', '));
  return r.compiled;
}

function flat(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function seniorView(): HTMLElement {
  return screen.getByText(/^État/).closest('section') as HTMLElement;
}

describe('Atelier playtest panel', () => {
  it('guided: plays to the end with mood and state visible, scores it, records the reference path', async () => {
    const compiled = await compile();
    const { library } = await atelierData();
    const recorded: ReferenceTurn[][] = [];
    const { rerender } = render(PlaytestPanel, { compiled, library, onRecordReference: (t: ReferenceTurn[]) => recorded.push(t) });

    // The senior's view: state, mood on its scale, no fact yet.
    await screen.findByRole('button', { name: 'Bonjour' });
    expect(flat(seniorView().textContent)).toContain('État : « a » (a)');
    expect(screen.getByRole('meter', { name: 'Humeur (agacement)' })).toHaveAttribute('value', '2');
    expect(seniorView()).toHaveTextContent('2 sur 5');
    expect(seniorView()).toHaveTextContent('Aucun fait révélé pour l’instant.');

    await userEvent.click(screen.getByRole('button', { name: 'Bonjour' }));
    expect(screen.getByRole('meter')).toHaveAttribute('value', '1');
    expect(flat(seniorView().textContent)).toContain('État : « b » (b)');
    // Focus moves to the next choices.
    expect(screen.getByRole('button', { name: 'Je comprends' })).toHaveFocus();
    await userEvent.click(screen.getByRole('button', { name: 'Je comprends' }));
    expect(seniorView()).toHaveTextContent('Marqueurs posés : ecoute');
    expect(screen.queryByRole('button', { name: /Enregistrer comme parcours de référence/ })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Au revoir' }));

    // The end: outcome, score, and the record button.
    const end = await screen.findByRole('heading', { name: /Fin de la conversation/ });
    expect(end).toHaveTextContent('Réussite');
    const endSection = end.closest('section') as HTMLElement;
    expect(endSection).toHaveFocus();
    expect(endSection).toHaveTextContent('Score : 100 %');
    expect(endSection).toHaveTextContent('Critères remplis : 3 sur 3');
    expect(screen.queryByRole('button', { name: 'Bonjour' })).toBeNull();

    await userEvent.click(within(endSection).getByRole('button', { name: 'Enregistrer comme parcours de référence' }));
    expect(recorded).toEqual([
      [
        { acts: ['greet'], text: 'Bonjour' },
        { acts: ['acknowledge-emotion'], text: 'Je comprends' },
        { acts: ['close'], text: 'Au revoir' },
      ],
    ]);
    const confirm = within(endSection).getAllByRole('status').find((s) => s.textContent?.includes('enregistré'));
    expect(confirm).toHaveTextContent('Parcours de référence enregistré : 3 réponses.');

    // The host saves the reference into the draft: a new hash, but the playthrough stays.
    const withReference: CompiledScenario = {
      ...compiled,
      hash: 'another-hash',
      reference: { by: { name: 'Test', role: 'Senior' }, recordedOn: '2026-01-01', turns: recorded[0]!.map((t) => ({ acts: t.acts, text: t.text ?? '' })) },
    };
    await rerender({ compiled: withReference, library, onRecordReference: () => {}, recordedTurns: 3 });
    expect(screen.getByRole('heading', { name: /Fin de la conversation/ })).toBeInTheDocument();
    expect(screen.queryByText(/Le brouillon a changé/)).toBeNull();

    // The recorded turns replay to the same ending (what juniors will read in the debrief).
    const transcript = referenceTranscript(withReference);
    expect(transcript?.filter((l) => l.speaker === 'junior').map((l) => l.text)).toEqual(['Bonjour', 'Je comprends', 'Au revoir']);
  });

  it('free text: an understood phrase moves the dialogue and releases a fact; an unplaceable one asks to rephrase', async () => {
    const compiled = await compile();
    const { library } = await atelierData();
    render(PlaytestPanel, { compiled, library, onRecordReference: () => {} });
    await userEvent.click(await screen.findByRole('radio', { name: 'Texte libre' }));
    const box = screen.getByRole('textbox', { name: 'Votre réponse' });

    await userEvent.type(box, 'Depuis quand ça dure exactement ?{Enter}');
    await waitFor(() => expect(seniorView()).toHaveTextContent('Un secret.'));
    expect(screen.getByRole('log')).toHaveTextContent('Voilà mon secret.');
    expect(screen.getByRole('log')).toHaveTextContent('Compris comme : Poser une question de détail');
    expect(box).toHaveValue('');

    await userEvent.type(box, 'qsdfqsdf azerty{Enter}');
    await screen.findByText(/Réponse non reconnue/);
    expect(screen.getByRole('log')).toHaveTextContent(/Pardon \? Je n’ai pas bien compris|vous pouvez reformuler/);
    // Not understood: the state and mood did not move.
    expect(flat(seniorView().textContent)).toContain('État : « a » (a)');

    await userEvent.type(box, 'Bonjour monsieur, Karim, le gardien de la résidence.{Enter}');
    await waitFor(() => expect(flat(seniorView().textContent)).toContain('État : « b » (b)'));

    // An empty reply is refused with a message.
    await userEvent.click(screen.getByRole('button', { name: 'Envoyer' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Écrivez une réponse avant de l’envoyer.');
  });

  it('restart begins again; the hint is shown; a changed draft restarts with a notice', async () => {
    const compiled = await compile();
    const { library } = await atelierData();
    const { rerender } = render(PlaytestPanel, { compiled, library, onRecordReference: () => {} });
    await userEvent.click(await screen.findByRole('button', { name: 'Indice' }));
    expect(screen.getByText(/Présentez-vous\./)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Bonjour' }));
    expect(flat(seniorView().textContent)).toContain('(b)');

    await userEvent.click(screen.getByRole('button', { name: 'Recommencer' }));
    expect(flat(seniorView().textContent)).toContain('État : « a » (a)');
    expect(screen.getByText('Nouvelle partie.')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Bonjour' }));
    const edited = await compile(MINI.replace('greet: { target: b, mood: -1 }', 'greet: { target: b, mood: -2 }'));
    expect(playKey(edited)).not.toBe(playKey(compiled));
    await rerender({ compiled: edited, library, onRecordReference: () => {} });
    await screen.findByText(/Le brouillon a changé/);
    expect(flat(seniorView().textContent)).toContain('État : « a » (a)');
  });
});

describe('referenceTurns', () => {
  it('keeps the turns with acts, in order, and leaves out hints and replies not understood', async () => {
    const compiled = await compile();
    const s = createSession(compiled, { seed: 1 });
    s.hint();
    s.unclear('euh');
    s.reply({ acts: ['greet'], text: '  Bonjour, Karim  ' });
    s.reply({ acts: ['acknowledge-emotion'] });
    expect(referenceTurns(s.trace)).toEqual([{ acts: ['greet'], text: 'Bonjour, Karim' }, { acts: ['acknowledge-emotion'] }]);
  });
});
