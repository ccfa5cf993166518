import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScaleCorpus } from '../../bench/scale/scale-corpus.js';
import type { Dataset } from '../../src/data/dataset-schema.js';
import { loadDataset } from '../../src/data/load-dataset.js';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { ComponentRegistry } from '../../src/providers/component-registry.js';
import { ExactVectorSearch } from '../../src/retrieval/exact-vector-search.js';
import { chunkText } from '../../src/pipeline/stages/embed-stage.js';
import type { Config } from '../../src/space/parameter-schema.js';

const components = new ComponentRegistry();
// The baseline configuration: dense hash-words over recursive 256-token chunks, top 4.
const config: Config = JSON.parse(readFileSync('pipelines/baseline.json', 'utf8'));
let dataset: Dataset;
const dirs: string[] = [];
const run = (denseSearch?: 'exact' | 'hnsw') => {
  const dir = mkdtempSync(join(tmpdir(), 'dense-search-'));
  dirs.push(dir);
  const cache = new StageCache({ dir });
  return new PipelineRunner({ dataset, cache, components, denseSearch }).run({ config }).finally(() => cache.close());
};

beforeAll(async () => {
  // The demo's questions and paragraphs padded to 500 documents with distractors (the scale bench's builder).
  const demo = await loadDataset({ spec: 'demo', cwd: process.cwd() });
  dataset = buildScaleCorpus({ source: demo, docs: 500, questions: 40, seed: 3 });
});
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('dense search of a trial', () => {
  it('scans exactly for a trial-sized question set, and says so; its ranking is the brute-force one', async () => {
    const exact = await run();
    expect(exact.failures).toBe(0);
    expect(exact.keys.denseSearch).toBe('exact');
    expect(exact.metrics.dense_search_exact).toBe(1);
    expect(exact.metrics).not.toHaveProperty('ann_recall');
    // The same embeddings searched by a plain loop give the same top k for every question.
    const texts = exact.chunks.map(chunkText);
    const embedder = await components.embedder('hash-words').create({ corpus: texts });
    const vectors = (await embedder.embed(texts, 'document')).vectors;
    expect(ExactVectorSearch.build({ vectors, dimensions: embedder.dimensions }).kind).toBe('sparse');
    const queries = (
      await embedder.embed(
        dataset.questions.map((item) => item.question),
        'query',
      )
    ).vectors;
    const topFour = (query: Float32Array) => {
      const scores = vectors.map((v, i) => {
        let s = 0;
        for (let d = 0; d < v.length; d++) s += v[d] * query[d];
        return { i, s };
      });
      return scores
        .sort((a, b) => b.s - a.s || a.i - b.i)
        .slice(0, 4)
        .map((x) => x.i);
    };
    expect(exact.outcomes.map((o) => o.retrieved)).toEqual(queries.map(topFour));
  });

  it('with HNSW forced, keys differ and ann_recall is the share of the exact top k the graph found', async () => {
    const [exact, hnsw] = [await run('exact'), await run('hnsw')];
    expect(hnsw.keys.denseIndex).not.toBe(exact.keys.denseIndex);
    expect(hnsw.keys.perQuestion.retrieve).not.toBe(exact.keys.perQuestion.retrieve);
    expect(hnsw.keys.chunk).toBe(exact.keys.chunk);
    expect(hnsw.keys.embed).toBe(exact.keys.embed);
    expect(hnsw.metrics.dense_search_exact).toBe(0);
    // 40 questions < the 100 sampled: ann_recall covers them all, so it equals the overlap of the two trials.
    const overlap =
      exact.outcomes.reduce((sum, o, q) => {
        const found = new Set(hnsw.outcomes[q].retrieved);
        return sum + o.retrieved.filter((i) => found.has(i)).length / o.retrieved.length;
      }, 0) / exact.outcomes.length;
    expect(hnsw.metrics.ann_recall).toBeCloseTo(overlap, 12);
  });

  it('is deterministic: two cold exact trials retrieve the same chunks with the same scores', async () => {
    const [a, b] = [await run('exact'), await run('exact')];
    expect(b.outcomes.map((o) => o.retrieved)).toEqual(a.outcomes.map((o) => o.retrieved));
    expect(b.metrics.recall_at_k).toBe(a.metrics.recall_at_k);
  });
});
