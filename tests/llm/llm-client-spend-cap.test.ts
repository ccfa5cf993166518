import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TuneRagError } from '../../src/errors.js';
import { SpendCapReachedError } from '../../src/llm/llm-error.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { testClient } from './test-client.js';

describe('LlmClient spend cap', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('throws before the call that would exceed the cap, sending no request', async () => {
    // gpt-4o: $2.5 / $10 per 1M. Each call: 100k prompt + 10k completion tokens = $0.35.
    server.setFallback('chat', () => ({ kind: 'text', text: 'x', promptTokens: 100_000, completionTokens: 10_000 }));
    const client = testClient(server, { model: 'gpt-4o', maxCostUsd: 0.8 });
    const ask = (i: number) => client.chat({ messages: [{ role: 'user', content: `q${i}` }], maxTokens: 1000 });
    expect((await ask(1)).ok).toBe(true);
    expect((await ask(2)).ok).toBe(true);
    expect(client.stats().costUsd).toBeCloseTo(0.7);
    // The check uses the predicted cost (text length / 4 + maxTokens): 50k prompt tokens + 1k
    // completion tokens ≈ $0.135, which does not fit in the $0.10 left.
    await expect(
      client.chat({ messages: [{ role: 'user', content: 'x'.repeat(4 * 50_000) }], maxTokens: 1000 }),
    ).rejects.toBeInstanceOf(SpendCapReachedError);
    expect(server.requests).toHaveLength(2);
  });

  it('reserves predicted cost for calls in flight so concurrent calls cannot overshoot', async () => {
    server.setFallback('chat', () => ({
      kind: 'delay',
      ms: 50,
      then: { kind: 'text', text: 'x', promptTokens: 1, completionTokens: 1 },
    }));
    // gpt-4o with maxTokens 40_000: predicted ≈ $0.40 each; cap $1 admits two at once.
    const client = testClient(server, { model: 'gpt-4o', maxCostUsd: 1 });
    const calls = [1, 2, 3].map((i) =>
      client.chat({ messages: [{ role: 'user', content: `q${i}` }], maxTokens: 40_000 }),
    );
    const settled = await Promise.allSettled(calls);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(2);
    const rejected = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(SpendCapReachedError);
    expect(server.requests).toHaveLength(2);
  });

  it('refuses a cap for a model without a price instead of ignoring it', () => {
    expect(() => testClient(server, { model: 'my-local-model', maxCostUsd: 1 })).toThrow(TuneRagError);
  });

  it('reports unknown-model cost as null and flags the totals', async () => {
    const client = testClient(server, { model: 'my-local-model' });
    const r = await client.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(r.ok && r.usage.costUsd).toBeNull();
    expect(client.stats()).toMatchObject({ costUnknown: true, costUsd: 0 });
  });

  it('a bound study account counts what earlier processes spent against the cap and is told every cost', async () => {
    // gpt-4o: each call 100k prompt + 10k completion tokens = $0.35; $0.5 of the $1.2 cap is spent.
    server.setFallback('chat', () => ({ kind: 'text', text: 'x', promptTokens: 100_000, completionTokens: 10_000 }));
    const client = testClient(server, { model: 'gpt-4o' });
    const told: (number | null)[] = [];
    client.bindSpendAccount({ priorUsd: 0.5, capUsd: 1.2, onSpend: (usd) => told.push(usd) });
    const ask = (i: number) => client.chat({ messages: [{ role: 'user', content: `q${i}` }], maxTokens: 1000 });
    expect((await ask(1)).ok).toBe(true);
    // $0.85 committed; the next call is predicted at ~$0.01 and fits, the one after that does not.
    expect((await ask(2)).ok).toBe(true);
    await expect(ask(3)).rejects.toBeInstanceOf(SpendCapReachedError);
    expect(server.requests).toHaveLength(2);
    expect(told).toHaveLength(2);
    expect(told[0]).toBeCloseTo(0.35, 12);
    expect(client.stats().costUsd).toBeCloseTo(0.7, 12); // this process's own spend
    expect(client.priorSpendUsd).toBe(0.5);
  });

  it('refuses a bound cap for a model without a price', () => {
    const client = testClient(server, { model: 'my-local-model' });
    expect(() => client.bindSpendAccount({ priorUsd: 0, capUsd: 1, onSpend: () => {} })).toThrow(TuneRagError);
  });
});
