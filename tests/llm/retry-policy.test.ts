import { describe, expect, it } from 'vitest';
import { AdaptiveConcurrency } from '../../src/llm/adaptive-concurrency.js';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs } from '../../src/llm/retry-policy.js';

describe('parseRetryAfter', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '1.5' }))).toBe(1500);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(3000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }))).toBeNull();
    expect(parseRetryAfter(new Headers())).toBeNull();
  });
});

describe('retryDelayMs', () => {
  it('grows exponentially with jitter and is capped; with Retry-After it waits that long plus at most 10%', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(retryDelayMs({ policy, retry: 1, retryAfterMs: null, random: () => 0 })).toBe(50);
    expect(retryDelayMs({ policy, retry: 3, retryAfterMs: null, random: () => 1 })).toBe(400);
    expect(retryDelayMs({ policy, retry: 10, retryAfterMs: null, random: () => 1 })).toBe(1000);
    expect(retryDelayMs({ policy, retry: 1, retryAfterMs: 5000, random: () => 0 })).toBe(5000);
    expect(retryDelayMs({ policy, retry: 1, retryAfterMs: 5000, random: () => 1 })).toBe(5500);
    // The server's wait wins even where exponential backoff would be longer.
    expect(retryDelayMs({ policy, retry: 10, retryAfterMs: 50, random: () => 0 })).toBe(50);
  });
});

describe('AdaptiveConcurrency', () => {
  it('halves on 429 and grows back by one after a window of successes', () => {
    const c = new AdaptiveConcurrency({ initial: 8, max: 16 });
    c.onRateLimited();
    expect(c.limit).toBe(4);
    c.onRateLimited();
    c.onRateLimited();
    c.onRateLimited();
    expect(c.limit).toBe(1);
    c.onSuccess();
    expect(c.limit).toBe(2);
    c.onSuccess();
    c.onSuccess();
    expect(c.limit).toBe(3);
    expect(c.reductions).toBe(3);
  });
});
