import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../../src/core/check.ts';
import { parseScenario } from '../../../src/core/scenario/parse.ts';
import { library, STARTER } from '../../helpers/scenarios.ts';

const mini = readFileSync('tests/fixtures/mini.yaml', 'utf8');
const starterText = readFileSync(STARTER, 'utf8');

function codes(text: string) {
  return parseScenario(text, 'x.yaml', library()).diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`);
}

describe('parse and validate', () => {
  it('accepts the bundled starter and the mini fixture', () => {
    expect(parseScenario(starterText, STARTER, library()).diagnostics).toEqual([]);
    expect(parseScenario(mini, 'mini.yaml', library()).scenario?.id).toBe('mini');
  });

  it('locates an unknown field on its key and suggests the right one', () => {
    const text = mini.replace('greet: { target: b, mood: -1 }', 'greet: { tagret: b, mood: -1 }');
    const d = parseScenario(text, 'x.yaml', library()).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: 'schema_unknown_key', line: 39, column: 16, params: { key: 'tagret', suggestion: 'target' } });
    expect(d[0]?.message).toContain('target');
    expect(d[0]?.messageEn).toContain('Did you mean');
  });

  it('picks the intended branch of a union (a predicate with a typo in its key)', () => {
    const text = mini.replace('rule: { happened: greet }', 'rule: { happend: greet }');
    const d = parseScenario(text, 'x.yaml', library()).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['schema_invalid']);
    expect(d[0]?.message).toContain('happened');
    expect(d[0]?.path).toEqual(['rubric', 'criteria', 0, 'rule']);
  });

  it('names a missing field and points at its parent', () => {
    const text = mini.replace('title: Mini\n', '');
    expect(codes(text)).toEqual(['schema_missing@3:1']);
  });

  it('reports a type error where the value is', () => {
    expect(codes(mini.replace('level: 1', 'level: un'))).toEqual(['schema_type@9:8']);
  });

  it('refuses another schema version before anything else', () => {
    expect(codes(mini.replace('schemaVersion: 1', 'schemaVersion: 2'))).toEqual(['schema_version_unsupported@3:16']);
  });

  it('explains the French colon trap in YAML', () => {
    const d = parseScenario(mini.replace('summary: Un scénario minimal pour les tests.', 'summary: Attention : un piège'), 'x.yaml', library()).diagnostics;
    expect(d[0]?.code).toBe('yaml_syntax');
    expect(d[0]?.message).toContain('guillemets');
    expect(d[0]?.line).toBe(7);
  });

  it('cross-references: unknown act with suggestion, unknown target, unknown fact', () => {
    const text = mini
      .replace('- { text: Bonjour, act: greet }', '- { text: Bonjour, act: gret }')
      .replace('acknowledge-emotion: { set: [ecoute], say: [Merci.] }', 'acknowledge-emotion: { target: nulle-part, release: [inconnu] }');
    const d = parseScenario(text, 'x.yaml', library()).diagnostics;
    // The flag « ecoute » is no longer set anywhere: a warning, besides the three errors.
    expect(d.map((x) => x.code).sort()).toEqual(['flag_never_set', 'unknown_act', 'unknown_fact', 'unknown_state']);
    expect(d.find((x) => x.code === 'unknown_act')?.params.suggestion).toBe('greet');
  });

  it('never throws, whatever the text (fuzzed)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.nat(mini.length), fc.nat(40), (junk, at, cut) => {
        const text = mini.slice(0, at) + junk + mini.slice(at + cut);
        const r = checkScenario(text, 'fuzz.yaml', library(), { lint: false });
        for (const d of r.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.message.length).toBeGreaterThan(0);
        }
        if (!r.compiled) expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
