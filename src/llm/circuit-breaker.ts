/**
 * A circuit breaker for one LLM endpoint. After `failureThreshold` consecutive outage failures
 * (connection refused/reset, timeouts, 5xx) it opens: calls fail fast without reaching the server
 * for `cooldownMs`. Then it lets exactly one probe call through (half-open); the probe's success
 * closes it, its failure opens it for another cool-down.
 *
 * Why: a dead endpoint used to cost every question six attempts (~13 s) before failing, so a run
 * against a dead server took minutes to report what the first few calls already showed. Rate
 * limits (429) and client errors (4xx) are not outages: the server is answering, so they neither
 * count towards opening nor reset the count.
 */
export interface CircuitBreakerOptions {
  /** Consecutive outage failures that open the breaker. Default 5. */
  failureThreshold?: number;
  /** How long the breaker stays open before one probe call is let through. Default 30 s. */
  cooldownMs?: number;
  /** Clock in ms; tests pass a fake one. Default `performance.now`. */
  now?: () => number;
}

export const DEFAULT_BREAKER_FAILURES = 5;
export const DEFAULT_BREAKER_COOLDOWN_MS = 30_000;

export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  readonly #now: () => number;
  #consecutiveFailures = 0;
  #openedAt: number | null = null;
  #probeInFlight = false;
  #opens = 0;
  #lastFailure: string | null = null;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = Math.max(1, options.failureThreshold ?? DEFAULT_BREAKER_FAILURES);
    this.cooldownMs = Math.max(0, options.cooldownMs ?? DEFAULT_BREAKER_COOLDOWN_MS);
    this.#now = options.now ?? (() => performance.now());
  }

  get state(): BreakerState {
    if (this.#openedAt === null) return 'closed';
    return this.#probeInFlight || this.#now() - this.#openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** How many times the breaker has opened (for stats). */
  get opens(): number {
    return this.#opens;
  }

  /** What the last outage failure said (for the fast failures' message); null before any. */
  get lastFailure(): string | null {
    return this.#lastFailure;
  }

  /** Milliseconds until a probe will be let through; 0 when closed or due. */
  reopensInMs(): number {
    if (this.#openedAt === null) return 0;
    return Math.max(0, this.cooldownMs - (this.#now() - this.#openedAt));
  }

  /**
   * Whether an attempt may be sent now. Closed: yes. Open: no. Cool-down over: yes for exactly one
   * caller (the probe); others are refused until the probe's outcome is known.
   */
  admit(): boolean {
    if (this.#openedAt === null) return true;
    if (this.#probeInFlight || this.#now() - this.#openedAt < this.cooldownMs) return false;
    this.#probeInFlight = true;
    return true;
  }

  /** The server answered (any reply that is not an outage): close and forget past failures. */
  onSuccess(): void {
    this.#consecutiveFailures = 0;
    this.#openedAt = null;
    this.#probeInFlight = false;
  }

  /** A reply that says nothing about availability (429, 4xx): a probe in flight is released. */
  onNeutral(): void {
    if (this.#probeInFlight) this.onSuccess();
  }

  /** An outage failure (`reason`: its message). Returns true when it opened (or re-opened) the breaker. */
  onFailure(reason?: string): boolean {
    this.#consecutiveFailures += 1;
    if (reason !== undefined) this.#lastFailure = reason;
    const reopen =
      this.#probeInFlight || (this.#openedAt === null && this.#consecutiveFailures >= this.failureThreshold);
    this.#probeInFlight = false;
    if (!reopen) return false;
    this.#openedAt = this.#now();
    this.#opens += 1;
    return true;
  }
}
