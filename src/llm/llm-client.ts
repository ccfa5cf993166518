import { inspect } from 'node:util';
import OpenAI, { AzureOpenAI } from 'openai';
import { TuneRagError, optionRef } from '../errors.js';
import type { CallTiming } from '../accounting/call-timing.js';
import type { Usage } from '../accounting/usage.js';
import { AdaptiveConcurrency } from './adaptive-concurrency.js';
import type { ChatRequest, ChatResult, ChatSuccess, EmbedRequest, EmbedResult, ToolCall } from './chat-types.js';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import type { LlmEndpoint } from './llm-endpoint.js';
import { LlmError } from './llm-error.js';
import { runAttempts, type Attempt, type AttemptDeps } from './run-attempts.js';
import { estimateCost, lookupPrice, DEFAULT_PRICES, type PriceTable } from './price-table.js';
import { requestCacheKey, type CachedReply, type RequestCache } from './request-cache.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { estimateTokens, UsageLedger, type LlmTotals, type SpendAccount } from './usage-ledger.js';

export interface LlmClientOptions {
  endpoint: LlmEndpoint;
  /** Per-attempt timeout. Default 60 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Adaptive concurrency bounds (see AdaptiveConcurrency). Default: start 8, 1..64. */
  concurrency?: { initial?: number; min?: number; max?: number; cooldownMs?: number };
  /** Hard spend cap in USD (`--max-cost`); null/undefined = no cap. Requires a known price. */
  maxCostUsd?: number | null;
  prices?: PriceTable;
  /** Successful replies are stored here; null/undefined = no caching (in-flight sharing stays). */
  cache?: RequestCache | null;
  /** Completion tokens assumed for spend prediction when a request sets no maxTokens. */
  defaultMaxTokensForEstimate?: number;
  /** Jitter source; tests pass a fixed one. */
  random?: () => number;
  /** Circuit breaker of this endpoint (default: opens after 5 consecutive outage failures, 30 s cool-down). */
  breaker?: CircuitBreakerOptions;
}

/** A success with the attempt's timing but not yet the caller's wall time. */
type Timed<T> = Omit<T, 'elapsedMs'>;

/** Client statistics for reports: usage totals plus the current concurrency state. */
export interface LlmClientStats extends LlmTotals {
  concurrencyLimit: number;
  concurrencyReductions: number;
  /** Calls in progress whose last attempt failed (waiting to retry): what "failing" shows live. */
  failingNow: number;
  /**
   * Failed calls the endpoint caused (unreachable, timeouts, 5xx, 429s or 4xx after retries, an
   * open breaker), as opposed to replies that came back unusable (a refusal).
   */
  endpointFailures: number;
  /** Times the circuit breaker opened, and its state now. */
  breakerOpens: number;
  breakerState: 'closed' | 'open' | 'half-open';
}

/** A success without its timing: what an attempt or a cache lookup builds; `#call` adds the timing. */
type Untimed<T> = Omit<T, keyof CallTiming>;

/**
 * The one wrapper every LLM call in tune-rag goes through (one instance per endpoint): timeouts,
 * retries with backoff honouring Retry-After, adaptive concurrency, usage and cost accounting,
 * the spend cap, the request cache and in-flight sharing. Callers get values, not exceptions:
 * `{ ok: true, ... } | { ok: false, error }`. The one exception is `SpendCapReachedError`, thrown
 * before any request is sent, because it must stop the run rather than fail one trial.
 */
export class LlmClient {
  readonly endpoint: LlmEndpoint;
  readonly #sdk: OpenAI;
  readonly #policy: RetryPolicy;
  readonly #limiter: AdaptiveConcurrency;
  readonly #ledger: UsageLedger;
  readonly #prices: PriceTable;
  readonly #cache: RequestCache | null;
  readonly #inFlight = new Map<string, Promise<unknown>>();
  readonly #defaultMaxTokens: number;
  readonly #random: () => number;
  readonly #breaker: CircuitBreaker;
  #failingNow = 0;
  #endpointFailures = 0;
  readonly #attemptDeps: AttemptDeps;

  constructor(options: LlmClientOptions) {
    const { endpoint } = options;
    this.endpoint = endpoint;
    this.#prices = options.prices ?? DEFAULT_PRICES;
    const maxCostUsd = options.maxCostUsd ?? null;
    if (maxCostUsd !== null) this.#requirePrice(endpoint.model);
    const timeout = options.timeoutMs ?? 60_000;
    // maxRetries 0: the SDK's own retries would hide attempts from our accounting and limiter.
    this.#sdk =
      endpoint.provider === 'azure'
        ? new AzureOpenAI({
            endpoint: endpoint.baseURL,
            apiKey: endpoint.apiKeyForTransport(),
            apiVersion: endpoint.apiVersion,
            maxRetries: 0,
            timeout,
          })
        : new OpenAI({ baseURL: endpoint.baseURL, apiKey: endpoint.apiKeyForTransport(), maxRetries: 0, timeout });
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#limiter = new AdaptiveConcurrency(options.concurrency);
    this.#ledger = new UsageLedger({ maxCostUsd });
    this.#cache = options.cache ?? null;
    this.#defaultMaxTokens = options.defaultMaxTokensForEstimate ?? 1024;
    this.#random = options.random ?? Math.random;
    this.#breaker = new CircuitBreaker(options.breaker);
    this.#attemptDeps = {
      endpoint,
      ledger: this.#ledger,
      breaker: this.#breaker,
      limiter: this.#limiter,
      policy: this.#policy,
      random: this.#random,
      onFailingChange: (delta) => {
        this.#failingNow += delta;
      },
      onEndpointFailure: () => {
        this.#endpointFailures += 1;
      },
    };
  }

  /**
   * Binds the spend cap to a study's stored account (see SpendAccount): the cap becomes the
   * study's total across processes. Call once the study is open, before the first request.
   * Throws TuneRagError when a cap is set and the model's price is unknown.
   */
  bindSpendAccount(account: SpendAccount): void {
    if (account.capUsd !== null) this.#requirePrice(this.endpoint.model);
    this.#ledger.bindAccount(account);
  }

  /** What earlier processes of the bound study spent (0 when none is bound). */
  get priorSpendUsd(): number {
    return this.#ledger.priorUsd;
  }

  /**
   * `usage` priced by the table in force (tokens × this endpoint's model price; null when unknown).
   * Stage-cache hits go through it, so an answer cached before `--prices` named the model's price
   * is priced, not "cost unknown" forever.
   */
  priceUsage(usage: Usage): Usage {
    return {
      ...usage,
      costUsd: estimateCost({
        model: this.endpoint.model,
        promptTokens: usage.promptTokens,
        completionTokens: usage.completionTokens,
        prices: this.#prices,
      }),
    };
  }

  /** The spend cap in force (USD), or null. */
  get maxCostUsd(): number | null {
    return this.#ledger.maxCostUsd;
  }

  /** Totals so far (calls, retries, cache hits, tokens, cost, cost-unknown flag) and limiter state. */
  stats(): LlmClientStats {
    const totals = this.#ledger.totals();
    // An unpriced chat model makes the cost unknown even when no call was paid for (all cached or
    // all failed): "$0" would read as "free" in one run and "cost unknown" in the next.
    const costUnknown = totals.costUnknown || lookupPrice(this.endpoint.model, this.#prices) === null;
    return {
      ...totals,
      costUnknown,
      concurrencyLimit: this.#limiter.limit,
      concurrencyReductions: this.#limiter.reductions,
      failingNow: this.#failingNow,
      endpointFailures: this.#endpointFailures,
      breakerOpens: this.#breaker.opens,
      breakerState: this.#breaker.state,
    };
  }

  /**
   * One chat completion. Throws only SpendCapReachedError, AccessDeniedError (401/403) and
   * TuneRagError for a cap without a price.
   */
  async chat(request: ChatRequest): Promise<ChatResult> {
    const model = this.endpoint.model;
    const params = {
      messages: request.messages,
      temperature: request.temperature,
      maxTokens: request.maxTokens,
      responseFormat: request.responseFormat,
      tools: request.tools,
    };
    const promptText = JSON.stringify([request.messages, request.tools ?? null, request.responseFormat ?? null]);
    return this.#call<ChatSuccess>({
      operation: 'chat',
      model,
      params,
      useCache: request.cache !== false,
      predictedUsd: this.#predict(model, estimateTokens(promptText), request.maxTokens ?? this.#defaultMaxTokens),
      attempt: async () => {
        const completion = await this.#sdk.chat.completions.create({
          model,
          messages: request.messages as OpenAI.Chat.ChatCompletionMessageParam[],
          temperature: request.temperature,
          max_tokens: request.maxTokens,
          response_format: request.responseFormat,
          tools: request.tools,
        });
        const message = completion.choices[0]?.message;
        const text = message?.content ?? '';
        const toolCalls = (message?.tool_calls ?? []).filter((call) => call.type === 'function') as ToolCall[];
        const usage = this.#usage(
          model,
          completion.usage?.prompt_tokens,
          completion.usage?.completion_tokens,
          promptText,
          text,
        );
        if (message?.refusal) {
          const error = new LlmError({
            code: 'refusal',
            message: `${this.endpoint.spec}: the model refused: ${message.refusal}`,
            rawText: message.refusal,
            usage,
          });
          return { error, usage };
        }
        const result: Untimed<ChatSuccess> = {
          ok: true,
          text,
          toolCalls,
          finishReason: completion.choices[0]?.finish_reason ?? null,
          usage,
          cached: false,
          raw: completion,
        };
        return { result, usage };
      },
      toCache: (r) => ({
        value: { text: r.text, toolCalls: r.toolCalls, finishReason: r.finishReason },
        usage: r.usage,
        latencyMs: r.latencyMs,
        retryWaitMs: r.retryWaitMs,
      }),
      fromCache: (c) => {
        const value = c.value as { text: string; toolCalls: ToolCall[]; finishReason: string | null };
        return { ok: true, ...value, usage: c.usage, cached: true, raw: null };
      },
    });
  }

  /** Embeds `inputs` (one request; batch upstream) with `model`, which may differ from the chat model. */
  async embed(request: EmbedRequest): Promise<EmbedResult> {
    type EmbedSuccess = Extract<EmbedResult, { ok: true }>;
    const params = { inputs: request.inputs, dimensions: request.dimensions };
    const promptTokens = request.inputs.reduce((sum, text) => sum + estimateTokens(text), 0);
    return this.#call<EmbedSuccess>({
      operation: 'embed',
      model: request.model,
      params,
      useCache: request.cache !== false,
      predictedUsd: this.#predict(request.model, promptTokens, 0),
      attempt: async () => {
        const response = await this.#sdk.embeddings.create({
          model: request.model,
          input: request.inputs,
          dimensions: request.dimensions,
          // Explicit floats: many compatible servers do not implement the SDK's base64 default.
          encoding_format: 'float',
        });
        const vectors = [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
        const usage = this.#usage(request.model, response.usage?.prompt_tokens, 0, request.inputs.join(' '), '');
        return { result: { ok: true, vectors, usage, cached: false, raw: response }, usage };
      },
      toCache: (r) => ({ value: r.vectors, usage: r.usage, latencyMs: r.latencyMs, retryWaitMs: r.retryWaitMs }),
      fromCache: (c) => ({ ok: true, vectors: c.value as number[][], usage: c.usage, cached: true, raw: null }),
    });
  }

  toJSON(): Record<string, unknown> {
    return { endpoint: this.endpoint.toJSON(), stats: this.stats() };
  }

  [inspect.custom](): string {
    return `LlmClient ${inspect(this.toJSON())}`;
  }

  /**
   * Cache lookup, in-flight sharing, then the retrying request. Every success leaves here with its
   * timing: the attempt's latency and retry wait (recorded ones for a cache hit), and the wall time
   * this caller spent in the call.
   */
  async #call<T extends { ok: true; usage: Usage } & CallTiming>(args: {
    operation: 'chat' | 'embed';
    model: string;
    params: unknown;
    useCache: boolean;
    predictedUsd: number | null;
    attempt: () => Promise<Attempt<Untimed<T>>>;
    toCache: (result: T) => CachedReply;
    fromCache: (cached: CachedReply) => Untimed<T>;
  }): Promise<T | { ok: false; error: LlmError }> {
    const started = performance.now();
    const timed = (outcome: Timed<T> | { ok: false; error: LlmError }): T | { ok: false; error: LlmError } =>
      'error' in outcome ? outcome : ({ ...outcome, elapsedMs: performance.now() - started } as T);
    const key = args.useCache
      ? requestCacheKey({
          provider: this.endpoint.provider,
          origin: this.endpoint.origin,
          model: args.model,
          operation: args.operation,
          params: args.params,
        })
      : null;
    if (key === null) return timed(await this.#withRetries(args));
    const cached = this.#cache?.get(key);
    if (cached) {
      this.#ledger.recordCacheHit();
      // Cost is tokens times the price table in force, not what was stored: a reply cached before
      // `--prices` named this model's price would otherwise stay "cost unknown" forever.
      const usage: Usage = {
        ...cached.usage,
        costUsd: estimateCost({
          model: args.model,
          promptTokens: cached.usage.promptTokens,
          completionTokens: cached.usage.completionTokens,
          prices: this.#prices,
        }),
      };
      return timed({
        ...args.fromCache({ ...cached, usage }),
        latencyMs: cached.latencyMs,
        retryWaitMs: cached.retryWaitMs,
      } as Timed<T>);
    }
    const pending = this.#inFlight.get(key);
    if (pending) return timed(await (pending as Promise<Timed<T> | { ok: false; error: LlmError }>));
    const promise = this.#withRetries(args).then((outcome) => {
      // Only successes are cached: a transient failure must not become permanent.
      if (outcome.ok) this.#cache?.set(key, args.toCache({ ...outcome, elapsedMs: 0 } as T));
      return outcome;
    });
    this.#inFlight.set(key, promise);
    try {
      return timed(await promise);
    } finally {
      this.#inFlight.delete(key);
    }
  }

  /** The retrying request of one call (see run-attempts.ts). */
  #withRetries<T extends { ok: true; usage: Usage }>(args: {
    predictedUsd: number | null;
    attempt: () => Promise<Attempt<Untimed<T>>>;
  }): Promise<Timed<T> | { ok: false; error: LlmError }> {
    return runAttempts(this.#attemptDeps, args) as Promise<Timed<T> | { ok: false; error: LlmError }>;
  }

  /** Recorded usage; servers that omit `usage` get a length-based estimate rather than zero. */
  #usage(
    model: string,
    promptTokens: number | undefined,
    completionTokens: number | undefined,
    promptText: string,
    completionText: string,
  ): Usage {
    const prompt = promptTokens ?? estimateTokens(promptText);
    const completion = completionTokens ?? estimateTokens(completionText);
    return {
      promptTokens: prompt,
      completionTokens: completion,
      costUsd: estimateCost({ model, promptTokens: prompt, completionTokens: completion, prices: this.#prices }),
    };
  }

  #predict(model: string, promptTokens: number, completionTokens: number): number | null {
    if (this.#ledger.maxCostUsd !== null) this.#requirePrice(model);
    return estimateCost({ model, promptTokens, completionTokens, prices: this.#prices });
  }

  /** A spend cap cannot be enforced with an unknown price; say so instead of ignoring the cap. */
  #requirePrice(model: string): void {
    if (lookupPrice(model, this.#prices)) return;
    throw new TuneRagError(
      'config',
      `${optionRef('maxCost')} needs the price of model "${model}", which is not in the price table`,
      {
        hint: `pass ${optionRef('prices')} FILE with {"${model}": {"inputPer1M": <usd>, "outputPer1M": <usd>}} (0 for a free local model), or drop ${optionRef('maxCost')}`,
      },
    );
  }
}
