import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actQuality, actQualityInSteps, examplesFor, examplesKey, qualityLevel, scenarioActs } from '../../../src/app/atelier/act-quality.ts';
import { atelierData } from '../../../src/app/atelier/library.ts';
import { checkScenario } from '../../../src/core/check.ts';
import { scenarioExamples } from '../../../src/core/understanding/scenario-examples.ts';
import { bundledSources } from '../../helpers/atelier.ts';

describe('act quality', () => {
  it('trains on the same examples as the runtime, from raw data', async () => {
    const { library } = await atelierData();
    const sources = await bundledSources();
    const src = sources['impayes-accueil'];
    if (!src) throw new Error('bundled scenario missing');
    const checked = checkScenario(src.text, src.file, library, { lint: false });
    if (!checked.compiled) throw new Error('bundled scenario does not compile');
    const fromRaw = examplesFor(parse(src.text), library);
    expect(fromRaw).toEqual(scenarioExamples(checked.compiled, library.acts.values()));
  });

  it('reports per-act recognition and confusions on a bundled scenario', async () => {
    const { library } = await atelierData();
    const sources = await bundledSources();
    const data: unknown = parse(sources['impayes-accueil']?.text ?? '');
    const acts = scenarioActs(data);
    expect(acts).toEqual(expect.arrayContaining(['announce-debt', 'explain-procedure', 'identify-tenant', 'ask-open-question']));
    const quality = actQuality(data, library);
    expect(Object.keys(quality).sort()).toEqual([...acts].sort());
    const debt = quality['announce-debt'];
    expect(debt?.total).toBe(22);
    expect(debt?.correct).toBeGreaterThanOrEqual(18);
    expect(debt?.level).toBe('good');
    for (const q of Object.values(quality)) {
      expect(q.correct + q.confusions.reduce((n, c) => n + c.count, 0)).toBe(q.total);
      expect(q.level).toBe(qualityLevel(q.correct, q.total));
    }
  });

  it('an act with few or muddled examples is flagged', async () => {
    const { library } = await atelierData();
    const data = {
      acts: [
        { id: 'parler-meteo', label: 'Météo', description: 'Parle du temps', polarity: 'neutral', examples: ['Il fait beau', 'Quel temps'] },
        {
          id: 'saluer-bis',
          label: 'Saluer encore',
          description: 'Copie de greet',
          polarity: 'good',
          examples: [...(library.acts.get('greet')?.examples ?? [])],
        },
      ],
    };
    const quality = actQuality(data, library);
    expect(quality['parler-meteo']?.level).toBe('few');
    // Same phrasings as greet: about half of them go to greet.
    const bis = quality['saluer-bis'];
    expect(bis?.confusions[0]?.act).toBe('greet');
    expect(bis?.level).not.toBe('good');
  });

  it('examplesKey changes with the examples only', () => {
    const a = { title: 'x', acts: [{ extends: 'greet', examples: ['Salut'] }] };
    expect(examplesKey({ ...a, title: 'y' })).toBe(examplesKey(a));
    expect(examplesKey({ ...a, acts: [{ extends: 'greet', examples: ['Salut', 'Coucou'] }] })).not.toBe(examplesKey(a));
  });

  it('levels follow the thresholds', () => {
    expect(qualityLevel(18, 20)).toBe('good');
    expect(qualityLevel(13, 20)).toBe('fair');
    expect(qualityLevel(5, 20)).toBe('poor');
    expect(qualityLevel(3, 3)).toBe('few');
  });
});

describe('act quality in steps', () => {
  it('gives the same figures as the one-go cross-validation, and stops when aborted', async () => {
    const { library } = await atelierData();
    const sources = await bundledSources();
    const data: unknown = parse(sources['degat-des-eaux-nuit']?.text ?? '');
    let pauses = 0;
    const pause = async (): Promise<void> => {
      pauses++;
    };
    expect(await actQualityInSteps(data, library, { pause })).toEqual(actQuality(data, library));
    expect(pauses).toBe(5);
    const controller = new AbortController();
    const aborting = async (): Promise<void> => {
      controller.abort();
    };
    expect(await actQualityInSteps(data, library, { pause: aborting, signal: controller.signal })).toBeUndefined();
  });
});
