import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { CompiledScenario } from '../../../src/core/dialogue/compiled.ts';
import { createDialogueMachine } from '../../../src/core/dialogue/registry.ts';
import { compileFile, STARTER } from '../../helpers/scenarios.ts';

/**
 * Golden files: the compiled machine config of each fixture, as committed JSON. A change to the
 * compiler shows up as a diff to review; refresh with UPDATE_GOLDEN=1 npx vitest run.
 */
const GOLDEN: Array<[string, string]> = [['tests/fixtures/mini.yaml', 'tests/fixtures/golden/mini.compiled.json']];

describe('compiler', () => {
  for (const [source, golden] of GOLDEN) {
    it(`matches the golden artifact for ${source}`, () => {
      const compiled = compileFile(source);
      const text = `${JSON.stringify(compiled, null, 2)}\n`;
      if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
      expect(existsSync(golden), `${golden} is missing: run UPDATE_GOLDEN=1 npx vitest run`).toBe(true);
      expect(text).toBe(readFileSync(golden, 'utf8'));
    });
  }

  it('produces a machine config that is plain JSON and survives a round trip', () => {
    const compiled = compileFile(STARTER);
    const copy = JSON.parse(JSON.stringify(compiled)) as CompiledScenario;
    expect(copy).toEqual(compiled);
    // Guards and actions are referred to by name only.
    const text = JSON.stringify(compiled.machine);
    expect(text).not.toContain('function');
    const names = new Set([...text.matchAll(/"type":"([a-zA-Z]+)"/g)].map((m) => m[1]));
    expect(names).toEqual(new Set(['final', 'moodAtLeast', 'turnsAtLeast', 'replyHas', 'applyTurn', 'applyOtherwise', 'countHint']));
  });

  it('the round-tripped config runs exactly like the original', () => {
    const compiled = compileFile(STARTER);
    const copy = JSON.parse(JSON.stringify(compiled)) as CompiledScenario;
    const moves = [['greet'], ['acknowledge-emotion'], ['safety-check'], ['blame'], ['ask-detail-question'], ['dated-commitment']];
    const run = (c: CompiledScenario) => {
      const actor = createActor(createDialogueMachine(c)).start();
      return moves.map((acts) => {
        actor.send({ type: 'junior.act', acts });
        const s = actor.getSnapshot();
        return [s.value, s.context];
      });
    };
    expect(run(copy)).toEqual(run(compiled));
  });

  it('tries bad acts before good ones, then the authored order', () => {
    const compiled = compileFile(STARTER);
    expect(compiled.states.accueil?.actOrder).toEqual(['dismiss', 'greet', 'identify-tenant']);
  });

  it('hashes the scenario and the rubric', () => {
    const compiled = compileFile(STARTER);
    expect(compiled.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(compiled.rubricHash).toMatch(/^[0-9a-f]{64}$/);
    expect(compiled.hash).not.toBe(compiled.rubricHash);
  });
});
