import { observe } from '../../db/live.ts';

/**
 * A database query as reactive state: re-runs when its tables change and when the reactive values
 * it reads change. Call during component initialisation.
 *
 * @example
 * const attempts = live(() => listAttempts(db, profileId), []);
 * // in markup: {#each attempts.value as a}…
 */
export function live<T>(query: () => Promise<T>, initial: T): { readonly value: T; readonly loading: boolean; readonly error: unknown } {
  let value = $state.raw(initial);
  let loading = $state(true);
  let error = $state<unknown>(undefined);
  $effect(() => {
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
