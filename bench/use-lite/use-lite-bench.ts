import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { ScoredChunk } from '../../src/chunking/chunk.js';
import { chunkCorpus } from '../../src/chunking/chunk-document.js';
import { loadDataset } from '../../src/data/load-dataset.js';
import { chunkText } from '../../src/pipeline/stages/embed-stage.js';
import { HNSW } from '../../src/pipeline/stages/index-stages.js';
import type { EmbedderFactory } from '../../src/providers/embedder.js';
import { LOCAL_EMBEDDERS } from '../../src/providers/local/local-embedders.js';
import { Bm25Index } from '../../src/retrieval/bm25-index.js';
import { DenseIndex } from '../../src/retrieval/dense-index.js';
import { fuseReciprocalRank } from '../../src/retrieval/fusion.js';
import { RETRIEVAL_DEPTH } from '../../src/space/catalogue.js';
import { median } from '../timing.js';
import { sampleArticles } from './article-sample.js';
import { type RetrievalScore, scoreRankings } from './ranked-retrieval.js';

/** The chunking every retriever sees: the baseline's (pipelines/baseline.json). */
const CHUNKING = { strategy: 'recursive', size: 256, overlap: 0.15 } as const;
const K = 5;

/** One dataset's figures. */
export interface UseLiteBenchRow {
  dataset: string;
  documents: number;
  chunks: number;
  questions: number;
  /** hit@5 and recall@5 per retriever. */
  retrieval: Record<string, RetrievalScore>;
  /** use-lite: median ms per chunk (one text per call), the chunks per second it implies, mean words per chunk. */
  useLiteMsPerChunk: number;
  useLiteChunksPerSecond: number;
  wordsPerChunk: number;
  /** Wall time of embedding every chunk and question with use-lite (ms). */
  useLiteEmbedMs: number;
  /**
   * Chunks per CPU-second (this process's user + system time while embedding the chunks): on a
   * shared machine, wall time also counts other processes' turns on the cores.
   */
  useLiteChunksPerCpuSecond: number;
}

/**
 * use-lite against the hashed embedders, LSA and BM25, alone and fused (reciprocal rank fusion of
 * use-lite with hash-words and with BM25), on each dataset: hit@5 and recall@5 with the
 * pipeline's chunking, HNSW index, BM25, fusion and relevance rule; use-lite's speed per chunk;
 * and the model load time as the median over fresh processes. `paragraphs` caps a dataset whose
 * documents are "Article#n" paragraphs (SQuAD) by whole seeded articles (see article-sample.ts).
 * Called by `bench/main.ts` (`npm run bench -- --only use-lite`).
 */
export async function runUseLiteBench(options: {
  datasets: string[];
  paragraphs?: number;
  loadRepetitions: number;
  json?: string;
  log?: (line: string) => void;
}): Promise<{ modelLoadMs: number; rows: UseLiteBenchRow[] }> {
  const { log = console.log } = options;
  const modelLoadMs = median(Array.from({ length: options.loadRepetitions }, () => loadInFreshProcess()));
  log(`use-lite model load (median of ${options.loadRepetitions} fresh processes): ${modelLoadMs.toFixed(0)} ms`);
  const rows: UseLiteBenchRow[] = [];
  for (const spec of options.datasets) {
    const loaded = await loadDataset({ spec, cwd: process.cwd() });
    const dataset = options.paragraphs
      ? sampleArticles({ dataset: loaded, paragraphs: options.paragraphs, seed: 1 })
      : loaded;
    rows.push(await measureDataset(dataset, log));
    log(formatRow(rows.at(-1)!));
  }
  if (options.json)
    writeFileSync(options.json, JSON.stringify({ k: K, chunking: CHUNKING, modelLoadMs, rows }, null, 2));
  return { modelLoadMs, rows };
}

async function measureDataset(
  dataset: Awaited<ReturnType<typeof loadDataset>>,
  log: (line: string) => void,
): Promise<UseLiteBenchRow> {
  const chunks = await chunkCorpus({ docs: dataset.docs, ...CHUNKING });
  const texts = chunks.map(chunkText);
  const queries = dataset.questions.map((q) => q.question);
  log(
    `use-lite: ${dataset.name}: ${dataset.docs.length} documents, ${chunks.length} chunks, ${queries.length} questions ...`,
  );
  const rankings: Record<string, ScoredChunk[][]> = {};
  const chunkMs: number[] = [];
  const cpu = { ms: 0 };
  let useLiteEmbedMs = 0;
  for (const factory of LOCAL_EMBEDDERS) {
    const started = performance.now();
    const { vectors, queryVectors, dimensions } = await embedAll(factory, texts, queries, chunkMs, cpu);
    if (factory.textKeyed) useLiteEmbedMs = performance.now() - started;
    const index = DenseIndex.build({ vectors, dimensions, ...HNSW });
    rankings[factory.name] = queryVectors.map((q) => index.search(q, RETRIEVAL_DEPTH));
  }
  const bm25 = Bm25Index.build({ texts });
  rankings.bm25 = queries.map((q) => bm25.search(q, RETRIEVAL_DEPTH));
  const fuse = (other: string) =>
    rankings['use-lite'].map((list, i) => fuseReciprocalRank({ lists: [list, rankings[other][i]] }));
  rankings['use-lite + hash-words (rrf)'] = fuse('hash-words');
  rankings['use-lite + bm25 (rrf)'] = fuse('bm25');
  const retrieval = Object.fromEntries(
    Object.entries(rankings).map(([name, lists]) => [
      name,
      scoreRankings({ rankings: lists, questions: dataset.questions, chunks, k: K }),
    ]),
  );
  const words = texts.reduce((n, t) => n + t.split(/\s+/).filter(Boolean).length, 0);
  const msPerChunk = median(chunkMs);
  return {
    dataset: dataset.name,
    documents: dataset.docs.length,
    chunks: chunks.length,
    questions: queries.length,
    retrieval,
    useLiteMsPerChunk: msPerChunk,
    useLiteChunksPerSecond: 1000 / msPerChunk,
    wordsPerChunk: words / texts.length,
    useLiteEmbedMs,
    useLiteChunksPerCpuSecond: (texts.length * 1000) / cpu.ms,
  };
}

/** Corpus and query vectors; a text-keyed embedder embeds one chunk per call, each timed into `chunkMs`. */
async function embedAll(
  factory: EmbedderFactory,
  texts: string[],
  queries: string[],
  chunkMs: number[],
  cpu: { ms: number },
): Promise<{ vectors: Float32Array[]; queryVectors: Float32Array[]; dimensions: number }> {
  const embedder = await factory.create({ corpus: texts });
  let vectors: Float32Array[] = [];
  if (factory.textKeyed) {
    // The model loads in create(), above: not counted in the CPU time per chunk.
    const cpuBefore = process.cpuUsage();
    for (const text of texts) {
      const started = performance.now();
      vectors.push(...(await embedder.embed([text], 'document')).vectors);
      chunkMs.push(performance.now() - started);
    }
    const used = process.cpuUsage(cpuBefore);
    cpu.ms = (used.user + used.system) / 1000;
  } else {
    vectors = (await embedder.embed(texts, 'document')).vectors;
  }
  const queryVectors = (await embedder.embed(queries, 'query')).vectors;
  return { vectors, queryVectors, dimensions: embedder.dimensions };
}

/** The model's load time in a new Node process (the first load is what a CLI run pays). */
function loadInFreshProcess(): number {
  const module = new URL('../../src/providers/local/use-lite-model.js', import.meta.url).href;
  const script = `const { loadUseLiteModel } = await import(${JSON.stringify(module)}); console.log((await loadUseLiteModel()).loadMs);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return Number(out.trim().split('\n').at(-1));
}

function formatRow(row: UseLiteBenchRow): string {
  const lines = [
    `${row.dataset}: ${row.documents} documents, ${row.chunks} chunks (${row.wordsPerChunk.toFixed(0)} words each), ${row.questions} questions`,
    `  use-lite: ${row.useLiteMsPerChunk.toFixed(1)} ms per chunk (median) = ${row.useLiteChunksPerSecond.toFixed(1)} chunks/s wall, ${row.useLiteChunksPerCpuSecond.toFixed(1)} chunks per CPU-second; all chunks + questions ${(row.useLiteEmbedMs / 1000).toFixed(1)} s`,
    `  ${'retriever'.padEnd(28)} hit@${K}   recall@${K}`,
  ];
  for (const [name, score] of Object.entries(row.retrieval))
    lines.push(`  ${name.padEnd(28)} ${score.hitAtK.toFixed(3)}   ${score.recallAtK.toFixed(3)}`);
  return lines.join('\n');
}
