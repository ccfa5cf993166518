import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LlmError } from '../../src/llm/llm-error.js';
import { MemoryRequestCache, type CachedReply, type RequestCache } from '../../src/llm/request-cache.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { TEST_KEY, testClient } from './test-client.js';

describe('API key secrecy', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('sends the key as a bearer token', async () => {
    const client = testClient(server);
    await client.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TEST_KEY}`);
  });

  it('keeps the key out of errors, cache entries, JSON and inspect output', async () => {
    // A server that echoes the key in its error body, as some 401 responses do.
    server.enqueue('chat', { kind: 'error', status: 401, message: `Incorrect API key provided: ${TEST_KEY}` });
    server.enqueue('chat', { kind: 'text', text: 'ok' });
    // Records every row written, so the test sees exactly what a persistent cache would store.
    const written: Array<{ key: string; reply: CachedReply }> = [];
    const memory = new MemoryRequestCache();
    const cache: RequestCache = {
      get: (key) => memory.get(key),
      set: (key, reply) => {
        written.push({ key, reply });
        memory.set(key, reply);
      },
    };
    const client = testClient(server, { cache });
    // A 401 stops the run (thrown AccessDeniedError); neither it nor its stack may carry the key.
    const failed = await client.chat({ messages: [{ role: 'user', content: 'a' }] }).then(
      () => null,
      (thrown: unknown) => thrown as LlmError,
    );
    expect(failed?.code).toBe('access_denied');
    expect(failed?.message).toContain('the API key was rejected; check OPENAI_API_KEY');
    expect(String(failed?.message) + JSON.stringify(failed) + String(failed?.stack) + inspect(failed)).not.toContain(
      TEST_KEY,
    );

    const ok = await client.chat({ messages: [{ role: 'user', content: 'b' }] });
    expect(ok.ok).toBe(true);
    expect(written).toHaveLength(1);
    expect(JSON.stringify(written)).not.toContain(TEST_KEY);
    expect(JSON.stringify(client)).not.toContain(TEST_KEY);
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(TEST_KEY);
  });
});
