import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { testClient } from './test-client.js';

const ask = [{ role: 'user' as const, content: 'hello' }];

describe('LlmClient retries', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('returns text, usage and cost for a valid reply', async () => {
    server.enqueue('chat', { kind: 'text', text: 'hi there', promptTokens: 1000, completionTokens: 500 });
    const client = testClient(server);
    const r = await client.chat({ messages: ask, temperature: 0, maxTokens: 50 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.text).toBe('hi there');
    expect(r.usage).toEqual({ promptTokens: 1000, completionTokens: 500, costUsd: (1000 * 0.15 + 500 * 0.6) / 1e6 });
    expect(server.requests[0].body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0, max_tokens: 50 });
    expect(client.stats()).toMatchObject({
      calls: 1,
      retries: 0,
      promptTokens: 1000,
      completionTokens: 500,
      costUnknown: false,
    });
  });

  it('honours Retry-After before retrying a 429', async () => {
    server.enqueue('chat', { kind: 'rate_limited', retryAfter: '0.2' }, { kind: 'text', text: 'ok' });
    const client = testClient(server);
    const r = await client.chat({ messages: ask });
    expect(r.ok).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].receivedAt - server.requests[0].receivedAt).toBeGreaterThanOrEqual(195);
    expect(client.stats().retries).toBe(1);
  });

  it('retries a 500 then succeeds', async () => {
    server.enqueue('chat', { kind: 'server_error' }, { kind: 'text', text: 'ok' });
    const client = testClient(server);
    const r = await client.chat({ messages: ask });
    expect(r).toMatchObject({ ok: true, text: 'ok' });
    expect(server.requests).toHaveLength(2);
    expect(client.stats()).toMatchObject({ calls: 1, retries: 1, failures: 0 });
  });

  it('gives up with a timeout error after bounded attempts on a hanging server', async () => {
    server.setFallback('chat', () => ({ kind: 'hang' }));
    const client = testClient(server, { timeoutMs: 100, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    const r = await client.chat({ messages: ask });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('timeout');
    expect(r.error.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
    expect(client.stats()).toMatchObject({ retries: 2, failures: 1 });
  });

  it('returns rate_limited after the last attempt and does not retry 4xx', async () => {
    server.setFallback('chat', () => ({ kind: 'rate_limited', retryAfter: '0' }));
    const client = testClient(server, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const limited = await client.chat({ messages: ask });
    expect(limited.ok || limited.error.code).toBe('rate_limited');
    expect(server.requests).toHaveLength(2);

    server.setFallback('chat', () => ({ kind: 'error', status: 404, message: 'model not found' }));
    const missing = await client.chat({ messages: [{ role: 'user', content: 'other' }] });
    expect(missing.ok || missing.error.code).toBe('config');
    expect(server.requests).toHaveLength(3);
  });

  it('returns a refusal as an error value with the refusal text and usage', async () => {
    server.enqueue('chat', {
      kind: 'refusal',
      refusal: 'I cannot help with that.',
      promptTokens: 10,
      completionTokens: 5,
    });
    const client = testClient(server);
    const r = await client.chat({ messages: ask });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('refusal');
    expect(r.error.rawText).toBe('I cannot help with that.');
    expect(r.error.usage.promptTokens).toBe(10);
    expect(client.stats()).toMatchObject({ calls: 1, failures: 1, promptTokens: 10 });
  });

  it('returns a network error when nothing listens', async () => {
    const closed = await startLoopbackServer();
    await closed.stop();
    const client = testClient(closed, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const r = await client.chat({ messages: ask });
    expect(r.ok || r.error.code).toBe('network');
  });

  it('returns tool calls and sends tools', async () => {
    server.enqueue('chat', { kind: 'tool_calls', calls: [{ name: 'propose', arguments: { topK: 5 } }] });
    const client = testClient(server);
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'propose', parameters: { type: 'object', properties: { topK: { type: 'integer' } } } },
      },
    ];
    const r = await client.chat({ messages: ask, tools });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.finishReason).toBe('tool_calls');
    expect(JSON.parse(r.toolCalls[0].function.arguments)).toEqual({ topK: 5 });
    expect(server.requests[0].body.tools).toEqual(tools);
  });

  it('embeds with dimensions, in input order, with usage', async () => {
    const client = testClient(server);
    const r = await client.embed({ inputs: ['alpha', 'beta'], model: 'text-embedding-3-small', dimensions: 4 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.vectors).toHaveLength(2);
    expect(r.vectors[0]).toHaveLength(4);
    expect(r.usage.costUsd).not.toBeNull();
    expect(server.requests[0].body).toMatchObject({
      model: 'text-embedding-3-small',
      dimensions: 4,
      encoding_format: 'float',
    });
  });
});
