import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExecutionStats } from '../../src/pipeline/execution-stats.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { embedTextKeyed, TEXT_VECTOR_STAGE, textVectorKey } from '../../src/pipeline/text-vector-cache.js';
import type { EmbedderFactory } from '../../src/providers/embedder.js';
import { useLiteEmbedder } from '../../src/providers/local/use-lite-embedder.js';
import { ZERO_USAGE } from '../../src/accounting/usage.js';

const A = 'Knead the bread dough for ten minutes.';
const B = 'The telescope observed a distant galaxy.';
const C = 'The central bank raised interest rates.';
const D = 'A reranker reorders the retrieved passages.';

/** use-lite, counting the texts it is asked to embed. */
function countingUseLite(): { factory: EmbedderFactory; embedded: string[] } {
  const embedded: string[] = [];
  const factory: EmbedderFactory = {
    name: useLiteEmbedder.name,
    version: useLiteEmbedder.version,
    dimensions: useLiteEmbedder.dimensions,
    local: true,
    textKeyed: true,
    description: useLiteEmbedder.description,
    async create(options) {
      const inner = await useLiteEmbedder.create(options);
      return {
        ...inner,
        name: inner.name,
        dimensions: inner.dimensions,
        state: () => inner.state(),
        embed(texts, kind) {
          embedded.push(...texts);
          return inner.embed(texts, kind);
        },
      };
    },
  };
  return { factory, embedded };
}

const caches: StageCache[] = [];
function openCache(dir = mkdtempSync(join(tmpdir(), 'text-vectors-'))): StageCache {
  const cache = new StageCache({ dir });
  caches.push(cache);
  return cache;
}
afterEach(() => caches.splice(0).forEach((c) => c.close()));

describe('per-text vector cache (text-keyed embedders)', () => {
  it('embeds a text shared by a second chunking once, and a re-run embeds nothing at the same recorded cost', async () => {
    const { factory, embedded } = countingUseLite();
    const cache = openCache();
    const stats = new ExecutionStats([]);
    // A repeated text is embedded once and counted once in the cost.
    const first = await embedTextKeyed({ texts: [A, B, C, A], factory, cache, stats });
    expect(embedded).toEqual([A, B, C]);
    expect(first.value.vectors).toHaveLength(4);
    expect(first.value.dimensions).toBe(512);
    expect(Array.from(first.value.vectors[3])).toEqual(Array.from(first.value.vectors[0]));
    // Another chunking sharing B and C: only D is new.
    const second = await embedTextKeyed({ texts: [B, C, D], factory, cache, stats });
    expect(embedded).toEqual([A, B, C, D]);
    expect(Array.from(second.value.vectors[0])).toEqual(Array.from(first.value.vectors[1]));
    expect(stats.executions[TEXT_VECTOR_STAGE]).toBe(4);
    expect(stats.hits[TEXT_VECTOR_STAGE]).toBe(2);
    // The same texts in a new process (a new cache object on the same folder): nothing embedded,
    // and the cost is the sum of what each text cost when first embedded, exactly.
    const reopened = openCache(cache.dir);
    const again = await embedTextKeyed({
      texts: [A, B, C, A],
      factory,
      cache: reopened,
      stats: new ExecutionStats([]),
    });
    expect(embedded).toHaveLength(4);
    expect(again.timing?.latencyMs).toBe(first.timing?.latencyMs);
    expect(again.value.vectors.map((v) => Array.from(v))).toEqual(first.value.vectors.map((v) => Array.from(v)));
    expect(first.timing!.latencyMs).toBeGreaterThan(0);
    expect(first.timing!.latencyMs).toBeLessThanOrEqual(first.timing!.elapsedMs);
    expect(reopened.health.report().corrupt).toBe(0);
  });

  it('detects a corrupt entry (flipped byte, or a valid entry of the wrong length), counts it and recomputes it', async () => {
    const { factory, embedded } = countingUseLite();
    const cache = openCache();
    const clean = await embedTextKeyed({ texts: [A, B], factory, cache, stats: new ExecutionStats([]) });
    cache.close();
    caches.splice(caches.indexOf(cache), 1);
    // Flip one byte of A's stored vector behind the cache's back.
    const db = new Database(join(cache.dir, 'stages.db'));
    const row = db
      .prepare('SELECT value FROM stage_entries_v2 WHERE stage = ? AND key = ?')
      .get(TEXT_VECTOR_STAGE, textVectorKey({ factory, text: A })) as { value: Buffer };
    row.value[17] ^= 0xff;
    db.prepare('UPDATE stage_entries_v2 SET value = ? WHERE stage = ? AND key = ?').run(
      row.value,
      TEXT_VECTOR_STAGE,
      textVectorKey({ factory, text: A }),
    );
    db.close();
    const reopened = openCache(cache.dir);
    // B gets an entry whose checksum is right but which is no 512-d vector.
    reopened.put(TEXT_VECTOR_STAGE, textVectorKey({ factory, text: B }), {
      value: Buffer.alloc(12),
      latencyMs: 1,
      usage: ZERO_USAGE,
    });
    const stats = new ExecutionStats([]);
    const repaired = await embedTextKeyed({ texts: [A, B], factory, cache: reopened, stats });
    expect(reopened.health.report().corrupt_by_kind.stage).toBe(2);
    expect(embedded).toEqual([A, B, A, B]);
    expect(stats.executions[TEXT_VECTOR_STAGE]).toBe(2);
    expect(repaired.value.vectors.map((v) => Array.from(v))).toEqual(clean.value.vectors.map((v) => Array.from(v)));
    // Recomputed entries were stored again: a third pass reads both.
    const third = await embedTextKeyed({ texts: [A, B], factory, cache: reopened, stats: new ExecutionStats([]) });
    expect(embedded).toHaveLength(4);
    expect(third.value.vectors.map((v) => Array.from(v))).toEqual(clean.value.vectors.map((v) => Array.from(v)));
  });

  it('keys a text by embedder name, version and content', () => {
    const { factory } = countingUseLite();
    const key = textVectorKey({ factory, text: A });
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(textVectorKey({ factory, text: B })).not.toBe(key);
    expect(textVectorKey({ factory: { ...factory, version: '2' }, text: A })).not.toBe(key);
    expect(textVectorKey({ factory: { ...factory, name: 'other' }, text: A })).not.toBe(key);
  });

  it('never builds the embedder (no model load) when every text is cached', async () => {
    const { factory } = countingUseLite();
    const cache = openCache();
    await embedTextKeyed({ texts: [A], factory, cache, stats: new ExecutionStats([]) });
    let created = 0;
    const guarded: EmbedderFactory = {
      ...factory,
      create: async (options) => {
        created += 1;
        return factory.create(options);
      },
    };
    const hit = await embedTextKeyed({ texts: [A, A], factory: guarded, cache, stats: new ExecutionStats([]) });
    expect(created).toBe(0);
    expect(hit.value.vectors).toHaveLength(2);
  });
});
