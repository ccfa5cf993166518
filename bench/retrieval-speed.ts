import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DenseIndex } from '../src/retrieval/dense-index.js';
import { fuseReciprocalRank } from '../src/retrieval/fusion.js';
import { Bm25Index } from '../src/retrieval/bm25-index.js';
import { createHashedTfidfEmbedder } from '../src/providers/local/hashed-tfidf-embedder.js';
import { wordFeatureKeys } from '../src/providers/local/hashed-words-embedder.js';

/** The targets are stated for 384-dimensional vectors: hash-words features folded into 384 buckets. */
const BENCH_DIMENSIONS = 384;
import { syntheticCorpus, syntheticQueries } from './synthetic-corpus.js';
import { medianBatchLatency, timed } from './timing.js';

/** Settings measured; the dense ones match the pipeline's index stage except efSearch (64 here). */
const HNSW = { m: 16, efConstruction: 200, efSearch: 64, seed: 42 };
const K = 10;

export interface LatencyFigure {
  msPerQuery: number;
  qps: number;
}

/** Everything measured at one corpus size. */
export interface RetrievalBenchRow {
  chunks: number;
  dimensions: number;
  /** Fit + embed of the corpus with hash-words (the dense vectors are real hash-words vectors). */
  embedCorpusMs: number;
  denseBuildMs: number;
  bm25BuildMs: number;
  denseBytes: number;
  bm25Bytes: number;
  /** hash-words embedding of one query (not included in the dense / hybrid figures). */
  embedQuery: LatencyFigure;
  /** HNSW search only, k = 10, ef = 64, on pre-embedded queries. */
  dense: LatencyFigure;
  /** Query analysis + BM25 top-10. */
  bm25: LatencyFigure;
  /** Dense top-10 + BM25 top-10 + reciprocal rank fusion (pre-embedded queries). */
  hybrid: LatencyFigure;
}

export interface RetrievalBenchResult {
  section: 'retrieval';
  settings: { k: number; queries: number; repetitions: number; hnsw: typeof HNSW; corpus: string };
  rows: RetrievalBenchRow[];
}

/**
 * Retrieval speed on a synthetic Zipf corpus (20k-word vocabulary, 80-120 words per chunk) at
 * each size: index build times, then the median over `repetitions` batches of the per-query
 * latency of dense, BM25 and hybrid retrieval. Prints a table; writes JSON to `json` if given.
 * Called by `bench/main.ts` (`npm run bench -- --only retrieval`).
 */
export async function runRetrievalBench(options: {
  sizes: number[];
  queries: number;
  repetitions?: number;
  json?: string;
  log?: (line: string) => void;
}): Promise<RetrievalBenchResult> {
  const { sizes, queries, repetitions = 5, json, log = console.log } = options;
  const rows: RetrievalBenchRow[] = [];
  for (const size of sizes) {
    log(`retrieval: ${size.toLocaleString('en')} chunks ...`);
    rows.push(await measureSize(size, queries, repetitions));
  }
  const result: RetrievalBenchResult = {
    section: 'retrieval',
    settings: {
      k: K,
      queries,
      repetitions,
      hnsw: HNSW,
      corpus: 'synthetic Zipf(1.0), 20k pseudo-words, 80-120 words/chunk, seed 7',
    },
    rows,
  };
  log(formatTable(rows));
  if (json) {
    mkdirSync(dirname(json), { recursive: true });
    writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
    log(`wrote ${json}`);
  }
  return result;
}

async function measureSize(size: number, queryCount: number, repetitions: number): Promise<RetrievalBenchRow> {
  const { chunks } = syntheticCorpus({ chunks: size });
  const queries = syntheticQueries({ chunks, count: queryCount });

  const started = performance.now();
  const embedder = createHashedTfidfEmbedder({
    name: 'hash-words-384',
    dimensions: BENCH_DIMENSIONS,
    features: wordFeatureKeys,
    corpus: chunks,
  });
  const { vectors } = await embedder.embed(chunks, 'document');
  const embedCorpusMs = performance.now() - started;
  const queryVectors = (await embedder.embed(queries, 'query')).vectors;

  const dense = timed(() => DenseIndex.build({ vectors, dimensions: embedder.dimensions, ...HNSW }));
  const bm25 = timed(() => Bm25Index.build({ texts: chunks }));
  const pairs = queries.map((text, i) => ({ text, vector: queryVectors[i] }));

  const denseLatency = medianBatchLatency({ items: queryVectors, repetitions, run: (v) => dense.value.search(v, K) });
  const bm25Latency = medianBatchLatency({ items: queries, repetitions, run: (q) => bm25.value.search(q, K) });
  const hybridLatency = medianBatchLatency({
    items: pairs,
    repetitions,
    run: ({ text, vector }) =>
      fuseReciprocalRank({ lists: [dense.value.search(vector, K), bm25.value.search(text, K)] }),
  });
  // Awaited one query at a time, as the pipeline does per question.
  const embedQuery = await medianAsync(queries.slice(0, 200), repetitions, (q) => embedder.embed([q], 'query'));

  return {
    chunks: size,
    dimensions: embedder.dimensions,
    embedCorpusMs,
    denseBuildMs: dense.ms,
    bm25BuildMs: bm25.ms,
    denseBytes: dense.value.byteSize(),
    bm25Bytes: bm25.value.serialize().byteLength,
    embedQuery,
    dense: figure(denseLatency),
    bm25: figure(bm25Latency),
    hybrid: figure(hybridLatency),
  };
}

async function medianAsync(
  items: string[],
  repetitions: number,
  run: (item: string) => Promise<unknown>,
): Promise<LatencyFigure> {
  const perItem: number[] = [];
  for (let r = 0; r <= repetitions; r++) {
    const started = performance.now();
    for (const item of items) await run(item);
    // Pass 0 is the warm-up.
    if (r > 0) perItem.push((performance.now() - started) / items.length);
  }
  perItem.sort((a, b) => a - b);
  const ms = perItem[perItem.length >> 1];
  return { msPerQuery: ms, qps: 1000 / ms };
}

function figure(latency: { msPerItem: number; perSecond: number }): LatencyFigure {
  return { msPerQuery: latency.msPerItem, qps: latency.perSecond };
}

function formatTable(rows: RetrievalBenchRow[]): string {
  const lines: string[] = [];
  const cells = (values: string[]) => values.map((v, i) => (i === 0 ? v.padEnd(26) : v.padStart(13))).join('');
  for (const row of rows) {
    lines.push('');
    lines.push(`${row.chunks.toLocaleString('en')} chunks, ${row.dimensions}-dim hash-words vectors`);
    lines.push(
      `  build: embed corpus ${seconds(row.embedCorpusMs)}, HNSW ${seconds(row.denseBuildMs)} (${megabytes(row.denseBytes)}), BM25 ${seconds(row.bm25BuildMs)} (${megabytes(row.bm25Bytes)})`,
    );
    lines.push(`  ${cells(['query (median)', 'ms/query', 'QPS', 'vs BM25'])}`);
    const entries: [string, LatencyFigure][] = [
      ['dense (HNSW k=10 ef=64)', row.dense],
      ['BM25 (k=10)', row.bm25],
      ['hybrid (dense+BM25+RRF)', row.hybrid],
      ['embed query (hash-words)', row.embedQuery],
    ];
    for (const [name, f] of entries) {
      lines.push(
        `  ${cells([name, f.msPerQuery.toFixed(3), Math.round(f.qps).toLocaleString('en'), `${(f.msPerQuery / row.bm25.msPerQuery).toFixed(2)}x`])}`,
      );
    }
  }
  return lines.join('\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
