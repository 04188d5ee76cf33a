import type { Trace } from '../dialogue/trace.ts';
import type { JudgedCriterion } from '../scenario/rubric.schema.ts';

/**
 * What a judge (a language model, in `src/ai`) sees to propose a level for a judged criterion:
 * the criterion's levels and the transcript. The junior's words are data, never instructions;
 * the judge only proposes — a trainer confirms.
 */
export interface JudgeRequest {
  criterion: { id: string; label: string; levels: Array<{ id: string; label: string; descriptor: string }> };
  transcript: Array<{ turn: number; speaker: 'tenant' | 'junior'; text: string }>;
}

/** A judge's proposal, kept only if every quote is found verbatim in the transcript. */
export interface JudgeProposal {
  criterionId: string;
  levelId: string;
  quotes: string[];
  rationale: string;
  /** `llm:<provider>/<model>`. */
  engine: string;
}

export function judgeRequest(criterion: JudgedCriterion, trace: Trace): JudgeRequest {
  const transcript: JudgeRequest['transcript'] = trace.opening.filter((l) => l.source !== 'narration').map((l) => ({ turn: 0, speaker: 'tenant', text: l.text }));
  for (const e of trace.entries) {
    if (e.kind === 'turn') {
      transcript.push({ turn: e.turn, speaker: 'junior', text: e.text });
      for (const l of e.tenant) if (l.source !== 'narration') transcript.push({ turn: e.turn, speaker: 'tenant', text: l.text });
    }
  }
  return {
    criterion: {
      id: criterion.id,
      label: criterion.label,
      levels: criterion.judged.levels.map((l) => ({ id: l.id, label: l.label, descriptor: l.descriptor })),
    },
    transcript,
  };
}

const squash = (s: string): string => s.normalize('NFC').replace(/[’']/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Keeps a proposal only when its level exists and each quote occurs, word for word (spacing,
 * case and apostrophes aside), in the junior's or the tenant's lines.
 */
export function verifyProposal(req: JudgeRequest, p: Omit<JudgeProposal, 'criterionId'>): JudgeProposal | undefined {
  if (!req.criterion.levels.some((l) => l.id === p.levelId)) return undefined;
  if (p.quotes.length === 0) return undefined;
  const corpus = req.transcript.map((t) => squash(t.text));
  const found = p.quotes.every((q) => {
    const needle = squash(q);
    return needle.length >= 3 && corpus.some((c) => c.includes(needle));
  });
  return found ? { criterionId: req.criterion.id, ...p } : undefined;
}
