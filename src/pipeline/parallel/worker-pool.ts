import { Worker } from 'node:worker_threads';
import { TuneRagError, type TuneRagErrorCode } from '../../errors.js';
import type { CorpusTask } from './corpus-task.js';

interface Reply {
  id: number;
  result?: unknown;
  error?: { name: string; message: string; code?: string; hint?: string };
}

/**
 * Runs `tasks` on `threads` worker threads started from `script` (each takes the next waiting
 * task when done, so uneven tasks balance) and returns their results in task order. The workers
 * live for one call: starting them costs well under a second, against the tens of seconds of
 * corpus work that is worth sending them (smaller work stays in-thread, see parallel-corpus.ts).
 * The first failure terminates every worker and rejects, a TuneRagError staying one.
 */
export function runOnWorkers<R>(options: {
  script: string;
  tasks: readonly CorpusTask[];
  threads: number;
}): Promise<R[]> {
  const { script, tasks } = options;
  const results: R[] = new Array(tasks.length);
  const workers: Worker[] = [];
  return new Promise<R[]>((resolve, reject) => {
    let next = 0;
    let done = 0;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      for (const worker of workers) void worker.terminate();
      reject(error);
    };
    const idle = new Set<Worker>();
    const feed = (worker: Worker) => {
      if (next >= tasks.length) {
        idle.add(worker);
        return void worker.terminate();
      }
      const id = next++;
      worker.postMessage({ id, task: tasks[id] });
    };
    const count = Math.max(1, Math.min(options.threads, tasks.length));
    for (let w = 0; w < count && tasks.length > 0; w++) {
      const worker = new Worker(script);
      workers.push(worker);
      worker.on('message', (reply: Reply) => {
        if (reply.error) return fail(rebuildError(reply.error));
        results[reply.id] = reply.result as R;
        done++;
        if (done === tasks.length) resolve(results);
        feed(worker);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (!failed && !idle.has(worker) && code !== 0) fail(new Error(`corpus worker exited with code ${code}`));
      });
      feed(worker);
    }
    if (tasks.length === 0) resolve(results);
  });
}

function rebuildError(error: NonNullable<Reply['error']>): Error {
  if (error.name === 'TuneRagError' && error.code)
    return new TuneRagError(error.code as TuneRagErrorCode, error.message, { hint: error.hint });
  return Object.assign(new Error(error.message), { name: error.name });
}
