import type { Usage } from '../accounting/usage.js';
import type { Chunk, ScoredChunk } from '../chunking/chunk.js';
import type { QaItem } from '../data/dataset-schema.js';
import type { RerankStatus } from '../metrics/question-outcome.js';
import type { PipelineComponents } from '../providers/pipeline-components.js';
import type { Config } from '../space/parameter-schema.js';
import type { CorpusArtifacts } from './corpus-artifacts.js';
import type { PipelineConfig } from './pipeline-config.js';
import type { KeyInputs, StageKeys } from './stage-key-inputs.js';
import type { StepResult } from './step-result.js';

export type { StepResult } from './step-result.js';

/** What the generate stage produced for one question. */
export interface GeneratedAnswer {
  answer: string;
  /** Chunk indices given to the generator (the top k packed to the context budget). */
  contextChunks: number[];
  /** The exact context text the generator saw. */
  context: string;
  /**
   * The passages the generator saw, with their real document offsets, when a context stage
   * (expand, compress, reorder) reshaped them; absent when the context is the packed chunks.
   */
  seen?: SeenPassage[];
}

/** A passage of the context, located in its source document; `index` is the hit's chunk index. */
export type SeenPassage = Chunk;

/** A passage on its way to the generator: a located text plus the rank of the hit it came from. */
export interface Passage extends Chunk {
  /** 0 for the best hit: packing keeps passages by rank whatever order they are shown in. */
  rank: number;
}

/**
 * One question on its way through the per-question stages. Each stage reads what the ones before
 * it left and returns a new state (see {@link QuestionStage.apply}); the outcome is read from the
 * final state.
 */
export interface QuestionState {
  readonly item: QaItem;
  /** What retrieval searches with: the question, unless a stage before retrieval rewrote it. */
  readonly query: string;
  /** RM3 feedback terms (space-separated) that retrieval fuses with the query; set by the rewrite stage. */
  readonly expansion?: string;
  /** Multi-query: the LLM's alternative phrasings, each searched beside the query and RRF-fused. */
  readonly alternatives?: readonly string[];
  /** HyDE: the LLM's hypothetical answer passage, which retrieval searches (see search-query.ts). */
  readonly hypothetical?: string;
  /** Candidate chunks, best first; empty before retrieval. */
  readonly ranked: readonly ScoredChunk[];
  /**
   * The top-k hits as passages in prompt order, once a context stage (expand, compress, reorder)
   * reshaped them; absent means the generator packs the top-k chunks as they are.
   */
  readonly passages?: readonly Passage[];
  /** Set by the generate stage. */
  readonly generated?: GeneratedAnswer;
  /** What a model reranker did (absent for local rerankers and none). */
  readonly rerank?: RerankStatus;
}

/** What the stages of one run share: the configuration, its keys, the corpus and the components. */
export interface StageContext {
  readonly config: PipelineConfig;
  /** The configuration as given, keys outside the built-in pipeline included (an added stage's own parameters). */
  readonly values: Readonly<Config>;
  readonly keys: StageKeys;
  readonly artifacts: CorpusArtifacts;
  readonly components: PipelineComponents;
}

/**
 * A per-question stage, run once per question in list order (see QUESTION_STAGES in stages.ts).
 * `V` is the value cached per question (JSON), `P` what `prepare` loads before the clock starts.
 *
 * The cache key of a stage hashes its `name`, `version`, the configuration values of `reads`,
 * {@link keyMaterial}, and the key of the stage before it (the first one: the retrieval indexes),
 * so changing a read key or bumping the version invalidates this stage and every later one, and
 * nothing before it.
 */
export interface QuestionStage<V = unknown, P = unknown> {
  readonly name: string;
  readonly version: string;
  /** Configuration keys whose values the stage's output depends on. */
  readonly reads: readonly string[];
  /** The part of `reads` that matters for this configuration (see KeyedStage.activeReads); default all. */
  activeReads?(config: Config): readonly string[];
  /** The output depends on the question alone for this configuration (see KeyedStage.questionOnly). */
  questionOnly?(config: Config): boolean;
  /** Further key material: versions of the components it uses, constants it depends on. */
  keyMaterial?(inputs: KeyInputs): Record<string, unknown>;
  /**
   * True: the stage's switch is off, so it is not part of this configuration's pipeline: no key
   * (the next stage chains to the one before), no latency entry (see KeyedStage.passesThrough).
   */
  passesThrough?(config: Config): boolean;
  /** False: the stage does nothing for this configuration (no cache, no count, 0 ms latency). */
  appliesTo?(config: PipelineConfig): boolean;
  /** Loads what `run` needs (e.g. corpus indexes) on a cache miss, outside the stage's latency. */
  prepare?(context: StageContext): Promise<P>;
  /** Does the work for one question. */
  run(state: QuestionState, context: StageContext, prepared: P): Promise<StepResult<V>>;
  /** The state after this stage, from its value, whether computed now or read from the cache. */
  apply(state: QuestionState, value: V): QuestionState;
  /** A remote component's pricing: a cache hit's tokens are priced by today's table. */
  priceUsage?(context: StageContext): ((usage: Usage) => Usage) | undefined;
  /**
   * A failure the question survives: the state to continue with (e.g. the ranking before a failed
   * model reranker), or undefined to fail the question. Later stages are then not cached: their
   * keys describe this stage's output, which they did not see.
   */
  recover?(error: unknown, state: QuestionState): QuestionState | undefined;
}
