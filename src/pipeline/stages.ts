/**
 * The pipeline's stages in execution order: a name, a version, and the configuration keys each one
 * reads. The cache key of a stage hashes its own version and read keys together with the key of
 * the stage it consumes, so changing a late key (top_k, generator) reuses everything upstream,
 * and bumping a version invalidates that stage and everything after it.
 */
export interface StageDefinition {
  readonly name: StageName;
  readonly version: string;
  readonly reads: readonly string[];
}

export type StageName = 'chunk' | 'embed' | 'index' | 'retrieve' | 'rerank' | 'generate';

export const STAGES: readonly StageDefinition[] = [
  { name: 'chunk', version: '1', reads: ['chunk.strategy', 'chunk.size', 'chunk.overlap'] },
  { name: 'embed', version: '1', reads: ['embedder'] },
  // Builds the dense index (from embed) and/or the BM25 index (from chunk), whichever retrieval needs.
  { name: 'index', version: '2', reads: [] },
  // Fetches RETRIEVAL_DEPTH candidates once; top_k and rerank.candidates are slices of them.
  // v3 (and rerank/generate v2): an LLM call's recorded latency is its successful attempt, with
  // retry waits apart; entries of earlier versions have the waits inside their latency.
  { name: 'retrieve', version: '3', reads: ['retrieval', 'fusion', 'fusion.weight'] },
  { name: 'rerank', version: '2', reads: ['reranker', 'mmr.lambda'] },
  { name: 'generate', version: '2', reads: ['generator', 'prompt', 'temperature', 'top_k', 'context.max_tokens'] },
];

export const STAGE_NAMES: readonly StageName[] = STAGES.map((s) => s.name);
