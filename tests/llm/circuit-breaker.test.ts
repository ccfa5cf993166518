import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/llm/circuit-breaker.js';
import { AccessDeniedError } from '../../src/llm/llm-error.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { TEST_KEY, testClient } from './test-client.js';

const ask = [{ role: 'user' as const, content: 'hello' }];

describe('CircuitBreaker state machine', () => {
  it('opens after the threshold, refuses during the cool-down, then admits exactly one probe', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, now: () => now });
    expect([breaker.onFailure(), breaker.onFailure()]).toEqual([false, false]);
    expect(breaker.state).toBe('closed');
    expect(breaker.onFailure()).toBe(true);
    expect(breaker.state).toBe('open');
    expect(breaker.admit()).toBe(false);
    now = 999;
    expect(breaker.admit()).toBe(false);
    expect(breaker.reopensInMs()).toBe(1);
    now = 1000;
    expect([breaker.admit(), breaker.admit()]).toEqual([true, false]);
    // The probe fails: open again for a full cool-down from now.
    expect(breaker.onFailure()).toBe(true);
    expect(breaker.opens).toBe(2);
    now = 1999;
    expect(breaker.admit()).toBe(false);
    now = 2000;
    expect(breaker.admit()).toBe(true);
    breaker.onSuccess();
    expect(breaker.state).toBe('closed');
    expect([breaker.admit(), breaker.admit()]).toEqual([true, true]);
  });

  it('a success between failures resets the count; 429-like neutral replies do not', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000, now: () => 0 });
    breaker.onFailure();
    breaker.onSuccess();
    expect(breaker.onFailure()).toBe(false);
    breaker.onNeutral();
    expect(breaker.onFailure()).toBe(true);
  });
});

describe('LlmClient circuit breaker on a loopback server', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('after N consecutive 5xx no request reaches the server until the cool-down, then one probe', async () => {
    server.setFallback('chat', () => ({ kind: 'server_error', status: 503 }));
    const client = testClient(server, {
      retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 2 },
      breaker: { failureThreshold: 3, cooldownMs: 400 },
    });
    const first = await client.chat({ messages: ask });
    // Three attempts fail, the breaker opens, the call stops retrying (6 attempts were allowed).
    expect(first).toMatchObject({ ok: false, error: { code: 'server', status: 503 } });
    expect(server.requests).toHaveLength(3);
    const fast = await Promise.all([1, 2, 3, 4].map(() => client.chat({ messages: ask, cache: false })));
    for (const r of fast) {
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('unavailable');
      expect(r.error.attempts).toBe(0);
      expect(r.error.message).toBe(
        `openai:gpt-4o-mini: not called: ${new URL(server.baseURL).origin} failed 3 times in a row; last: HTTP 503: 503 The server had an error ` +
          '(circuit breaker open; one probe call every 400 ms)',
      );
    }
    expect(server.requests).toHaveLength(3);
    expect(client.stats()).toMatchObject({ breakerState: 'open', breakerOpens: 1, failures: 5 });

    // After the cool-down exactly one probe is sent; it fails, so the breaker re-opens at once.
    await new Promise((resolve) => setTimeout(resolve, 450));
    const probe = await client.chat({ messages: ask, cache: false });
    expect(probe).toMatchObject({ ok: false, error: { code: 'server' } });
    expect(server.requests).toHaveLength(4);
    expect((await client.chat({ messages: ask, cache: false })).ok).toBe(false);
    expect(server.requests).toHaveLength(4);

    // The server recovers: the next probe succeeds and calls flow again.
    server.setFallback('chat', () => ({ kind: 'text', text: 'back' }));
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await client.chat({ messages: ask, cache: false })).toMatchObject({ ok: true, text: 'back' });
    expect(await client.chat({ messages: ask, cache: false })).toMatchObject({ ok: true, text: 'back' });
    expect(server.requests).toHaveLength(6);
    expect(client.stats()).toMatchObject({ breakerState: 'closed', breakerOpens: 2 });
  });

  it('connection failures open it too: a dead port costs N attempts, not N per call', async () => {
    const baseURL = server.baseURL;
    await server.stop();
    const dead = { ...server, baseURL } as LoopbackServer;
    const client = testClient(dead, {
      retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 2 },
      breaker: { failureThreshold: 2, cooldownMs: 60_000 },
    });
    expect(await client.chat({ messages: ask })).toMatchObject({ ok: false, error: { code: 'network' } });
    expect(await client.chat({ messages: ask })).toMatchObject({
      ok: false,
      error: { code: 'unavailable', attempts: 0 },
    });
    expect(client.stats()).toMatchObject({ retries: 1, breakerOpens: 1 });
    server = await startLoopbackServer();
  });

  it('counts a call waiting to retry as failing now, for the live status line', async () => {
    server.enqueue('chat', { kind: 'rate_limited', retryAfter: '0.4' }, { kind: 'text', text: 'ok' });
    const client = testClient(server);
    const pending = client.chat({ messages: ask });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(client.stats()).toMatchObject({ retries: 1, failingNow: 1, failures: 0 });
    expect(await pending).toMatchObject({ ok: true, text: 'ok' });
    expect(client.stats()).toMatchObject({ retries: 1, failingNow: 0, failures: 0, endpointFailures: 0 });
  });

  it('429s do not open it', async () => {
    server.setFallback('chat', () => ({ kind: 'rate_limited', retryAfter: '0' }));
    const client = testClient(server, {
      retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 },
      breaker: { failureThreshold: 2, cooldownMs: 60_000 },
    });
    await client.chat({ messages: ask, cache: false });
    await client.chat({ messages: ask, cache: false });
    expect(server.requests).toHaveLength(8);
    expect(client.stats().breakerState).toBe('closed');
  });

  it('a 401 is thrown as AccessDeniedError naming the variable, without the key, after one request', async () => {
    server.setFallback('chat', () => ({
      kind: 'error',
      status: 401,
      message: `Incorrect API key provided: ${TEST_KEY}`,
    }));
    const client = testClient(server);
    const error = await client.chat({ messages: ask }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(AccessDeniedError);
    const message = (error as AccessDeniedError).message;
    expect(message).toBe(
      `openai:gpt-4o-mini: HTTP 401 from ${new URL(server.baseURL).origin}: the API key was rejected; check OPENAI_API_KEY`,
    );
    expect(message).not.toContain(TEST_KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('a 403 says the key has no access to the model', async () => {
    server.setFallback('chat', () => ({ kind: 'error', status: 403, message: 'forbidden' }));
    const error = await testClient(server)
      .chat({ messages: ask })
      .then(
        () => null,
        (thrown: unknown) => thrown,
      );
    expect((error as AccessDeniedError).message).toContain('HTTP 403 from http://127.0.0.1:');
    expect((error as AccessDeniedError).message).toContain(
      'the API key has no access to model "gpt-4o-mini"; check OPENAI_API_KEY',
    );
  });
});

describe('LlmClient and connections closed under a request (stale kept-alive sockets)', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('re-sends at once, twice per call, without counting them as attempts or as breaker failures', async () => {
    server.enqueue('chat', { kind: 'close_socket' }, { kind: 'close_socket' }, { kind: 'text', text: 'hi' });
    const client = testClient(server, {
      retry: { maxAttempts: 1 },
      breaker: { failureThreshold: 1, cooldownMs: 60_000 },
    });
    const reply = await client.chat({ messages: ask });
    // One attempt allowed and a breaker that opens on the first outage failure: both closed
    // sockets were re-sent anyway, and the third request answered.
    expect(reply).toMatchObject({ ok: true, text: 'hi' });
    expect(server.requests).toHaveLength(3);
    expect(client.stats()).toMatchObject({ calls: 1, retries: 2, breakerOpens: 0, breakerState: 'closed' });
  });

  it('a third close in one call is an outage failure that names its cause', async () => {
    server.setFallback('chat', () => ({ kind: 'close_socket' }));
    const client = testClient(server, {
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      breaker: { failureThreshold: 1, cooldownMs: 60_000 },
    });
    const reply = await client.chat({ messages: ask });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('network');
    expect(reply.error.message).toMatch(
      /^openai:gpt-4o-mini: cannot reach http:\/\/127\.0\.0\.1:\d+\/v1: fetch failed \((other side closed, UND_ERR_SOCKET|.*ECONNRESET.*)\)$/,
    );
    // Two free re-sends, then the counted failure opened the breaker (threshold 1): no 4th request.
    expect(server.requests).toHaveLength(3);
    expect(client.stats()).toMatchObject({ breakerOpens: 1, breakerState: 'open' });
  });
});
