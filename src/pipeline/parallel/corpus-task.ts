import type { ChunkingOptions } from '../../chunking/chunk-document.js';
import type { TermCounts } from '../../retrieval/bm25-term-counts.js';

/** One unit of corpus work a worker thread does (or the main thread, for small corpora). */
export type CorpusTask =
  | { kind: 'chunk'; texts: string[]; options: ChunkingOptions }
  | { kind: 'terms'; texts: string[] };

/** What each task kind returns. */
export type CorpusTaskResult<T extends CorpusTask> = T extends { kind: 'chunk' } ? Int32Array : TermCounts;

/**
 * Runs one task; the same function in a worker and in-thread, so both give identical results.
 * Each kind's modules are loaded on first use: a BM25 worker never loads the text splitters.
 */
export async function runCorpusTask(task: CorpusTask): Promise<Int32Array | TermCounts> {
  if (task.kind === 'chunk') {
    const { chunkSpans } = await import('./chunk-spans.js');
    return chunkSpans({ ...task.options, texts: task.texts });
  }
  const { countTerms } = await import('../../retrieval/bm25-term-counts.js');
  return countTerms(task.texts);
}

/** The array buffers of a result, moved (not copied) back to the main thread. */
export function transferables(result: Int32Array | TermCounts): ArrayBuffer[] {
  const arrays = result instanceof Int32Array ? [result] : [result.lengths, result.pairStart, result.pairs];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
