import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { testClient } from './test-client.js';

describe('LlmClient adaptive concurrency', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('sends fewer requests at once after 429s', async () => {
    // The first eight requests are rejected with 429; later ones are slow successes.
    server.setFallback('chat', (_req, i) =>
      i < 8 ? { kind: 'rate_limited', retryAfter: '0' } : { kind: 'delay', ms: 30, then: { kind: 'text', text: 'ok' } },
    );
    const client = testClient(server, {
      concurrency: { initial: 8, max: 8 },
      retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 5 },
    });
    const ask = (i: number) => client.chat({ messages: [{ role: 'user', content: `q${i}` }] });
    const first = await Promise.all(Array.from({ length: 8 }, (_, i) => ask(i)));
    expect(first.every((r) => r.ok)).toBe(true);
    const afterBurst = client.stats();
    expect(afterBurst.concurrencyReductions).toBeGreaterThan(0);
    expect(afterBurst.concurrencyLimit).toBeLessThan(8);

    // The next batch of eight runs with the reduced limit (growing back by at most one slot).
    server.resetStats();
    const second = await Promise.all(Array.from({ length: 8 }, (_, i) => ask(100 + i)));
    expect(second.every((r) => r.ok)).toBe(true);
    expect(server.maxInFlight()).toBeLessThanOrEqual(afterBurst.concurrencyLimit + 1);
    expect(server.maxInFlight()).toBeLessThan(8);
  });

  it('40 requests under 30% 429s and 10% 500s all succeed and report retries', async () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    server.setFallback('chat', (req) => {
      const r = random();
      if (r < 0.3) return { kind: 'rate_limited', retryAfter: '0.01' };
      if (r < 0.4) return { kind: 'server_error' };
      const content = (req.body.messages as Array<{ content: string }>)[0].content;
      return { kind: 'text', text: `answer to ${content}` };
    });
    const client = testClient(server, {
      concurrency: { initial: 8, max: 16 },
      retry: { maxAttempts: 12, baseDelayMs: 2, maxDelayMs: 20 },
    });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => client.chat({ messages: [{ role: 'user', content: `q${i}` }] })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    results.forEach((r, i) => expect(r.ok && r.text).toBe(`answer to q${i}`));
    const stats = client.stats();
    expect(stats.calls).toBe(40);
    expect(stats.failures).toBe(0);
    expect(stats.retries).toBeGreaterThan(0);
    expect(server.requests.length).toBe(40 + stats.retries);
  });
});
