import type { QuestionStage } from './question-stage.js';
import { generateStage } from './stages/generate-stage.js';
import { rerankStage } from './stages/rerank-stage.js';
import { retrieveStage } from './stages/retrieve-stage.js';

/**
 * A corpus-level stage: computed once per dataset and configuration prefix, not per question
 * (CorpusArtifacts runs them). Its cache key hashes its version and the configuration values of
 * `reads` together with the key of what it consumes.
 */
export interface CorpusStageDefinition {
  readonly name: CorpusStageName;
  readonly version: string;
  readonly reads: readonly string[];
}

export type CorpusStageName = 'chunk' | 'embed' | 'index';

/** Any stage's name: the corpus stages' or a per-question stage's (built in or added). */
export type StageName = string;

export const CORPUS_STAGES: readonly CorpusStageDefinition[] = [
  { name: 'chunk', version: '1', reads: ['chunk.strategy', 'chunk.size', 'chunk.overlap'] },
  { name: 'embed', version: '1', reads: ['embedder'] },
  // Builds the dense index (from embed) and/or the BM25 index (from chunk), whichever retrieval needs.
  { name: 'index', version: '2', reads: [] },
];

/**
 * The per-question stages in execution order; the runner iterates them for every question. A new
 * stage (query rewriting before retrieval, say) is one file exporting a {@link QuestionStage} and
 * one entry here; its key chains to the stage before it, so everything after it is re-keyed.
 */
export const QUESTION_STAGES: readonly QuestionStage[] = [retrieveStage, rerankStage, generateStage];

/** Every built-in stage's name, in execution order. */
export const STAGE_NAMES: readonly StageName[] = [...CORPUS_STAGES.map((s) => s.name), ...QUESTION_STAGES.map((s) => s.name)];
