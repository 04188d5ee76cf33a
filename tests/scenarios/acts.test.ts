import { describe, expect, it } from 'vitest';
import { words } from '../../src/core/understanding/french-text.ts';
import { freeTextActs, scenarioExamples } from '../../src/core/understanding/scenario-examples.ts';
import { bundledScenarios, library } from '../helpers/scenarios.ts';

/** True when two phrasings differ by one word only (one replaced, added or removed). */
function oneWordApart(a: string[], b: string[]): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) return a.filter((w, i) => w !== b[i]).length === 1;
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  for (let i = 0; i < long.length; i++) {
    if ([...long.slice(0, i), ...long.slice(i + 1)].join(' ') === short.join(' ')) return true;
  }
  return false;
}

describe('the shared act library', () => {
  const acts = [...library().acts.values()];

  it('gives every act at least 20 example phrasings', () => {
    for (const a of acts) expect(a.examples.length, a.id).toBeGreaterThanOrEqual(20);
  });

  it('has no duplicate phrasing anywhere (case, accents and punctuation aside)', () => {
    const seen = new Map<string, string>();
    for (const a of acts) {
      for (const e of a.examples) {
        const key = words(e).join(' ');
        expect(seen.get(key), `« ${e} » (${a.id})`).toBeUndefined();
        seen.set(key, a.id);
      }
    }
  });

  it('has no two phrasings of one act that differ by a single word', () => {
    for (const a of acts) {
      const list = a.examples.map((e) => words(e));
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          expect(oneWordApart(list[i] ?? [], list[j] ?? []), `${a.id}: « ${a.examples[i]} » / « ${a.examples[j]} »`).toBe(false);
        }
      }
    }
  });

  it('trains every act a scenario uses in free text with at least 20 phrasings', () => {
    for (const { file, compiled } of bundledScenarios()) {
      const examples = scenarioExamples(compiled, library().acts.values());
      for (const act of freeTextActs(compiled)) expect(examples[act]?.length ?? 0, `${file}: ${act}`).toBeGreaterThanOrEqual(20);
    }
  });
});
