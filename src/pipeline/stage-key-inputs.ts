import type { Config } from '../space/parameter-schema.js';
import type { DenseSearchKind } from '../retrieval/dense-search-choice.js';
import type { StageName } from './stage-names.js';

/** What a stage's cache key is made of (a QuestionStage or CorpusStage is one). */
export interface KeyedStage {
  name: StageName;
  version: string;
  /** Configuration keys whose values enter the key. */
  reads: readonly string[];
  /**
   * The part of `reads` this configuration's output depends on, when that depends on the
   * configuration (the rewrite stage: RM3 searches with the retrieval settings, an LLM rewrite
   * reads only the question). Default: all of `reads`.
   */
  activeReads?(config: Config): readonly string[];
  /**
   * True when, for this configuration, the stage's output depends on the question alone (and its
   * reads and key material), not on the corpus or the stages before it (an LLM query rewrite): its
   * key chains to the dataset fingerprint instead, and the next stage chains to both the stage
   * before and this one. So chunking or retrieval changes reuse it.
   */
  questionOnly?(config: Config): boolean;
  /** Anything else the key depends on (component versions, derived counts). */
  keyMaterial?(inputs: KeyInputs): Record<string, unknown>;
  /**
   * True when the stage is the identity for this configuration (its switch holds the neutral
   * value): it gets no key and the next stage chains to the one before it, so configurations
   * that do not use the stage keep the keys they had before it existed.
   */
  passesThrough?(config: Config): boolean;
}

export interface StageKeys {
  chunk: string;
  /** null when the configuration uses no embedder (BM25 only). */
  embed: string | null;
  denseIndex: string | null;
  /** How the dense vectors are searched (null without dense retrieval); part of `denseIndex`. */
  denseSearch: DenseSearchKind | null;
  bm25Index: string | null;
  /** Keys of the per-question stages, by stage name (before the question id is mixed in). */
  perQuestion: Readonly<Record<StageName, string>>;
}

export interface KeyInputs {
  fingerprint: string;
  config: Config;
  /** Versions of the chosen components (embedder, reranker, generator) and the prompt's content hash. */
  componentVersions: {
    embedder?: string;
    reranker?: string;
    generator?: string;
    prompt?: string;
    /** A registered retriever (retrieval is its name) or vector store, with its settings' hash. */
    retriever?: string;
    vectorStore?: string;
    /** The LLM query rewriter (endpoint, model, prompt hashes) under `query.rewrite` multi-query / hyde. */
    rewriter?: string;
  };
  /** Overrides of stage versions (tests use it to prove a bump invalidates). */
  stageVersions?: Partial<Record<StageName, string>>;
  /** How dense vectors are searched (see chooseDenseSearch); default 'hnsw', the keys of earlier releases. */
  denseSearch?: DenseSearchKind;
  /** Effective rerank candidate count (max of rerank.candidates and top_k). */
  rerankCandidates: number;
  /** The per-question stages in order (default: QUESTION_STAGES). */
  stages?: readonly KeyedStage[];
}
