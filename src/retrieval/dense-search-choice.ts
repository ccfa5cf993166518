/** How a trial searches its dense vectors: a full scan, or an HNSW graph built first. */
export type DenseSearchKind = 'exact' | 'hnsw';

/**
 * The cheaper dense search for a run of `queries` queries over about `chunks` vectors, in
 * distance computations (each costs one d-dim dot product on both sides, so d cancels):
 * - exact scan: queries × chunks;
 * - HNSW: building costs about efConstruction distances per insertion per graph level
 *   (chunks × efConstruction × log2 chunks), then each query about efSearch × log2 chunks.
 * With the index settings used here the scan wins below roughly a thousand queries, which is
 * what a tuning trial asks. Depends on its inputs only, so a configuration run on the same
 * questions always gets the same search (and the same cache keys).
 */
export function chooseDenseSearch(options: {
  queries: number;
  chunks: number;
  efConstruction: number;
  efSearch: number;
}): DenseSearchKind {
  const { queries, efConstruction, efSearch } = options;
  const chunks = Math.max(options.chunks, 2);
  const levels = Math.log2(chunks);
  const hnsw = chunks * efConstruction * levels + queries * efSearch * levels;
  return hnsw < queries * chunks ? 'hnsw' : 'exact';
}
