import { availableParallelism } from 'node:os';
import type { ChunkingOptions } from '../../chunking/chunk-document.js';
import { validateChunking } from '../../chunking/chunker.js';
import type { CorpusDoc } from '../../data/dataset-schema.js';
import { Bm25Index } from '../../retrieval/bm25-index.js';
import type { TermCounts } from '../../retrieval/bm25-term-counts.js';
import { chunksFromSpans, type ChunkSet } from './chunk-spans.js';
import { runCorpusTask, type CorpusTask } from './corpus-task.js';
import { type SparseRowParts, SparseVectorRows } from '../../retrieval/sparse-vector-rows.js';
import { runOnWorkers } from './worker-pool.js';
import { corpusWorkerScript } from './worker-script.js';

/**
 * Below this many characters of text, corpus work stays on the main thread. Each chunking worker
 * first builds the tokenizer (~1.6 s CPU on a loaded 2-core machine) and every text is copied to
 * it, so threads only pay on large corpora: on SQuAD dev padded to 20k documents (16.7M chars,
 * bench `--only corpus-speed`) chunking took 8.1 s CPU in-thread and 12.3 s CPU on two workers
 * (BM25 terms 2.6 s and 4.5 s), which wins wall time only when both cores are free for it.
 */
export const MIN_PARALLEL_CHARS = 8_000_000;

/** Tasks per thread: small enough that one slow batch does not leave the other threads idle. */
const BATCHES_PER_THREAD = 4;

/** How corpus work is spread over threads. */
export interface ParallelOptions {
  /** Worker threads (default os.availableParallelism()); 1 keeps everything in-thread. */
  threads?: number;
  /** Texts shorter than this in total stay in-thread (default {@link MIN_PARALLEL_CHARS}). */
  minChars?: number;
}

/** Consecutive index ranges of `lengths` holding about `total / count` characters each. */
function batches(lengths: readonly number[], count: number): { first: number; end: number }[] {
  const total = lengths.reduce((n, l) => n + l, 0);
  const target = Math.max(1, total / count);
  const out: { first: number; end: number }[] = [];
  let first = 0;
  let chars = 0;
  lengths.forEach((length, i) => {
    chars += length;
    if (chars >= target && i + 1 < lengths.length) {
      out.push({ first, end: i + 1 });
      first = i + 1;
      chars = 0;
    }
  });
  if (first < lengths.length) out.push({ first, end: lengths.length });
  return out;
}

/**
 * How to cut texts of these lengths into tasks: one in-thread task when there are too few
 * characters, one thread, or no worker build; else about BATCHES_PER_THREAD tasks per thread.
 */
function plan(
  lengths: number[],
  options: ParallelOptions,
): { ranges: { first: number; end: number }[]; script: string | null; threads: number } {
  const threads = options.threads ?? availableParallelism();
  const chars = lengths.reduce((n, l) => n + l, 0);
  const script = threads > 1 && chars >= (options.minChars ?? MIN_PARALLEL_CHARS) ? corpusWorkerScript() : null;
  const ranges = script === null ? [{ first: 0, end: lengths.length }] : batches(lengths, threads * BATCHES_PER_THREAD);
  return { ranges, script, threads };
}

/** Runs the planned tasks on worker threads, or in-thread when the plan has no worker script. */
async function run<R>(tasks: CorpusTask[], { script, threads }: ReturnType<typeof plan>): Promise<R[]> {
  if (script !== null && tasks.length > 1) return runOnWorkers<R>({ script, tasks, threads });
  const results: R[] = [];
  for (const task of tasks) results.push((await runCorpusTask(task)) as R);
  return results;
}

/**
 * Chunks every document like `chunkCorpus` plus each chunk's cl100k token count, on worker
 * threads for large corpora. The chunk set is identical, byte for byte, to the in-thread one.
 */
export async function chunkCorpusInParallel(
  options: ChunkingOptions & { docs: readonly CorpusDoc[]; parallel?: ParallelOptions },
): Promise<ChunkSet> {
  const { docs, parallel = {}, ...chunking } = options;
  const normalized = { ...chunking, overlap: chunking.overlap ?? 0 };
  // Validated here, once: a bad configuration fails before any thread starts, even on an empty corpus.
  validateChunking(normalized);
  const lengths = docs.map((doc) => doc.text.length);
  const planned = plan(lengths, parallel);
  const tasks: CorpusTask[] = planned.ranges.map(({ first, end }) => ({
    kind: 'chunk',
    texts: docs.slice(first, end).map((doc) => doc.text),
    options: normalized,
  }));
  const spans = await run<Int32Array>(tasks, planned);
  return chunksFromSpans({
    docs,
    batches: planned.ranges.map(({ first }, b) => ({ first, spans: spans[b] as Int32Array })),
  });
}

/** The BM25 index of `texts` (as Bm25Index.build), term counting on worker threads for large corpora. */
export async function buildBm25InParallel(options: {
  texts: string[];
  parallel?: ParallelOptions;
}): Promise<Bm25Index> {
  const runs = await runOnTexts<TermCounts>(options.texts, options.parallel, (texts) => ({ kind: 'terms', texts }));
  return Bm25Index.fromTermCounts({ runs });
}

/**
 * The document vectors of `texts` as sparse rows, embedded on worker threads for large corpora
 * by the built-in local embedder `embedder` restored from `state` in each (see embed-sparse-rows.ts).
 * Identical to embedding them in-thread: each text's vector depends only on it and the state.
 */
export async function embedSparseInParallel(options: {
  texts: string[];
  embedder: string;
  state: Uint8Array;
  parallel?: ParallelOptions;
}): Promise<SparseVectorRows> {
  const { embedder, state } = options;
  const runs = await runOnTexts<SparseRowParts>(options.texts, options.parallel, (texts) => ({
    kind: 'embed',
    texts,
    embedder,
    state,
  }));
  return SparseVectorRows.concat(runs);
}

/** One task per planned run of consecutive `texts` (see plan), results in text order. */
function runOnTexts<R>(
  texts: string[],
  parallel: ParallelOptions = {},
  task: (texts: string[]) => CorpusTask,
): Promise<R[]> {
  const planned = plan(
    texts.map((text) => text.length),
    parallel,
  );
  return run<R>(
    planned.ranges.map(({ first, end }) => task(texts.slice(first, end))),
    planned,
  );
}
