import type { ScoredChunk } from '../../chunking/chunk.js';

/**
 * The k best of `candidates` by `scores[candidate]`, best first; ties go to the lower index so
 * results never depend on accumulation order. A bounded min-heap: O(n log k), no full sort.
 */
export function topK(options: {
  scores: Float32Array | Float64Array;
  candidates: Int32Array;
  count: number;
  k: number;
}): ScoredChunk[] {
  const { scores, candidates, count } = options;
  const k = Math.min(options.k, count);
  if (k <= 0) return [];
  const heap = new Int32Array(k);
  let size = 0;
  // "a is worse than b": the heap root is the worst kept candidate.
  const worse = (a: number, b: number) => scores[a] < scores[b] || (scores[a] === scores[b] && a > b);
  for (let c = 0; c < count; c++) {
    const item = candidates[c];
    if (size < k) {
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(item, heap[parent])) break;
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = item;
    } else if (worse(heap[0], item)) {
      siftDown(heap, size, item, worse);
    }
  }
  const out: ScoredChunk[] = [];
  for (let i = 0; i < size; i++) out.push({ chunkIndex: heap[i], score: scores[heap[i]] });
  return out.sort((a, b) => b.score - a.score || a.chunkIndex - b.chunkIndex);
}

/** Replaces the root with `item` and restores the heap property. */
function siftDown(heap: Int32Array, size: number, item: number, worse: (a: number, b: number) => boolean): void {
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= size) break;
    const right = left + 1;
    const child = right < size && worse(heap[right], heap[left]) ? right : left;
    if (!worse(heap[child], item)) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = item;
}
