/**
 * How long remote calls inside one component call took, split so that a stage can record the
 * latency of the work and not of the weather: retries, Retry-After waits and back-off sleeps say
 * how the endpoint behaved that minute, not how fast the configuration is.
 *
 * Invariant: `latencyMs + retryWaitMs <= elapsedMs` (the rest is time queued behind the client's
 * concurrency limit). For a request-cache hit, `latencyMs` and `retryWaitMs` are the figures
 * recorded when the reply was first fetched and `elapsedMs` is the (tiny) time of the lookup.
 */
export interface CallTiming {
  /** Duration of the attempts that produced the replies (ms). */
  latencyMs: number;
  /** Failed attempts plus the sleeps before retrying them (ms). */
  retryWaitMs: number;
  /** Wall time spent inside the client calls, whatever it was spent on (ms). */
  elapsedMs: number;
}

export const ZERO_TIMING: CallTiming = Object.freeze({ latencyMs: 0, retryWaitMs: 0, elapsedMs: 0 });

export function addTiming(a: CallTiming, b: CallTiming): CallTiming {
  return {
    latencyMs: a.latencyMs + b.latencyMs,
    retryWaitMs: a.retryWaitMs + b.retryWaitMs,
    elapsedMs: a.elapsedMs + b.elapsedMs,
  };
}

/** Reads the timing of a client result (an object carrying the three figures). */
export function timingOf(result: CallTiming): CallTiming {
  return { latencyMs: result.latencyMs, retryWaitMs: result.retryWaitMs, elapsedMs: result.elapsedMs };
}
