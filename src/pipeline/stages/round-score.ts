import type { ScoredChunk } from '../../chunking/chunk.js';

/** Scores are stored rounded: JSON round-trips must not change rankings by float noise. */
export function roundScore(s: ScoredChunk): ScoredChunk {
  return { chunkIndex: s.chunkIndex, score: Math.round(s.score * 1e6) / 1e6 };
}
