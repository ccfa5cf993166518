import { afterEach, describe, expect, it } from 'vitest';
import { decodeChunkSet, encodeChunkSet, isEncodedChunkSet } from '../../src/pipeline/corpus-chunk-codec.js';
import { chunkCorpusInParallel } from '../../src/pipeline/parallel/parallel-corpus.js';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { components, configOf, dataset, tempDir } from '../faults/cache-fixture.js';

const bm25 = configOf({ 'chunk.strategy': 'recursive', 'chunk.size': 32, retrieval: 'bm25', top_k: 2 });

const caches: StageCache[] = [];
afterEach(() => caches.splice(0).forEach((c) => c.close()));
function openCache(dir: string): StageCache {
  const cache = new StageCache({ dir });
  caches.push(cache);
  return cache;
}

describe('chunk sets in the stage cache', () => {
  it('round-trips a chunk set to the same objects, key for key, in 16 bytes a chunk plus a header', async () => {
    const set = await chunkCorpusInParallel({ docs: dataset.docs, strategy: 'recursive', size: 16, overlap: 0.2 });
    const blob = encodeChunkSet(set, dataset.docs);
    expect(isEncodedChunkSet(blob)).toBe(true);
    expect(blob.length).toBeLessThanOrEqual(16 * set.chunks.length + 32);
    expect(JSON.stringify(decodeChunkSet(blob, dataset.docs))).toBe(JSON.stringify(set));
  });

  it('refuses a blob for another corpus or with a span past its document', async () => {
    const set = await chunkCorpusInParallel({ docs: dataset.docs, strategy: 'recursive', size: 16, overlap: 0 });
    const blob = encodeChunkSet(set, dataset.docs);
    expect(() => decodeChunkSet(blob, dataset.docs.slice(1))).toThrow(/documents recorded/);
    const shortened = dataset.docs.map((d) => ({ ...d, text: d.text.slice(0, 5) }));
    expect(() => decodeChunkSet(blob, shortened)).toThrow(/out of range/);
    expect(isEncodedChunkSet(Buffer.from(JSON.stringify(set)))).toBe(false);
  });

  it('a warm run reads the binary entry; a JSON entry of an older version still reads; a damaged one is rebuilt and counted', async () => {
    const dir = tempDir('chunk-codec-');
    const cache = openCache(dir);
    const cold = await new PipelineRunner({ dataset, cache, components }).run({ config: bm25 });
    const key = cold.keys.chunk;
    expect(isEncodedChunkSet(cache.get('chunk', key)!.value)).toBe(true);

    const warmRunner = new PipelineRunner({ dataset, cache, components });
    const warm = await warmRunner.run({ config: bm25 });
    expect(warmRunner.stats.hits.chunk).toBe(1);
    expect(warmRunner.stats.executions.chunk).toBe(0);
    expect(JSON.stringify(warm.chunks)).toBe(JSON.stringify(cold.chunks));

    // What versions before the binary format wrote under the same key.
    const entry = cache.get('chunk', key)!;
    const legacy = { chunks: cold.chunks, tokenCounts: decodeChunkSet(entry.value, dataset.docs).tokenCounts };
    cache.putJson('chunk', key, legacy, { latencyMs: entry.latencyMs, usage: entry.usage });
    const legacyRunner = new PipelineRunner({ dataset, cache, components });
    const fromJson = await legacyRunner.run({ config: bm25 });
    expect(legacyRunner.stats.hits.chunk).toBe(1);
    expect(JSON.stringify(fromJson.chunks)).toBe(JSON.stringify(cold.chunks));

    // A blob of the right format whose spans do not fit the corpus (as if the dataset changed under it).
    const other = encodeChunkSet(
      {
        chunks: [{ index: 0, docId: dataset.docs[0]!.id, start: 0, end: 10_000 }].map((c) => ({ ...c, text: '' })),
        tokenCounts: [1],
      },
      dataset.docs,
    );
    cache.put('chunk', key, { value: other, latencyMs: entry.latencyMs, usage: entry.usage });
    const rebuilt = new PipelineRunner({ dataset, cache, components });
    const again = await rebuilt.run({ config: bm25 });
    expect(rebuilt.stats.executions.chunk).toBe(1);
    expect(cache.health.report()).toMatchObject({ corrupt: 1 });
    expect(JSON.stringify(again.chunks)).toBe(JSON.stringify(cold.chunks));
    expect(again.metrics.recall_at_k).toBe(cold.metrics.recall_at_k);
    expect(again.metrics.hit_rate).toBe(cold.metrics.hit_rate);
  });
});
