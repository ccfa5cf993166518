import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryRequestCache, requestCacheKey, SqliteRequestCache } from '../../src/llm/request-cache.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { TEST_KEY, testClient } from './test-client.js';

const ask = [{ role: 'user' as const, content: 'what is RAG?' }];

describe('LlmClient request cache', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('serves an identical request from the cache with its recorded usage', async () => {
    server.enqueue('chat', { kind: 'text', text: 'first', promptTokens: 100, completionTokens: 10 });
    const client = testClient(server, { cache: new MemoryRequestCache() });
    const a = await client.chat({ messages: ask, temperature: 0 });
    const b = await client.chat({ messages: ask, temperature: 0 });
    expect(server.requests).toHaveLength(1);
    expect(b).toMatchObject({ ok: true, text: 'first', cached: true });
    if (!a.ok || !b.ok) return;
    expect(b.usage).toEqual(a.usage);
    expect(client.stats()).toMatchObject({ calls: 1, cacheHits: 1, promptTokens: 100 });
    // A different parameter is a different request.
    await client.chat({ messages: ask, temperature: 0.5 });
    expect(server.requests).toHaveLength(2);
  });

  it('a cache hit replays the latency and retry wait of the call that fetched the reply', async () => {
    server.enqueue(
      'chat',
      { kind: 'rate_limited', retryAfter: '0.3' },
      { kind: 'delay', ms: 80, then: { kind: 'text', text: 'slow' } },
    );
    const client = testClient(server, { cache: new MemoryRequestCache() });
    const a = await client.chat({ messages: ask });
    const b = await client.chat({ messages: ask });
    if (!a.ok || !b.ok) throw new Error('expected two successes');
    expect(a.retryWaitMs).toBeGreaterThanOrEqual(300);
    expect(a.latencyMs).toBeGreaterThanOrEqual(80);
    // Latency is the successful attempt only: it and the wait are disjoint parts of the call, so
    // they fit in its wall time (counting the wait in latency too would exceed it by >= 300 ms).
    // Lower bounds only: a sleep never takes less than asked, whatever the machine's speed.
    expect(a.elapsedMs).toBeGreaterThanOrEqual(a.latencyMs + a.retryWaitMs);
    expect(b).toMatchObject({ cached: true, latencyMs: a.latencyMs, retryWaitMs: a.retryWaitMs });
    expect(server.requests).toHaveLength(2);
  });

  it('does not cache errors', async () => {
    server.enqueue('chat', { kind: 'error', status: 400, message: 'bad' }, { kind: 'text', text: 'fine' });
    const client = testClient(server, { cache: new MemoryRequestCache() });
    expect((await client.chat({ messages: ask })).ok).toBe(false);
    expect(await client.chat({ messages: ask })).toMatchObject({ ok: true, text: 'fine', cached: false });
    expect(server.requests).toHaveLength(2);
  });

  it('shares one HTTP request between identical calls in flight', async () => {
    server.enqueue('chat', { kind: 'delay', ms: 100, then: { kind: 'text', text: 'shared' } });
    const client = testClient(server);
    const [a, b] = await Promise.all([client.chat({ messages: ask }), client.chat({ messages: ask })]);
    expect(a).toMatchObject({ ok: true, text: 'shared' });
    // One reply shared; each caller's own wall time in the call is its own.
    expect({ ...b, elapsedMs: 0 }).toEqual({ ...a, elapsedMs: 0 });
    expect(server.requests).toHaveLength(1);
  });

  it('does not share or cache when a request opts out', async () => {
    const cache = new MemoryRequestCache();
    const client = testClient(server, { cache });
    await Promise.all([client.chat({ messages: ask, cache: false }), client.chat({ messages: ask, cache: false })]);
    expect(server.requests).toHaveLength(2);
    expect(cache.size).toBe(0);
  });

  it('persists in SQLite across clients, without the API key in any row', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'llm-cache-')), 'cache.db');
    server.enqueue('chat', { kind: 'text', text: 'persisted' });
    const first = new SqliteRequestCache({ file });
    await testClient(server, { cache: first }).chat({ messages: ask });
    first.close();
    const second = new SqliteRequestCache({ file });
    const r = await testClient(server, { cache: second }).chat({ messages: ask });
    second.close();
    expect(r).toMatchObject({ ok: true, text: 'persisted', cached: true });
    expect(server.requests).toHaveLength(1);
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT * FROM llm_request_cache').all();
    db.close();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(TEST_KEY);
  });

  it('keys are versioned and independent of key order', () => {
    const a = requestCacheKey({
      provider: 'openai',
      origin: 'http://127.0.0.1:1',
      model: 'm',
      operation: 'chat',
      params: { a: 1, b: 2 },
    });
    const b = requestCacheKey({
      provider: 'openai',
      origin: 'http://127.0.0.1:1',
      model: 'm',
      operation: 'chat',
      params: { b: 2, a: 1 },
    });
    expect(a).toBe(b);
    expect(a).toMatch(/^llm-cache-v4:/);
  });

  it('another base URL serving the same model name is another cache entry; the key is never in it', async () => {
    const other = await startLoopbackServer();
    try {
      server.enqueue('chat', { kind: 'text', text: 'from A' });
      other.enqueue('chat', { kind: 'text', text: 'from B' });
      const cache = new MemoryRequestCache();
      const onA = await testClient(server, { cache }).chat({ messages: ask });
      const onB = await testClient(other, { cache }).chat({ messages: ask });
      const againA = await testClient(server, { cache }).chat({ messages: ask });
      expect(onA).toMatchObject({ ok: true, text: 'from A', cached: false });
      expect(onB).toMatchObject({ ok: true, text: 'from B', cached: false });
      expect(againA).toMatchObject({ ok: true, text: 'from A', cached: true });
      expect(cache.size).toBe(2);
      expect(server.requests).toHaveLength(1);
      expect(other.requests).toHaveLength(1);
    } finally {
      await other.stop();
    }
  });

  it('the key depends on the origin only, not on the path', () => {
    const key = (origin: string) =>
      requestCacheKey({ provider: 'ollama', origin, model: 'qwen2.5:7b', operation: 'chat', params: {} });
    expect(key('http://127.0.0.1:11434')).not.toBe(key('http://10.0.0.2:11434'));
    expect(key('http://127.0.0.1:11434')).not.toBe(key('http://127.0.0.1:8000'));
  });
});
