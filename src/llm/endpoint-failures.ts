import type { CircuitBreaker } from './circuit-breaker.js';
import type { ClassifiedFailure } from './classify-sdk-error.js';
import { keyVariableOf, originOf, type LlmEndpoint } from './llm-endpoint.js';
import { AccessDeniedError, LlmError } from './llm-error.js';

/**
 * Immediate re-sends per call after a connection closed under the request (see
 * ClassifiedFailure.connectionClosed): two, because a pool may hold several stale sockets at once.
 */
export const MAX_CLOSED_RESENDS = 2;

/** Failures that say the endpoint is down (they count towards the circuit breaker): not 429 or 4xx. */
export function isOutage(failure: ClassifiedFailure): boolean {
  const { code, status } = failure.error;
  return code === 'network' || code === 'timeout' || (code === 'server' && (status ?? 500) >= 500);
}

/**
 * The fast failure of a call refused by the open breaker; `attempts` counts those actually sent.
 * The text is the same for every refused call (no countdown), so error groups stay one line.
 */
export function breakerOpenError(options: {
  endpoint: LlmEndpoint;
  breaker: CircuitBreaker;
  attempts: number;
}): LlmError {
  const { endpoint, breaker, attempts } = options;
  const last = breaker.lastFailure;
  const ms = breaker.cooldownMs;
  const cooldown = ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
  const cause = last
    ? `; last: ${last.startsWith(`${endpoint.spec}: `) ? last.slice(endpoint.spec.length + 2) : last}`
    : '';
  return new LlmError({
    code: 'unavailable',
    attempts,
    message: endpoint.redact(
      `${endpoint.spec}: not called: ${originOf(endpoint.baseURL)} failed ${breaker.failureThreshold} times in a row${cause} ` +
        `(circuit breaker open; one probe call every ${cooldown})`,
    ),
  });
}

/** A 401/403 as the error that stops the run: what it means and which variable to fix. */
export function accessDeniedError(options: { endpoint: LlmEndpoint; failure: ClassifiedFailure }): AccessDeniedError {
  const { endpoint, failure } = options;
  const status = failure.error.status ?? 0;
  const variable = keyVariableOf(endpoint.provider);
  const meaning =
    status === 401 ? 'the API key was rejected' : `the API key has no access to model "${endpoint.model}"`;
  const fix = variable ? `; check ${variable}` : '';
  return new AccessDeniedError({
    status,
    keyVariable: variable,
    message: endpoint.redact(`${endpoint.spec}: HTTP ${status} from ${originOf(endpoint.baseURL)}: ${meaning}${fix}`),
  });
}
