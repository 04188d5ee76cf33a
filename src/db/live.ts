import { liveQuery } from 'dexie';

export interface Subscription {
  unsubscribe(): void;
}

/**
 * Runs a database query and runs it again whenever the tables it read change (Dexie's liveQuery),
 * so screens stay current without the UI importing Dexie.
 */
export function observe<T>(query: () => Promise<T>, next: (value: T) => void, error: (e: unknown) => void = () => {}): Subscription {
  return liveQuery(query).subscribe({ next, error });
}
