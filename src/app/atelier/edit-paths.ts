import type { PathSegment } from '../../core/diagnostics/diagnostic.ts';
import { Scenario } from '../../core/scenario/scenario.schema.ts';

/**
 * Paths into a scenario, as the Atelier's forms use them: keys for `data-path`, which form field a
 * diagnostic belongs to, and the key order the scenario schema declares (where a new key goes).
 */

export type EditPath = readonly PathSegment[];

/** The key the forms use for a path (also their `data-path` attribute). */
export function pathKey(path: EditPath): string {
  return JSON.stringify(path);
}

export function isPathPrefix(prefix: EditPath, path: EditPath): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => String(seg) === String(path[i]));
}

/**
 * Of the paths the forms show, the one a diagnostic (or a focus request) at `path` belongs to: the
 * longest that is a prefix of it. Undefined when none is.
 *
 * @example
 * closestPath(['persona', 'hiddenFacts', 0, 'say', 1], [['persona'], ['persona', 'hiddenFacts', 0, 'say']]);
 * // ['persona', 'hiddenFacts', 0, 'say']
 */
export function closestPath<P extends EditPath>(path: EditPath, candidates: Iterable<P>): P | undefined {
  let best: P | undefined;
  for (const c of candidates) if (isPathPrefix(c, path) && (!best || c.length > best.length)) best = c;
  return best;
}

// ── Key order from the schema ──────────────────────────────────────────────────────────────────

interface ZodLike {
  def?: {
    type?: string;
    shape?: Record<string, ZodLike>;
    innerType?: ZodLike;
    element?: ZodLike;
    valueType?: ZodLike;
    options?: ZodLike[];
    getter?: () => ZodLike;
    in?: ZodLike;
  };
}

function unwrap(schema: ZodLike | undefined): ZodLike[] {
  const def = schema?.def;
  if (!schema || !def) return [];
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
    case 'readonly':
      return unwrap(def.innerType);
    case 'lazy':
      return def.getter ? unwrap(def.getter()) : [];
    case 'pipe':
      return unwrap(def.in);
    case 'union':
      return (def.options ?? []).flatMap(unwrap);
    default:
      return [schema];
  }
}

/**
 * The keys the scenario schema declares for the map at `path`, in its order (empty when unknown).
 * New keys are inserted in this order, so `validatedBy` lands after `author`, not at the end.
 */
export function scenarioKeyOrder(path: EditPath): string[] {
  let current: ZodLike[] = unwrap(Scenario as unknown as ZodLike);
  for (const seg of path) {
    const next: ZodLike[] = [];
    for (const s of current) {
      const def = s.def;
      if (def?.type === 'object' && typeof seg === 'string' && def.shape?.[seg]) next.push(...unwrap(def.shape[seg]));
      else if (def?.type === 'array' && typeof seg === 'number') next.push(...unwrap(def.element));
      else if (def?.type === 'record' && typeof seg === 'string') next.push(...unwrap(def.valueType));
    }
    current = next;
  }
  const keys: string[] = [];
  for (const s of current) if (s.def?.type === 'object') for (const k of Object.keys(s.def.shape ?? {})) if (!keys.includes(k)) keys.push(k);
  return keys;
}
