import { parentPort } from 'node:worker_threads';
import { runCorpusTask, transferables, type CorpusTask } from './corpus-task.js';

/**
 * Entry of a corpus worker thread (see worker-pool.ts): runs each task it is sent and posts back
 * `{ id, result }`, or `{ id, error }` with what the main thread needs to rethrow it as it was.
 */
parentPort?.on('message', async ({ id, task }: { id: number; task: CorpusTask }) => {
  try {
    const result = await runCorpusTask(task);
    parentPort?.postMessage({ id, result }, transferables(result));
  } catch (error) {
    const e = error as Error & { code?: string; hint?: string };
    parentPort?.postMessage({ id, error: { name: e.name, message: e.message, code: e.code, hint: e.hint } });
  }
});
