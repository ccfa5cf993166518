import type { ChunkingOptions } from '../../chunking/chunk-document.js';
import type { TermCounts } from '../../retrieval/bm25-term-counts.js';
import type { SparseRowParts } from '../../retrieval/sparse-vector-rows.js';

/** One unit of corpus work a worker thread does (or the main thread, for small corpora). */
export type CorpusTask =
  | { kind: 'chunk'; texts: string[]; options: ChunkingOptions }
  | { kind: 'terms'; texts: string[] }
  /** Document vectors of a built-in local embedder restored from `state`, as sparse rows. */
  | { kind: 'embed'; texts: string[]; embedder: string; state: Uint8Array };

type TaskResult = Int32Array | TermCounts | SparseRowParts;

/**
 * Runs one task; the same function in a worker and in-thread, so both give identical results.
 * Each kind's modules are loaded on first use: a BM25 worker never loads the text splitters.
 */
export async function runCorpusTask(task: CorpusTask): Promise<TaskResult> {
  if (task.kind === 'chunk') {
    const { chunkSpans } = await import('./chunk-spans.js');
    return chunkSpans({ ...task.options, texts: task.texts });
  }
  if (task.kind === 'embed') {
    const { embedSparseRows } = await import('./embed-sparse-rows.js');
    return embedSparseRows(task);
  }
  const { countTerms } = await import('../../retrieval/bm25-term-counts.js');
  return countTerms(task.texts);
}

/** The array buffers of a result, moved (not copied) back to the main thread. */
export function transferables(result: TaskResult): ArrayBuffer[] {
  const arrays =
    result instanceof Int32Array
      ? [result]
      : 'offsets' in result
        ? [result.offsets, result.indices, result.values]
        : [result.lengths, result.pairStart, result.pairs];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
