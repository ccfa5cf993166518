import { LangchainComponent, type LangchainComponentOptions } from './component-identity.js';
import type { ComponentCalls } from '../../llm/component-calls.js';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { addTiming, ZERO_TIMING, type CallTiming } from '../../accounting/call-timing.js';
import { ZERO_USAGE, type Usage } from '../../accounting/usage.js';
import type { Embedder, EmbedderFactory } from '../embedder.js';
import { normalizeInPlace } from '../local/unit-vector.js';
import { PerSettings, type BySettings, type ComponentSettings } from './component-settings.js';

/** A LangChain.js Embeddings registered as embedder `name`. */
export interface LangchainEmbedderOptions extends LangchainComponentOptions {
  embeddings: BySettings<EmbeddingsInterface>;
  /** True when it runs offline without a download (shown in the space). Default false. */
  local?: boolean;
  /** Texts per call, so a timeout or retry concerns one batch, not the corpus. Default 64. */
  batchSize?: number;
}

/**
 * A LangChain.js `Embeddings` as an embedder factory. Stateless (nothing is fitted to the corpus),
 * so the stage cache restores it without refitting. Vectors are scaled to unit length, as the
 * Embedder contract and the inner-product index require; batches go through ComponentCalls.
 * Embeddings report no token usage, so none is counted (cost 0 for local models, unknown otherwise).
 */
export class LangchainEmbedderFactory extends LangchainComponent implements EmbedderFactory {
  /** 0: the size is known once the first vectors arrive (the embedder reports it). */
  readonly dimensions = 0;
  readonly local: boolean;
  readonly #embeddings: PerSettings<EmbeddingsInterface>;
  readonly #options: LangchainEmbedderOptions;

  constructor(options: LangchainEmbedderOptions) {
    super(options, 'embedder');
    this.#options = options;
    this.local = options.local ?? false;
    this.#embeddings = new PerSettings(options.embeddings);
  }

  async create(options: { corpus: string[]; settings?: ComponentSettings }): Promise<Embedder> {
    const embeddings = await this.#embeddings.get(options.settings ?? {});
    return new LangchainEmbedder({ ...this.#options, embeddings, cost: this.local ? 0 : null });
  }
}

class LangchainEmbedder implements Embedder {
  readonly name: string;
  #dimensions = 0;

  constructor(
    private readonly options: {
      name: string;
      embeddings: EmbeddingsInterface;
      calls: ComponentCalls;
      batchSize?: number;
      cost: number | null;
    },
  ) {
    this.name = options.name;
  }

  get dimensions(): number {
    return this.#dimensions;
  }

  /** A failed batch throws its LlmError: the stage records it and caches nothing. */
  async embed(
    texts: string[],
    kind: 'document' | 'query',
  ): Promise<{ vectors: Float32Array[]; usage: Usage; timing: CallTiming }> {
    const { embeddings, calls, name } = this.options;
    const batchSize = kind === 'query' ? 1 : Math.max(1, this.options.batchSize ?? 64);
    const usage: Usage = { ...ZERO_USAGE, costUsd: this.options.cost };
    const vectors: Float32Array[] = [];
    let timing: CallTiming = ZERO_TIMING;
    for (let start = 0; start < texts.length; start += batchSize) {
      const batch = texts.slice(start, start + batchSize);
      const reply = await calls.run({
        component: name,
        attempt: async () => ({
          result: kind === 'query' ? [await embeddings.embedQuery(batch[0])] : await embeddings.embedDocuments(batch),
          usage,
        }),
      });
      if (!reply.ok) throw reply.error;
      timing = addTiming(timing, reply);
      for (const vector of reply.value) vectors.push(normalizeInPlace(Float32Array.from(vector)));
    }
    if (vectors.length > 0) this.#dimensions = vectors[0].length;
    return { vectors, usage, timing };
  }

  state(): null {
    return null;
  }
}
