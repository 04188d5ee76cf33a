import { describe, expect, it } from 'vitest';
import { referenceTranscript } from '../../../src/core/dialogue/reference.ts';
import { createSession } from '../../../src/core/dialogue/session.ts';
import { compileFile } from '../../helpers/scenarios.ts';

describe('the senior’s reference path as a conversation', () => {
  const compiled = compileFile('scenarios/degat-des-eaux-nuit.yaml');

  it('plays the recorded replies through the scenario: the senior’s words, the tenant’s lines, to the end', () => {
    const reference = compiled.reference;
    expect(reference).toBeDefined();
    const lines = referenceTranscript(compiled) ?? [];
    const junior = lines.filter((l) => l.speaker === 'junior');
    expect(junior.map((l) => l.text)).toEqual(reference?.turns.map((t) => t.text));
    expect(junior.map((l) => l.acts)).toEqual(reference?.turns.map((t) => t.acts));
    expect(lines.filter((l) => l.speaker === 'tenant').length).toBeGreaterThan(junior.length);
    // The same replies, played as an attempt, end where the scenario's senior ends: success.
    const session = createSession(compiled, { seed: 1, now: () => 0 });
    for (const t of reference?.turns ?? []) session.reply({ acts: t.acts, text: t.text });
    expect(session.snapshot().outcome).toBe('success');
  });

  it('is undefined for a scenario without a reference', () => {
    expect(referenceTranscript({ ...compiled, reference: undefined })).toBeUndefined();
  });
});
