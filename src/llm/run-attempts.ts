import type { Usage } from '../accounting/usage.js';
import type { AdaptiveConcurrency } from './adaptive-concurrency.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { classifySdkError, type ClassifiedFailure } from './classify-sdk-error.js';
import { accessDeniedError, breakerOpenError, isOutage, MAX_CLOSED_RESENDS } from './endpoint-failures.js';
import type { LlmEndpoint } from './llm-endpoint.js';
import type { LlmError } from './llm-error.js';
import { retryDelayMs, sleep, type RetryPolicy } from './retry-policy.js';
import type { UsageLedger } from './usage-ledger.js';

/** The value one attempt produces: a success, or an error that retrying cannot fix (refusal). */
export type Attempt<T> = { result: T; usage: Usage } | { error: LlmError; usage: Usage };

/** A success with its attempt's latency and the time lost to failed attempts before it. */
export type WithAttemptTiming<T> = T & { latencyMs: number; retryWaitMs: number };

/** What the retry loop of one client works with (the client's own parts, shared by its calls). */
export interface AttemptDeps {
  endpoint: LlmEndpoint;
  ledger: UsageLedger;
  breaker: CircuitBreaker;
  limiter: AdaptiveConcurrency;
  policy: RetryPolicy;
  random: () => number;
  /** +1 when a call starts waiting to retry, -1 when it stops (the live "failing" count). */
  onFailingChange(delta: 1 | -1): void;
  /** A call failed because of the endpoint (counted in the client's stats). */
  onEndpointFailure(): void;
  /**
   * Maps what an attempt threw to a retry decision. Default: classifySdkError (the openai SDK's
   * errors); LangChain components pass classifyComponentError, which also reads other libraries' errors.
   */
  classify?(options: { error: unknown; endpoint: LlmEndpoint; attempts: number }): ClassifiedFailure;
}

/**
 * The attempts of one call. A success carries the duration of its own attempt (`latencyMs`) and
 * the time lost before it (`retryWaitMs`: failed attempts plus back-off sleeps); time queued
 * behind the concurrency limiter is in neither, since it measures our own load, not the call.
 */
export async function runAttempts<T>(
  deps: AttemptDeps,
  args: { predictedUsd: number | null; attempt: () => Promise<Attempt<T>> },
): Promise<WithAttemptTiming<T> | { ok: false; error: LlmError }> {
  const { endpoint, ledger, breaker, limiter, policy } = deps;
  const release = ledger.reserve(args.predictedUsd);
  let retryWaitMs = 0;
  let failing = false;
  const setFailing = (value: boolean) => {
    if (value !== failing) deps.onFailingChange(value ? 1 : -1);
    failing = value;
  };
  const fail = (error: LlmError): { ok: false; error: LlmError } => {
    deps.onEndpointFailure();
    ledger.record({ promptTokens: 0, completionTokens: 0, costUsd: 0, ok: false });
    return { ok: false, error };
  };
  // Re-sends after a connection closed under the request (see ClassifiedFailure.connectionClosed):
  // immediate, neither an attempt nor a breaker failure, at most MAX_CLOSED_RESENDS per call.
  let closedResends = 0;
  try {
    for (let attempt = 1; ; attempt++) {
      // An open breaker fails the call without sending it: the endpoint is known to be down.
      if (!breaker.admit())
        return fail(breakerOpenError({ endpoint: endpoint, breaker: breaker, attempts: attempt - 1 }));
      let outcome: Attempt<T>;
      let attemptStarted: number | null = null;
      let latencyMs = 0;
      try {
        outcome = await limiter.run(async () => {
          attemptStarted = performance.now();
          const result = await args.attempt();
          latencyMs = performance.now() - attemptStarted;
          return result;
        });
      } catch (thrown) {
        const classify = deps.classify ?? classifySdkError;
        const failure = classify({ error: thrown, endpoint: endpoint, attempts: attempt });
        if (failure.error.status === 401 || failure.error.status === 403) {
          breaker.onNeutral();
          ledger.record({ promptTokens: 0, completionTokens: 0, costUsd: 0, ok: false });
          throw accessDeniedError({ endpoint: endpoint, failure });
        }
        if (failure.error.code === 'rate_limited') limiter.onRateLimited();
        if (failure.connectionClosed && closedResends < MAX_CLOSED_RESENDS) {
          // A server closing an idle kept-alive socket as we wrote to it is not down: several
          // pooled sockets closed at once used to fail five calls in a row and open the breaker.
          closedResends += 1;
          ledger.recordRetry();
          breaker.onNeutral();
          if (attemptStarted !== null) retryWaitMs += performance.now() - attemptStarted;
          attempt -= 1;
          continue;
        }
        if (isOutage(failure)) {
          breaker.onFailure(failure.error.message);
          // Retrying into an open breaker would only wait for the fast failure.
          if (breaker.state !== 'closed') return fail(failure.error);
        } else {
          breaker.onNeutral();
        }
        const canWait = failure.retryAfterMs === null || failure.retryAfterMs <= policy.maxRetryAfterMs;
        if (failure.retryable && canWait && attempt < policy.maxAttempts) {
          ledger.recordRetry();
          setFailing(true);
          await sleep(
            retryDelayMs({
              policy: policy,
              retry: attempt,
              retryAfterMs: failure.retryAfterMs,
              random: deps.random,
            }),
          );
          if (attemptStarted !== null) retryWaitMs += performance.now() - attemptStarted;
          continue;
        }
        return fail(failure.error);
      }
      breaker.onSuccess();
      limiter.onSuccess();
      ledger.record({ ...outcome.usage, ok: 'result' in outcome });
      return 'result' in outcome
        ? ({ ...outcome.result, latencyMs, retryWaitMs } as WithAttemptTiming<T>)
        : { ok: false, error: outcome.error };
    }
  } finally {
    setFailing(false);
    release();
  }
}
