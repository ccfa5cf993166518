import { SpendCapReachedError } from './llm-error.js';

/** Running totals of one client; what `--max-cost` and reports read. */
export interface LlmTotals {
  /** Requests that reached the server and succeeded or failed for good (retries not counted). */
  calls: number;
  /** Extra attempts after a retryable failure. */
  retries: number;
  /** Replies served from the request cache (no request, no spend). */
  cacheHits: number;
  /** Calls that returned an error value. */
  failures: number;
  promptTokens: number;
  completionTokens: number;
  /** Money actually spent on calls with a known price. */
  costUsd: number;
  /** True once any call used a model without a price: costUsd is then a lower bound. */
  costUnknown: boolean;
}

/** Rough token count for spend prediction: ~4 characters per token for English text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Where spend outlives the process: a study's stored total. `priorUsd` is what earlier processes
 * spent; `onSpend` is told the cost of every finished call (null = unknown price) as it happens,
 * so a killed process loses at most the calls in flight.
 */
export interface SpendAccount {
  priorUsd: number;
  capUsd: number | null;
  onSpend: (costUsd: number | null) => void;
  /**
   * What other spenders bound to the same study (the LLM client, LangChain.js components) have
   * spent in this process, so that together they stay under the one cap.
   */
  spentElsewhereUsd?: () => number;
}

/**
 * Usage totals plus the hard spend cap. Calls in flight reserve their predicted cost, so N
 * concurrent calls cannot together overshoot the cap; the reservation is swapped for the actual
 * cost when the reply arrives. With a bound `SpendAccount` (a study) the cap covers what earlier
 * processes spent too; the totals stay this process's own.
 */
export class UsageLedger {
  #maxCostUsd: number | null;
  #priorUsd = 0;
  #onSpend: ((costUsd: number | null) => void) | null = null;
  #spentElsewhereUsd: () => number = () => 0;
  #reservedUsd = 0;
  readonly #totals: LlmTotals = {
    calls: 0,
    retries: 0,
    cacheHits: 0,
    failures: 0,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
    costUnknown: false,
  };

  constructor(options: { maxCostUsd?: number | null } = {}) {
    this.#maxCostUsd = options.maxCostUsd ?? null;
  }

  get maxCostUsd(): number | null {
    return this.#maxCostUsd;
  }

  /** Spent before this process (0 without an account). */
  get priorUsd(): number {
    return this.#priorUsd;
  }

  /** Makes the cap the account's total (replacing the constructor's cap). Call before any request. */
  bindAccount(account: SpendAccount): void {
    this.#maxCostUsd = account.capUsd;
    this.#priorUsd = account.priorUsd;
    this.#onSpend = account.onSpend;
    this.#spentElsewhereUsd = account.spentElsewhereUsd ?? (() => 0);
  }

  totals(): LlmTotals {
    return { ...this.#totals };
  }

  /**
   * Reserves `predictedUsd` or throws SpendCapReachedError when it would exceed the cap. Returns
   * a release function taking the actual cost (null = unknown price). Call it exactly once.
   */
  reserve(predictedUsd: number | null): () => void {
    const cap = this.maxCostUsd;
    const predicted = predictedUsd ?? 0;
    if (cap !== null) {
      const committed = this.#priorUsd + this.#spentElsewhereUsd() + this.#totals.costUsd + this.#reservedUsd;
      if (committed + predicted > cap) {
        throw new SpendCapReachedError({ capUsd: cap, spentUsd: committed, predictedUsd: predicted });
      }
    }
    this.#reservedUsd += predicted;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#reservedUsd -= predicted;
    };
  }

  /** Records a finished request's usage (successful or not: a paid-for failure still counts). */
  record(options: { promptTokens: number; completionTokens: number; costUsd: number | null; ok: boolean }): void {
    const t = this.#totals;
    t.calls++;
    if (!options.ok) t.failures++;
    t.promptTokens += options.promptTokens;
    t.completionTokens += options.completionTokens;
    if (options.costUsd === null) t.costUnknown = true;
    else t.costUsd += options.costUsd;
    if (options.costUsd !== 0) this.#onSpend?.(options.costUsd);
  }

  recordRetry(): void {
    this.#totals.retries++;
  }

  recordCacheHit(): void {
    this.#totals.cacheHits++;
  }
}
