/** One act recognised in a reply, with the engine's confidence (0–1). */
export interface ScoredAct {
  act: string;
  score: number;
}

/** What an understanding engine makes of a junior's free text. */
export interface UnderstandingResult {
  /** Acts retained for the turn, in the order they appear in the reply. Empty when abstaining. */
  acts: string[];
  /** Candidates considered, best first (for the trace and the debrief). */
  candidates: ScoredAct[];
  abstained: boolean;
  /** `embedded`, or `llm:<provider>/<model>`. */
  engine: string;
}

/**
 * Turns a junior's free text into acts. The embedded engine is synchronous; a model-backed one
 * (in `src/ai`) is asynchronous, hence the union.
 */
export interface UnderstandingEngine {
  readonly name: string;
  understand(text: string): UnderstandingResult | Promise<UnderstandingResult>;
}

/** Training data: act id → example phrasings. */
export type ActExamples = Record<string, readonly string[]>;
