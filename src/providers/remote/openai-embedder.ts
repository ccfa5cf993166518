import type { LlmClient } from '../../llm/llm-client.js';
import type { Embedder, EmbedderFactory } from '../embedder.js';
import { addTiming, timingOf, ZERO_TIMING, type CallTiming } from '../../accounting/call-timing.js';
import { LlmError } from '../../llm/llm-error.js';
import { addUsage, ZERO_USAGE, type Usage } from '../../accounting/usage.js';

/** Native sizes of well-known embedding models, used when no `dimensions` is requested. */
const KNOWN_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/**
 * Embeddings from an OpenAI-compatible `/embeddings` endpoint. Stateless (nothing is learned from
 * the corpus), so `state()` is null and restoring from the stage cache needs no refit.
 *
 * Inputs are sent in batches (`batchSize`, default 64): one request per corpus would exceed
 * servers' input limits, one per text would waste round trips. Each batch goes through the client,
 * so batches are retried, cached and counted individually.
 */
export class OpenAiEmbedderFactory implements EmbedderFactory {
  readonly name: string;
  readonly version: string;
  readonly dimensions: number;
  readonly local = false;
  readonly description: string;
  readonly #client: LlmClient;
  readonly #model: string;
  readonly #requestDimensions: number | undefined;
  readonly #batchSize: number;

  constructor(options: {
    client: LlmClient;
    /** The embedding model, e.g. text-embedding-3-small (may differ from the client's chat model). */
    model: string;
    /** Requested output size (text-embedding-3 models can shorten vectors); default: the model's own. */
    dimensions?: number;
    batchSize?: number;
  }) {
    this.#client = options.client;
    this.#model = options.model;
    this.#requestDimensions = options.dimensions;
    this.#batchSize = Math.max(1, options.batchSize ?? 64);
    // 0 = not known until the first reply; the embedder reports the real size after embedding.
    this.dimensions = options.dimensions ?? KNOWN_DIMENSIONS[options.model] ?? 0;
    this.name = `llm-embed:${options.model}`;
    // Vectors change with the requested size and the server, and `name` says neither.
    this.version = `llm-embed-2:${options.client.endpoint.provider}@${options.client.endpoint.origin}:${options.dimensions ?? 'native'}`;
    this.description = `${options.client.endpoint.provider} embedding model ${options.model}${options.dimensions ? ` (${options.dimensions} dimensions)` : ''}`;
  }

  async create(): Promise<Embedder> {
    return new OpenAiEmbedder({
      client: this.#client,
      name: this.name,
      model: this.#model,
      dimensions: this.#requestDimensions,
      expectedDimensions: this.dimensions,
      batchSize: this.#batchSize,
    });
  }
}

class OpenAiEmbedder implements Embedder {
  readonly name: string;
  #dimensions: number;

  constructor(
    private readonly options: {
      client: LlmClient;
      name: string;
      model: string;
      dimensions?: number;
      expectedDimensions: number;
      batchSize: number;
    },
  ) {
    this.name = options.name;
    this.#dimensions = options.expectedDimensions;
  }

  /** The vector size; exact once a reply has arrived (servers may ignore `dimensions`). */
  get dimensions(): number {
    return this.#dimensions;
  }

  /** A failed batch throws an LlmError carrying the usage of the batches before it and its own. */
  async embed(texts: string[]): Promise<{ vectors: Float32Array[]; usage: Usage; timing: CallTiming }> {
    const { client, model, dimensions, batchSize } = this.options;
    const vectors: Float32Array[] = [];
    let usage: Usage = ZERO_USAGE;
    let timing: CallTiming = ZERO_TIMING;
    for (let start = 0; start < texts.length; start += batchSize) {
      const inputs = texts.slice(start, start + batchSize);
      const reply = await client.embed({ inputs, model, dimensions });
      if (!reply.ok) throw reply.error.withUsage(addUsage(usage, reply.error.usage));
      usage = addUsage(usage, reply.usage);
      timing = addTiming(timing, timingOf(reply));
      if (reply.vectors.length !== inputs.length) {
        const message = `${this.name}: the server returned ${reply.vectors.length} vectors for ${inputs.length} inputs`;
        throw new LlmError({ code: 'invalid_output', message, usage });
      }
      for (const vector of reply.vectors) vectors.push(normalize(vector));
    }
    if (vectors.length > 0) this.#dimensions = vectors[0].length;
    return { vectors, usage, timing };
  }

  state(): null {
    return null;
  }
}

/** Unit length, as the Embedder contract and the inner-product index require. */
function normalize(vector: number[]): Float32Array {
  const out = Float32Array.from(vector);
  let norm = 0;
  for (const x of out) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}
