import type { Chunk, ScoredChunk } from '../../src/chunking/chunk.js';
import type { QaItem } from '../../src/data/dataset-schema.js';
import { judgeRanking } from '../../src/metrics/chunk-relevance.js';
import { hitAtK } from '../../src/metrics/hit-rate.js';
import { recallAtK } from '../../src/metrics/recall-at-k.js';

/** Mean hit@k and recall@k of one retriever over the questions that have gold. */
export interface RetrievalScore {
  hitAtK: number;
  recallAtK: number;
  /** Questions scored (those with gold units). */
  questions: number;
}

/**
 * Scores rankings with the pipeline's own relevance rule (gold spans, else gold documents,
 * else answer containment; see chunk-relevance.ts): `rankings[i]` is question i's ranked list.
 */
export function scoreRankings(options: {
  rankings: ScoredChunk[][];
  questions: readonly QaItem[];
  chunks: readonly Chunk[];
  k: number;
}): RetrievalScore {
  const { rankings, questions, chunks, k } = options;
  let hits = 0;
  let recall = 0;
  let scored = 0;
  questions.forEach((item, i) => {
    const retrieved = rankings[i].slice(0, k).map((s) => chunks[s.chunkIndex]);
    const ranking = judgeRanking({ retrieved, item });
    const hit = hitAtK({ ranking, k });
    const covered = recallAtK({ ranking, k });
    if (hit === null || covered === null) return;
    hits += hit;
    recall += covered;
    scored += 1;
  });
  return { hitAtK: scored ? hits / scored : 0, recallAtK: scored ? recall / scored : 0, questions: scored };
}
