import pLimit from 'p-limit';
import type { QaItem } from '../data/dataset-schema.js';
import { stopsTheRun } from '../llm/llm-error.js';
import { RunAbortedError, type RunProgress } from './configuration-runner.js';
import { yieldToEventLoop } from './yield-to-event-loop.js';

/**
 * Runs `answer` on each question, `concurrency` at a time, results in question order, reporting
 * progress after each. An aborted signal stops starting questions (RunAbortedError; finished ones
 * are already cached); an error that stops the run (spend cap, rejected key, an abort) clears the
 * queue, since queued questions would only hit it again. Every runner's question loop.
 */
export async function forEachQuestion<T>(options: {
  questions: readonly QaItem[];
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  answer: (item: QaItem) => Promise<T>;
}): Promise<T[]> {
  const { questions, signal, onProgress } = options;
  const limit = pLimit(options.concurrency ?? 1);
  let done = 0;
  onProgress?.({ done, total: questions.length });
  return Promise.all(
    questions.map((item) =>
      limit(async () => {
        if (signal?.aborted) {
          limit.clearQueue();
          throw new RunAbortedError();
        }
        const result = await options.answer(item).catch((error: unknown) => {
          if (stopsTheRun(error) || error instanceof RunAbortedError) limit.clearQueue();
          throw error;
        });
        // Local work is synchronous, chained by promises, which never lets the event loop run:
        // without this turn, Ctrl-C handlers and progress-bar timers would starve.
        await yieldToEventLoop();
        done += 1;
        onProgress?.({ done, total: questions.length });
        return result;
      }),
    ),
  );
}
