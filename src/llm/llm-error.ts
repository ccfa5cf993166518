import { ZERO_USAGE, type Usage } from '../accounting/usage.js';

/** Why an LLM call did not produce a usable reply. */
export type LlmErrorCode =
  | 'rate_limited' // 429 after all retries
  | 'server' // 5xx after all retries
  | 'timeout' // no reply within the per-request timeout, after all retries
  | 'refusal' // the model declined (message.refusal)
  | 'invalid_output' // the reply did not parse or validate, even after repair
  | 'spend_cap' // the next call would exceed --max-cost
  | 'config' // 4xx other than 429: bad key, unknown model, bad request
  | 'network' // connection refused / reset, after all retries
  | 'unavailable' // the endpoint's circuit breaker is open: not sent (see CircuitBreaker)
  | 'access_denied'; // 401/403: bad key or no access to the model; thrown, it stops the run

/**
 * A failed LLM call, returned as a value (`{ ok: false, error }`). It keeps the raw model text
 * and the usage of every call made, because a reply that was paid for counts towards cost even
 * when it was unusable. Messages never contain the API key (they pass through `redact`).
 */
export class LlmError extends Error {
  readonly code: LlmErrorCode;
  /** The model's raw text (or refusal) when there was one. */
  readonly rawText: string | null;
  readonly usage: Usage;
  /** HTTP status when the server answered. */
  readonly status?: number;
  /** How many attempts were made (1 = no retry). */
  readonly attempts: number;

  constructor(options: {
    code: LlmErrorCode;
    message: string;
    rawText?: string | null;
    usage?: Usage;
    status?: number;
    attempts?: number;
  }) {
    super(options.message);
    this.name = 'LlmError';
    this.code = options.code;
    this.rawText = options.rawText ?? null;
    this.usage = options.usage ?? { ...ZERO_USAGE };
    this.status = options.status;
    this.attempts = options.attempts ?? 1;
  }

  /**
   * The same failure carrying `usage` instead: callers that made several paid calls for one result
   * (a repair round, earlier embedding batches) add theirs, so the failure reports all they spent.
   */
  withUsage(usage: Usage): LlmError {
    return new LlmError({
      code: this.code,
      message: this.message,
      rawText: this.rawText,
      usage,
      status: this.status,
      attempts: this.attempts,
    });
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      rawText: this.rawText,
      usage: this.usage,
      status: this.status,
      attempts: this.attempts,
    };
  }
}

/**
 * Thrown (not returned) before a call whose predicted cost would push spending past the cap:
 * the run must stop cleanly, and a value could be swallowed as one failed trial. No request is
 * sent when this is thrown.
 */
export class SpendCapReachedError extends LlmError {
  readonly capUsd: number;
  readonly spentUsd: number;
  readonly predictedUsd: number;

  constructor(options: { capUsd: number; spentUsd: number; predictedUsd: number }) {
    super({
      code: 'spend_cap',
      message:
        `spend cap reached: $${options.spentUsd.toFixed(4)} spent (or reserved by calls in flight), ` +
        `the next call could cost up to $${options.predictedUsd.toFixed(4)}, cap is $${options.capUsd.toFixed(4)}`,
    });
    this.name = 'SpendCapReachedError';
    this.capUsd = options.capUsd;
    this.spentUsd = options.spentUsd;
    this.predictedUsd = options.predictedUsd;
  }
}

export function isSpendCapReached(error: unknown): error is SpendCapReachedError {
  return error instanceof SpendCapReachedError;
}

/**
 * Thrown (not returned) when the server answers 401 or 403: every later call would get the same
 * answer, so the run stops at once instead of failing every question. The message names the
 * endpoint and the environment variable holding the key, never the key itself.
 */
export class AccessDeniedError extends LlmError {
  /** The environment variable the key came from, for the hint. */
  readonly keyVariable: string | null;

  constructor(options: { message: string; status: number; keyVariable: string | null }) {
    super({ code: 'access_denied', message: options.message, status: options.status });
    this.name = 'AccessDeniedError';
    this.keyVariable = options.keyVariable;
  }
}

export function isAccessDenied(error: unknown): error is AccessDeniedError {
  return error instanceof AccessDeniedError;
}

/**
 * Whether an error must stop the whole run or search rather than fail one question or trial: the
 * spend cap, and a rejected key. Every place that turns exceptions into per-question or per-trial
 * failures rethrows these.
 */
export function stopsTheRun(error: unknown): error is SpendCapReachedError | AccessDeniedError {
  return isSpendCapReached(error) || isAccessDenied(error);
}

/**
 * The usage a failure already spent: an LlmError (as adapters throw it) carries it, anything else
 * (a bug, a local component's error) spent nothing through the client.
 */
export function usageOfFailure(error: unknown): Usage {
  return error instanceof LlmError ? error.usage : ZERO_USAGE;
}
