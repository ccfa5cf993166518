import type { ScoredChunk } from '../chunking/chunk.js';

/**
 * Reciprocal rank fusion (Cormack et al. 2009): score(d) = Σᵢ wᵢ / (k + rankᵢ(d)), ranks from 1.
 * Uses ranks only, so lists with incomparable scores (cosine, BM25) fuse without calibration.
 * A chunk missing from a list gets nothing from it. Result best first, ties to the lower chunk
 * index. `weights` defaults to 1 per list.
 */
export function fuseReciprocalRank(options: { lists: ScoredChunk[][]; k?: number; weights?: number[] }): ScoredChunk[] {
  const { lists, k = 60, weights } = options;
  if (weights && weights.length !== lists.length)
    throw new RangeError(`fuseReciprocalRank: ${weights.length} weights for ${lists.length} lists`);
  const fused = new Map<number, number>();
  lists.forEach((list, i) => {
    const weight = weights?.[i] ?? 1;
    const seen = new Set<number>();
    for (const item of byScore(list)) {
      // A duplicate would otherwise be counted twice; its best rank is the one that counts.
      if (seen.has(item.chunkIndex)) continue;
      seen.add(item.chunkIndex);
      fused.set(item.chunkIndex, (fused.get(item.chunkIndex) ?? 0) + weight / (k + seen.size));
    }
  });
  return [...fused].map(([chunkIndex, score]) => ({ chunkIndex, score })).sort(compareScored);
}

/**
 * Convex combination of min-max-normalised scores: weight·dense + (1 − weight)·sparse, where
 * each list is rescaled to [0, 1] (a list whose scores are all equal maps to 1) and a chunk
 * missing from a list counts 0 there. `weight` is the dense share, in [0, 1].
 *
 * Ties on the fused score are broken by the dominant list (dense when weight ≥ 0.5), then the
 * other, with absence below any score, then by chunk index. So weight 0 reproduces the sparse
 * ranking exactly, with dense-only chunks after it in dense order, and weight 1 the reverse.
 */
export function fuseWeighted(options: { dense: ScoredChunk[]; sparse: ScoredChunk[]; weight: number }): ScoredChunk[] {
  const { weight } = options;
  if (!(weight >= 0 && weight <= 1)) throw new RangeError(`fuseWeighted: weight must be in [0, 1], got ${weight}`);
  const dense = minMaxNormalize(options.dense);
  const sparse = minMaxNormalize(options.sparse);
  const ids = new Set([...dense.keys(), ...sparse.keys()]);
  const [first, second] = weight >= 0.5 ? [dense, sparse] : [sparse, dense];
  const rows = [...ids].map((chunkIndex) => ({
    chunkIndex,
    score: weight * (dense.get(chunkIndex) ?? 0) + (1 - weight) * (sparse.get(chunkIndex) ?? 0),
    first: first.get(chunkIndex) ?? -1,
    second: second.get(chunkIndex) ?? -1,
  }));
  rows.sort((a, b) => b.score - a.score || b.first - a.first || b.second - a.second || a.chunkIndex - b.chunkIndex);
  return rows.map(({ chunkIndex, score }) => ({ chunkIndex, score }));
}

/** Scores rescaled to [0, 1] by chunk index; an all-equal list maps to 1 (all are its best). */
function minMaxNormalize(list: ScoredChunk[]): Map<number, number> {
  let min = Infinity;
  let max = -Infinity;
  for (const { score } of list) {
    min = Math.min(min, score);
    max = Math.max(max, score);
  }
  const span = max - min;
  const out = new Map<number, number>();
  for (const { chunkIndex, score } of list) {
    const normalized = span > 0 ? (score - min) / span : 1;
    // A chunk listed twice keeps its best score.
    out.set(chunkIndex, Math.max(out.get(chunkIndex) ?? 0, normalized));
  }
  return out;
}

/** A list in rank order: best score first, ties to the lower chunk index (input order is not trusted). */
function byScore(list: ScoredChunk[]): ScoredChunk[] {
  return [...list].sort(compareScored);
}

function compareScored(a: ScoredChunk, b: ScoredChunk): number {
  return b.score - a.score || a.chunkIndex - b.chunkIndex;
}
