/**
 * When and how long to wait before retrying a failed LLM request. Pure functions, so the client's
 * wrapper stays readable and the rules are testable without a server.
 */
export interface RetryPolicy {
  /** Total attempts including the first; 1 disables retries. */
  maxAttempts: number;
  /** Delay before the first retry; doubles each retry. */
  baseDelayMs: number;
  /** Upper bound of the exponential delay (Retry-After may ask for more, up to maxRetryAfterMs). */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error is returned instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
};

/**
 * Milliseconds the server asked us to wait, from `retry-after-ms`, or `Retry-After` as seconds
 * or an HTTP date; null when absent or unparseable.
 */
export function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | null {
  if (!headers) return null;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * Delay before retry number `retry` (1-based): exponential with "equal jitter" (half fixed,
 * half random) so that many clients hit by the same 429 do not come back in lockstep. When the
 * server says when to come back (Retry-After), that wait is used, plus up to 10% jitter: the
 * server knows its own rate window, and stacking exponential backoff on top of it turned a run
 * with 30% rate-limited replies from seconds into minutes.
 */
export function retryDelayMs(options: {
  policy: RetryPolicy;
  retry: number;
  retryAfterMs: number | null;
  random?: () => number;
}): number {
  const { policy, retry } = options;
  const random = options.random ?? Math.random;
  if (options.retryAfterMs !== null) return options.retryAfterMs * (1 + 0.1 * random());
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return exponential / 2 + (exponential / 2) * random();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
