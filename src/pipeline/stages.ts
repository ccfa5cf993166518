import type { QuestionStage } from './question-stage.js';
import { CORPUS_STAGE_NAMES, type StageName } from './stage-names.js';
import { chunkStage } from './stages/chunk-stage.js';
import { compressStage } from './stages/compress-stage.js';
import { embedStage } from './stages/embed-stage.js';
import { expandStage } from './stages/expand-stage.js';
import { bm25IndexStage, denseIndexStage } from './stages/index-stages.js';
import { generateStage } from './stages/generate-stage.js';
import { reorderStage } from './stages/reorder-stage.js';
import { rerankStage } from './stages/rerank-stage.js';
import { retrieveStage } from './stages/retrieve-stage.js';
import { rewriteStage } from './stages/rewrite-stage.js';

/**
 * The corpus-level stages, in dependency order: chunk, then embed (dense retrieval only), then
 * the index kinds retrieval needs (dense from embed, BM25 from chunk). CorpusArtifacts runs them
 * on demand (see corpus-stage.ts).
 */
export const CORPUS_STAGES = {
  chunk: chunkStage,
  embed: embedStage,
  denseIndex: denseIndexStage,
  bm25Index: bm25IndexStage,
} as const;

/**
 * The per-question stages in execution order; the runner iterates them for every question. The
 * switchable ones (rewrite, expand, compress, reorder) pass through when their switch is off and
 * then take no part in the key chain, so configurations without them keep their keys. A new
 * stage (query rewriting before retrieval, say) is one file exporting a {@link QuestionStage} and
 * one entry here; its key chains to the stage before it, so everything after it is re-keyed.
 */
export const QUESTION_STAGES: readonly QuestionStage[] = [
  rewriteStage,
  retrieveStage,
  rerankStage,
  expandStage,
  compressStage,
  reorderStage,
  generateStage,
];

/** Every built-in stage's name, in execution order. */
export const STAGE_NAMES: readonly StageName[] = [...CORPUS_STAGE_NAMES, ...QUESTION_STAGES.map((s) => s.name)];
