import type { CompiledScenario } from '../../../src/core/dialogue/compiled.ts';
import { createSession, type Session } from '../../../src/core/dialogue/session.ts';
import { voiceGuard, voiceRequest, voiceable, type VoiceGuard, type VoiceRequest } from '../../../src/core/dialogue/voice-request.ts';
import { compileFile } from '../../helpers/scenarios.ts';

/** A small hand-made request (unit tests). */
export function sampleRequest(overrides: Partial<VoiceRequest> = {}): VoiceRequest {
  return {
    persona: {
      name: 'Josiane Perrin',
      age: 78,
      household: 'Veuve, au 2e étage',
      situation: 'De l’eau goutte du plafond de sa cuisine.',
      temperament: 'Affolée mais polie.',
      speech: 'Phrases courtes, répète « mon Dieu », vouvoie.',
      goals: ['Que l’eau s’arrête ce soir.'],
    },
    beat: 'Elle décrit l’eau au plafond sans penser au danger.',
    channel: 'telephone',
    scripted: 'L’eau tombe au milieu du plafond, ça fait une grosse tache qui s’agrandit.',
    mood: { name: 'affolement', value: 6, max: 10, label: 'inquiète' },
    releasedFacts: [],
    transcript: [
      { speaker: 'tenant', text: 'Allô ? Il y a de l’eau qui coule du plafond de ma cuisine !' },
      { speaker: 'junior', text: 'Bonsoir madame, Karim, de la permanence. Je vous écoute.' },
    ],
    maxLength: 280,
    ...overrides,
  };
}

export function sampleGuard(overrides: Partial<VoiceGuard> = {}): VoiceGuard {
  return {
    forbidden: [
      { fact: 'eau-pres-du-plafonnier', keywords: ['lampe', 'plafonnier', 'lumière', 'électricité'] },
      { fact: 'voisin-absent', keywords: ['vacances', 'valises'] },
    ],
    maxLength: 280,
    ...overrides,
  };
}

export const WATER_SCENARIO = 'scenarios/degat-des-eaux-nuit.yaml';

let compiled: CompiledScenario | undefined;
export function waterScenario(): CompiledScenario {
  compiled ??= compileFile(WATER_SCENARIO);
  return compiled;
}

/**
 * A real attempt on « Fuite au plafond, un soir »: greeting, a question on her health (releases
 * `vit-seule-cardiaque`), then acknowledging her worry, which enters `securite`. The request is
 * for the tenant's line on entering that state; two hidden facts are still hidden.
 */
export function realRequest(): { session: Session; req: VoiceRequest; guard: VoiceGuard } {
  const c = waterScenario();
  const session = createSession(c, { seed: 7, now: () => 0 });
  session.reply({ acts: ['greet'], text: 'Bonsoir madame, Karim, de la permanence du bailleur. Je vous écoute.', engine: 'script' });
  session.reply({ acts: ['ask-vulnerability'], text: 'Vous avez des soucis de santé, madame ?', engine: 'script' });
  const entry = session.reply({ acts: ['acknowledge-emotion'], text: 'Je comprends que ce soit très inquiétant. On va regarder ça ensemble.', engine: 'script' });
  const line = entry?.tenant.filter(voiceable).at(-1);
  if (!line) throw new Error('no voiceable line');
  const snap = session.snapshot();
  const req = voiceRequest(c, snap, line);
  return { session, req, guard: voiceGuard(c, snap, req) };
}
