import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tinyDataset } from '../support/tiny-dataset.js';
import type { Dataset } from '../../src/data/dataset-schema.js';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { TEXT_VECTOR_STAGE } from '../../src/pipeline/text-vector-cache.js';
import {
  catalogueConfig as configOf,
  localCatalogue as catalogue,
  localComponents as components,
} from '../support/catalogue-config.js';

// The tiny dataset with its last four documents cut to their first sentence: those stay one
// chunk whatever the chunk size, so two chunkings share exactly their four texts.
const dataset: Dataset = {
  ...tinyDataset,
  fingerprint: 'tiny-use-lite-v1',
  docs: tinyDataset.docs.map((doc, i) => (i < 4 ? doc : { ...doc, text: doc.text.split('. ')[0] + '.' })),
};

const dense = configOf({
  'chunk.strategy': 'sentence',
  'chunk.size': 32,
  retrieval: 'dense',
  embedder: 'use-lite',
  top_k: 2,
  reranker: 'none',
  generator: 'extractive-span',
});

const caches: StageCache[] = [];
afterEach(() => caches.splice(0).forEach((c) => c.close()));
function cacheIn(dir: string): StageCache {
  const cache = new StageCache({ dir });
  caches.push(cache);
  return cache;
}

describe('use-lite in the pipeline', () => {
  it('is an embedder of the catalogue', () => {
    const embedder = catalogue.parameters.find((p) => p.name === 'embedder');
    expect(embedder).toMatchObject({ values: ['hash-words', 'hash-chargrams', 'lsa', 'use-lite'] });
  });

  it('counts its embedding time in index_build_ms, the same figure cold and warm, and shares texts across chunkings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'use-lite-pipeline-'));
    const cold = new PipelineRunner({ dataset, cache: cacheIn(dir), components });
    const first = await cold.run({ config: dense });
    expect(first.failures).toBe(0);
    const chunkTexts = new Set(first.chunks.map((c) => (c.title ? `${c.title}\n${c.text}` : c.text)));
    expect(cold.stats.executions[TEXT_VECTOR_STAGE]).toBe(chunkTexts.size);
    expect(first.metrics.hit_rate).toBeGreaterThanOrEqual(0.75);
    // Embedding the chunks dominates the build: far more than the 0 ms a hashed embedder needs.
    expect(first.metrics.index_build_ms).toBeGreaterThan(20);

    // A new runner on the same cache (as a new process): nothing is embedded, same build time.
    const warm = new PipelineRunner({ dataset, cache: cacheIn(dir), components });
    const second = await warm.run({ config: dense });
    expect(warm.stats.executions.embed).toBe(0);
    expect(warm.stats.executions[TEXT_VECTOR_STAGE] ?? 0).toBe(0);
    expect(second.metrics.index_build_ms).toBe(first.metrics.index_build_ms);

    // Hybrid retrieval keys a new BM25 index but the same chunks and vectors: the embed entry is reused.
    const hybrid = await warm.run({ config: configOf({ ...dense, retrieval: 'hybrid', fusion: 'rrf' }) });
    expect(warm.stats.executions.embed).toBe(0);
    expect(hybrid.metrics.index_build_ms).toBeGreaterThanOrEqual(first.metrics.index_build_ms!);

    // Another chunk size gives a new embed key; the texts it shares with the first chunking are read, not embedded.
    const other = await warm.run({ config: configOf({ ...dense, 'chunk.size': 48 }) });
    const otherTexts = new Set(other.chunks.map((c) => (c.title ? `${c.title}\n${c.text}` : c.text)));
    const shared = [...otherTexts].filter((t) => chunkTexts.has(t)).length;
    // The four one-sentence documents are one chunk at either size; the four long ones are cut anew.
    expect(shared).toBe(4);
    expect(otherTexts.size).toBeGreaterThan(shared);
    expect(warm.stats.executions.embed).toBe(1);
    expect(warm.stats.executions[TEXT_VECTOR_STAGE]).toBe(otherTexts.size - shared);
    expect(warm.stats.hits[TEXT_VECTOR_STAGE]).toBe(shared);
  });
});
