import type { UserPipeline, UserPipelineRequest } from './user-pipeline.js';

/**
 * One call of a user pipeline, limited to its `timeoutMs` when it has one: a late call is
 * rejected (the question fails) and the signal it was given is aborted, so a pipeline that
 * listens to it stops its own work too. The run's own abort signal is passed through.
 */
export async function callPipeline(options: {
  pipeline: UserPipeline;
  input: UserPipelineRequest;
  signal?: AbortSignal;
}): Promise<unknown> {
  const { pipeline, input, signal } = options;
  const ms = pipeline.timeoutMs;
  if (ms === undefined) return pipeline.call(input, signal);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`pipeline "${pipeline.name}" took longer than its timeoutMs (${ms} ms)`));
    }, ms);
  });
  try {
    const combined = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
    return await Promise.race([pipeline.call(input, combined), late]);
  } finally {
    clearTimeout(timer);
  }
}
