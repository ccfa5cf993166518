import type { CallTiming } from '../accounting/call-timing.js';
import type { Usage } from '../accounting/usage.js';
import { AdaptiveConcurrency } from './adaptive-concurrency.js';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import { ComponentTimeoutError, classifyComponentError } from './classify-component-error.js';
import { LlmEndpoint } from './llm-endpoint.js';
import type { LlmError } from './llm-error.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { runAttempts, type AttemptDeps } from './run-attempts.js';
import { UsageLedger, type LlmTotals, type SpendAccount } from './usage-ledger.js';

/** Options of {@link ComponentCalls}; the same knobs as the LLM client's. */
export interface ComponentCallsOptions {
  /** Per-attempt timeout. Default 60 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  concurrency?: { initial?: number; min?: number; max?: number; cooldownMs?: number };
  /** Each component's own circuit breaker. */
  breaker?: CircuitBreakerOptions;
  maxCostUsd?: number | null;
  random?: () => number;
}

/** Totals of every LangChain.js component call, plus the failures their endpoints caused. */
export interface ComponentCallStats extends LlmTotals {
  endpointFailures: number;
}

/**
 * The resilience of the LLM client for calls into LangChain.js components (chat models,
 * embeddings, compressors, retrievers), which bring their own transports: each call runs through
 * the same retry loop (runAttempts: backoff honouring Retry-After, adaptive concurrency, a circuit
 * breaker per component, failed calls counted) with a per-attempt timeout, and its usage goes into
 * one ledger, which holds the spend cap. Set your models' own retries to 0 (`maxRetries: 0`), or
 * their hidden attempts escape this accounting.
 */
export class ComponentCalls {
  readonly #ledger: UsageLedger;
  readonly #limiter: AdaptiveConcurrency;
  readonly #policy: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #random: () => number;
  readonly #breakerOptions: CircuitBreakerOptions | undefined;
  readonly #deps = new Map<string, AttemptDeps>();
  #endpointFailures = 0;

  constructor(options: ComponentCallsOptions = {}) {
    this.#ledger = new UsageLedger({ maxCostUsd: options.maxCostUsd ?? null });
    this.#limiter = new AdaptiveConcurrency(options.concurrency);
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#random = options.random ?? Math.random;
    this.#breakerOptions = options.breaker;
  }

  /** Binds the spend cap to a study's stored account, as LlmClient.bindSpendAccount does. */
  bindSpendAccount(account: SpendAccount): void {
    this.#ledger.bindAccount(account);
  }

  stats(): ComponentCallStats {
    return { ...this.#ledger.totals(), endpointFailures: this.#endpointFailures };
  }

  /**
   * One call of component `component` (its name; messages say `langchain:<name>`). `attempt` gets
   * an AbortSignal that fires at the timeout; pass it on where the component accepts one. Returns
   * the result with its usage and timing, or the LlmError after retries. Throws only
   * SpendCapReachedError (when `predictedUsd` would exceed the cap) and AccessDeniedError (401/403).
   */
  async run<T>(options: {
    component: string;
    predictedUsd?: number | null;
    attempt: (signal: AbortSignal) => Promise<{ result: T; usage: Usage }>;
  }): Promise<({ ok: true; value: T; usage: Usage } & CallTiming) | { ok: false; error: LlmError }> {
    const started = performance.now();
    const outcome = await runAttempts(this.#depsOf(options.component), {
      predictedUsd: options.predictedUsd ?? null,
      attempt: async () => {
        const { result, usage } = await this.#withTimeout(options.attempt);
        return { result: { value: result, usage }, usage };
      },
    });
    if ('ok' in outcome) return outcome;
    return { ok: true, ...outcome, elapsedMs: performance.now() - started };
  }

  /** Rejects with ComponentTimeoutError (a retried timeout) when the attempt outlives the timeout. */
  async #withTimeout<R>(attempt: (signal: AbortSignal) => Promise<R>): Promise<R> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new ComponentTimeoutError(this.#timeoutMs));
      }, this.#timeoutMs);
    });
    try {
      return await Promise.race([attempt(controller.signal), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #depsOf(component: string): AttemptDeps {
    const known = this.#deps.get(component);
    if (known) return known;
    const deps: AttemptDeps = {
      endpoint: new LlmEndpoint({
        provider: 'langchain',
        model: component,
        baseURL: `langchain://${component}`,
        apiKey: '',
      }),
      ledger: this.#ledger,
      breaker: new CircuitBreaker(this.#breakerOptions),
      limiter: this.#limiter,
      policy: this.#policy,
      random: this.#random,
      onFailingChange: () => {},
      onEndpointFailure: () => {
        this.#endpointFailures += 1;
      },
      classify: classifyComponentError,
    };
    this.#deps.set(component, deps);
    return deps;
  }
}
