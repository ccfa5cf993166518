import type { CallTiming } from '../accounting/call-timing.js';
import type { Usage } from '../accounting/usage.js';
import type { ParamValue } from '../space/parameter-schema.js';
import type { ComponentParameter } from './component-parameter.js';

/**
 * Turns texts into vectors. Local embedders learn corpus statistics (IDF tables, an SVD basis)
 * when created; that learned state is cached beside the vectors so queries can be embedded later
 * without refitting.
 */
export interface Embedder {
  readonly name: string;
  readonly dimensions: number;
  /**
   * One vector per text, in input order; search ranks by inner product. Query vectors are unit
   * length; document vectors too unless the factory declares `scaledDocuments`. Deterministic for local embedders. Remote embedders also report
   * `timing` and throw an LlmError with the usage spent on failure.
   */
  embed(
    texts: string[],
    kind: 'document' | 'query',
  ): Promise<{ vectors: Float32Array[]; usage: Usage; timing?: CallTiming }>;
  /** Serialised model state learned from the corpus; null for stateless embedders. */
  state(): Uint8Array | null;
}

export interface EmbedderFactory {
  readonly name: string;
  /** Bump when vectors would change: it is part of the embed stage's cache key. */
  readonly version: string;
  readonly dimensions: number;
  /** True when it runs offline with no download. */
  readonly local: boolean;
  /** A short description shown in the search space and to the LLM agent. */
  readonly description: string;
  /** Its own parameters (`<name>.<knob>`), if any; their values arrive as `settings`. */
  readonly parameters?: readonly ComponentParameter[];
  /**
   * True when document vectors are not unit length because their magnitude is part of the score
   * (hash-words: BM25's length normalisation). Query vectors are unit length whatever this says.
   */
  readonly scaledDocuments?: boolean;
  /**
   * True when vectors are a pure function of each text: stateless (`state()` is null) and the same
   * vector for a text whatever texts share its `embed` call. The embed stage then caches vectors
   * per text (keyed by name, version and the text's sha256) and embeds only texts it has not seen,
   * one per call. Leave unset for embedders fitted on the corpus or whose batches change vectors.
   */
  readonly textKeyed?: boolean;
  /**
   * Builds an embedder for a corpus. With `state` (from a previous `Embedder.state()`), it restores
   * the learned model instead of fitting on `corpus` again.
   */
  create(options: {
    corpus: string[];
    state?: Uint8Array | null;
    /** Values of its own parameters, by knob name. */
    settings?: Readonly<Record<string, ParamValue>>;
  }): Promise<Embedder>;
}
