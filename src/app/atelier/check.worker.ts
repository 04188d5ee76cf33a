import { atelierData } from './library.ts';
import { runCheck, type CheckRequest } from './check-request.ts';

/**
 * The Atelier's checker, off the main thread: the whole-scenario lint explores thousands of
 * situations (up to seconds on a phone), and typing must stay fluid meanwhile.
 */
interface WorkerScope {
  onmessage: ((event: MessageEvent<{ id: number; request: CheckRequest }>) => void) | null;
  postMessage(message: unknown): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = async (event) => {
  const { id, request } = event.data;
  try {
    const { library } = await atelierData();
    scope.postMessage({ id, outcome: runCheck(request, library) });
  } catch (e) {
    scope.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
};
