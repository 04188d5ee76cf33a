import { observe } from '../../db/live.ts';

/**
 * A database query as reactive state: re-runs when the tables it read change. Dexie runs the query
 * outside the component's reactive context, so reactive values it depends on (a prop, the current
 * profile) must be read in `deps`, which is tracked: when they change, the query starts again.
 * Call during component initialisation.
 *
 * @example
 * const attempts = live(() => listAttempts(db, attemptId), [], () => attemptId);
 * // in markup: {#each attempts.value as a}…
 */
export function live<T>(
  query: () => Promise<T>,
  initial: T,
  deps?: () => unknown,
): { readonly value: T; readonly loading: boolean; readonly error: unknown } {
  let value = $state.raw(initial);
  let loading = $state(true);
  let error = $state<unknown>(undefined);
  $effect(() => {
    deps?.();
    loading = true;
    const sub = observe(
      query,
      (v) => {
        value = v;
        loading = false;
        error = undefined;
      },
      (e) => {
        error = e;
        loading = false;
      },
    );
    return () => sub.unsubscribe();
  });
  return {
    get value() {
      return value;
    },
    get loading() {
      return loading;
    },
    get error() {
      return error;
    },
  };
}
