import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheHealth } from '../../src/cache/cache-health.js';
import { SqliteRequestCache } from '../../src/llm/request-cache.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { testClient } from '../llm/test-client.js';
import { tempDir } from './cache-fixture.js';

const ask = [{ role: 'user' as const, content: 'what is RAG?' }];

/** XORs one byte of the first stored reply's JSON text, as a bad disk sector would. */
function flipStoredReply(file: string, offset: number): void {
  const db = new Database(file);
  const row = db.prepare('SELECT key, value FROM llm_request_cache LIMIT 1').get() as { key: string; value: string };
  const bytes = Buffer.from(row.value);
  bytes[offset] ^= 0x01;
  db.prepare('UPDATE llm_request_cache SET value = ? WHERE key = ?').run(bytes.toString('latin1'), row.key);
  db.close();
}

describe('request cache integrity', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it.each([
    ['inside the reply text (still valid JSON)', 30],
    ['in the JSON syntax (unparsable)', 0],
  ])('a flipped byte %s is a miss: removed, asked again, counted, same reply', async (_what, offset) => {
    const file = join(tempDir('faults-llm-'), 'llm-cache.db');
    server.enqueue('chat', {
      kind: 'text',
      text: 'retrieval-augmented generation',
      promptTokens: 100,
      completionTokens: 10,
    });
    server.enqueue('chat', {
      kind: 'text',
      text: 'retrieval-augmented generation',
      promptTokens: 100,
      completionTokens: 10,
    });
    const first = new SqliteRequestCache({ file });
    const clean = await testClient(server, { cache: first }).chat({ messages: ask, temperature: 0 });
    first.close();
    flipStoredReply(file, offset);
    const health = new CacheHealth();
    const cache = new SqliteRequestCache({ file, health });
    const client = testClient(server, { cache });
    const again = await client.chat({ messages: ask, temperature: 0 });
    expect(again).toMatchObject({ ok: true, cached: false, text: 'retrieval-augmented generation' });
    if (!again.ok || !clean.ok) throw new Error('expected successes');
    expect(again.usage).toEqual(clean.usage);
    expect(server.requests).toHaveLength(2);
    expect(health.report()).toMatchObject({ corrupt: 1, corrupt_by_kind: { stage: 0, request: 1 } });
    // Stored again, whole: the next identical call is a verified hit.
    expect(await client.chat({ messages: ask, temperature: 0 })).toMatchObject({ ok: true, cached: true });
    expect(server.requests).toHaveLength(2);
    cache.close();
  });

  it('a failed write (full database) returns the reply anyway, counted and warned once', async () => {
    const file = join(tempDir('faults-llm-full-'), 'llm-cache.db');
    const db = new Database(file);
    const warnings: string[] = [];
    const health = new CacheHealth({ onWarning: (line) => warnings.push(line) });
    const cache = new SqliteRequestCache({ db, health });
    // A reply bigger than the table's one free page, and no page may be added: SQLITE_FULL.
    db.pragma('max_page_count = 1');
    const long = 'x'.repeat(8000);
    server.enqueue('chat', { kind: 'text', text: long }, { kind: 'text', text: long });
    const client = testClient(server, { cache });
    expect(await client.chat({ messages: ask })).toMatchObject({ ok: true, text: long });
    expect(await client.chat({ messages: ask })).toMatchObject({ ok: true, text: long, cached: false });
    expect(health.report()).toMatchObject({ write_failures: 2, corrupt: 0 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(`^cache write failed in .*faults-llm-full-.*: no space left to write ${file} \\(needed 8\\.\\d kB\\)`),
    );
    db.close();
  });
});
