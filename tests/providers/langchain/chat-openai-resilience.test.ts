import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ComponentCalls } from '../../../src/llm/component-calls.js';
import { SpendCapReachedError } from '../../../src/llm/llm-error.js';
import { lookupPrice } from '../../../src/llm/price-table.js';
import { LangchainGenerator } from '../../../src/providers/langchain/langchain-generator.js';
import { type LoopbackServer, startLoopbackServer } from '../../support/loopback-openai-server.js';

/** ChatOpenAI against the loopback server through tune-rag's call path (real HTTP, no network). */
describe('a ChatOpenAI generator against the loopback server', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer();
  });
  afterAll(() => server.stop());
  beforeEach(() => server.resetStats());

  const generatorWith = (calls: ComponentCalls) =>
    new LangchainGenerator({
      name: 'chat',
      calls,
      // maxRetries 0: tune-rag's retry loop makes (and counts) every attempt.
      model: new ChatOpenAI({
        model: 'gpt-4o-mini',
        apiKey: 'test',
        maxRetries: 0,
        configuration: { baseURL: server.baseURL },
      }),
    });
  const ask = (generator: LangchainGenerator) =>
    generator.generate({ question: 'Which port?', contexts: [{ text: 'Port 8080.', docId: 'd' }], params: {} });
  const fast = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5_000 };
  const price = lookupPrice('gpt-4o-mini');
  if (!price) throw new Error('gpt-4o-mini is priced in the default table');

  it("counts the server's token usage and prices it", async () => {
    server.enqueue('chat', { kind: 'text', text: 'Answer: 8080', promptTokens: 40, completionTokens: 3 });
    const calls = new ComponentCalls({ retry: fast });
    const result = await ask(generatorWith(calls));
    expect(result.answer).toBe('8080');
    expect(result.usage).toEqual({
      promptTokens: 40,
      completionTokens: 3,
      costUsd: (40 * price.inputPer1M + 3 * price.outputPer1M) / 1_000_000,
    });
    expect(calls.stats()).toMatchObject({ calls: 1, retries: 0, failures: 0, promptTokens: 40, completionTokens: 3 });
  });

  it('retries a 429 after its Retry-After and 500s with backoff, then succeeds', async () => {
    server.enqueue(
      'chat',
      { kind: 'rate_limited', retryAfter: '0.05' },
      { kind: 'server_error', status: 500 },
      { kind: 'server_error', status: 503 },
      { kind: 'text', text: 'Answer: 8080', promptTokens: 10, completionTokens: 2 },
    );
    const calls = new ComponentCalls({ retry: fast });
    const started = performance.now();
    const result = await ask(generatorWith(calls));
    expect(result.answer).toBe('8080');
    expect(server.requests.filter((r) => r.route === 'chat')).toHaveLength(4);
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
    expect(calls.stats()).toMatchObject({ calls: 1, retries: 3, failures: 0 });
    expect(result.timing?.retryWaitMs).toBeGreaterThanOrEqual(50);
  });

  it('gives up after the last attempt: the failure is thrown as an LlmError and counted', async () => {
    server.enqueue('chat', ...Array.from({ length: 4 }, () => ({ kind: 'server_error' as const, status: 500 })));
    const calls = new ComponentCalls({ retry: fast, breaker: { failureThreshold: 10 } });
    const error = await ask(generatorWith(calls)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'LlmError', code: 'server', status: 500, attempts: 4 });
    expect(calls.stats()).toMatchObject({ calls: 1, failures: 1, retries: 3, endpointFailures: 1 });
  });

  it('does not retry a 400', async () => {
    server.enqueue('chat', { kind: 'error', status: 400, message: 'bad request' });
    const calls = new ComponentCalls({ retry: fast });
    const error = await ask(generatorWith(calls)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'config', status: 400, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('abandons a hanging call at the timeout and retries it', async () => {
    server.enqueue('chat', { kind: 'hang' }, { kind: 'text', text: 'Answer: 8080' });
    // 1 s: long enough that the second (answered) attempt never times out on a loaded machine.
    const calls = new ComponentCalls({ retry: fast, timeoutMs: 1000 });
    const result = await ask(generatorWith(calls));
    expect(result.answer).toBe('8080');
    expect(calls.stats()).toMatchObject({ calls: 1, retries: 1, failures: 0 });
  });

  it('stops at the spend cap before sending the call that would exceed it', async () => {
    server.setFallback('chat', () => ({
      kind: 'text',
      text: 'Answer: 8080',
      promptTokens: 1000,
      completionTokens: 100,
    }));
    // A call costs (1000 x 0.15 + 100 x 0.6) / 1e6 = $0.00021 and is predicted at its prompt's
    // estimate plus 256 completion tokens (~$0.00017): the first fits under $0.0003, the second not.
    const calls = new ComponentCalls({ retry: fast, maxCostUsd: 0.0003 });
    const generator = generatorWith(calls);
    await ask(generator);
    await expect(ask(generator)).rejects.toBeInstanceOf(SpendCapReachedError);
    expect(server.requests).toHaveLength(1);
    expect(calls.stats().costUsd).toBeCloseTo(0.00021, 12);
  });
});
