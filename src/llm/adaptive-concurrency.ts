import pLimit, { type LimitFunction } from 'p-limit';

/**
 * Per-endpoint concurrency limit that adapts to the server (AIMD, as TCP does): halve on a 429,
 * add one slot after `limit` successes in a row. Starting high and backing off finds the
 * provider's real rate limit without configuring it; growing slowly avoids oscillating.
 *
 * Each attempt takes a slot; backoff sleeps happen outside the limiter so waiting requests do
 * not block others.
 */
export class AdaptiveConcurrency {
  readonly #limit: LimitFunction;
  readonly #min: number;
  readonly #max: number;
  #successStreak = 0;
  /** Times the limit was lowered; reported in stats. */
  #reductions = 0;
  /** 429s within this window after a cut belong to the same burst and do not cut again. */
  #lastCutAt = 0;
  readonly #cooldownMs: number;

  constructor(options: { initial?: number; min?: number; max?: number; cooldownMs?: number } = {}) {
    this.#min = Math.max(1, options.min ?? 1);
    this.#max = Math.max(this.#min, options.max ?? 64);
    this.#cooldownMs = options.cooldownMs ?? 0;
    this.#limit = pLimit(clamp(options.initial ?? 8, this.#min, this.#max));
  }

  get limit(): number {
    return this.#limit.concurrency;
  }

  get active(): number {
    return this.#limit.activeCount;
  }

  get reductions(): number {
    return this.#reductions;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return this.#limit(task);
  }

  /** A 429 was received: halve the limit (once per cooldown window). */
  onRateLimited(now = Date.now()): void {
    this.#successStreak = 0;
    if (this.#cooldownMs > 0 && now - this.#lastCutAt < this.#cooldownMs) return;
    this.#lastCutAt = now;
    const next = Math.max(this.#min, Math.floor(this.#limit.concurrency / 2));
    if (next < this.#limit.concurrency) {
      this.#limit.concurrency = next;
      this.#reductions++;
    }
  }

  /** A request succeeded: after a full window of successes, allow one more in flight. */
  onSuccess(): void {
    this.#successStreak++;
    if (this.#successStreak >= this.#limit.concurrency && this.#limit.concurrency < this.#max) {
      this.#limit.concurrency = this.#limit.concurrency + 1;
      this.#successStreak = 0;
    }
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(value)));
}
