import { sha256Hex } from '../cache/checksum.js';
import { stableHash } from '../json/canonical-json.js';
import { addUsage, ZERO_USAGE, type Usage } from '../accounting/usage.js';
import type { EmbedderFactory } from '../providers/embedder.js';
import type { ExecutionStats } from './execution-stats.js';
import type { CacheEntry, StageCache } from './stage-cache.js';
import type { StepResult } from './step-result.js';

/** Stage name of per-text vectors in the stage cache (and in execution counts). */
export const TEXT_VECTOR_STAGE = 'embed-text';

/** New vectors are stored in groups this size: a run stopped mid-corpus keeps what it embedded. */
const WRITE_GROUP = 32;

/** Cache key of one text's vector: embedder name and version plus the text's sha256. */
export function textVectorKey(options: { factory: EmbedderFactory; text: string }): string {
  const { factory, text } = options;
  return stableHash(
    { format: 'text-vector/1', embedder: factory.name, version: factory.version, text: sha256Hex(text) },
    32,
  );
}

/**
 * Embeds `texts` with a {@link EmbedderFactory.textKeyed} embedder through the per-text cache:
 * each distinct text is read from the cache or embedded alone and stored, so two chunkings that
 * share chunk texts share their vectors and a re-run embeds nothing. The embedder is only built
 * (for use-lite: the model only loaded) when some text is missing.
 *
 * An entry that fails verification (the cache's checksum, or a length or value that is no vector
 * of this embedder) is counted as corrupt, removed and recomputed; it is never used.
 *
 * Cost: every distinct text records how long its own embedding took; the returned timing's
 * `latencyMs` is the sum of those records over the distinct texts, cached or new, and `elapsedMs`
 * the wall time spent here. So a corpus costs the same whichever run embedded which text, and
 * the one-off model load (inside `elapsedMs`, in no record) is not charged to a configuration.
 */
export async function embedTextKeyed(options: {
  texts: readonly string[];
  factory: EmbedderFactory;
  cache: StageCache;
  stats: ExecutionStats;
}): Promise<StepResult<{ vectors: Float32Array[]; dimensions: number }>> {
  const { texts, factory, cache, stats } = options;
  const started = performance.now();
  const byText = new Map<string, Float32Array>();
  const missing: string[] = [];
  let recordedMs = 0;
  let usage: Usage = ZERO_USAGE;
  for (const text of new Set(texts)) {
    const key = textVectorKey({ factory, text });
    const hit = cache.get(TEXT_VECTOR_STAGE, key);
    const vector = hit ? decodeVector(hit.value, factory.dimensions) : null;
    if (hit && vector) {
      byText.set(text, vector);
      recordedMs += hit.latencyMs;
      usage = addUsage(usage, hit.usage);
    } else {
      if (hit) cache.markCorrupt(TEXT_VECTOR_STAGE, key);
      missing.push(text);
    }
  }
  stats.hit(TEXT_VECTOR_STAGE, byText.size);
  if (missing.length > 0) {
    const embedder = await factory.create({ corpus: [] });
    let pending: { key: string; entry: CacheEntry }[] = [];
    for (const text of missing) {
      const textStarted = performance.now();
      const result = await embedder.embed([text], 'document');
      const latencyMs = performance.now() - textStarted;
      const vector = result.vectors[0];
      byText.set(text, vector);
      recordedMs += latencyMs;
      usage = addUsage(usage, result.usage);
      pending.push({
        key: textVectorKey({ factory, text }),
        entry: { value: encodeVector(vector), latencyMs, usage: result.usage },
      });
      if (pending.length >= WRITE_GROUP) {
        cache.putMany(TEXT_VECTOR_STAGE, pending);
        pending = [];
      }
    }
    if (pending.length > 0) cache.putMany(TEXT_VECTOR_STAGE, pending);
    stats.executed(TEXT_VECTOR_STAGE, missing.length);
  }
  const vectors = texts.map((text) => byText.get(text) as Float32Array);
  const dimensions = vectors[0]?.length ?? factory.dimensions;
  const timing = { latencyMs: recordedMs, retryWaitMs: 0, elapsedMs: performance.now() - started };
  return { value: { vectors, dimensions }, usage, timing };
}

function encodeVector(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength));
}

/** The vector stored in `value`, or null when it is no finite vector of `dimensions` floats. */
function decodeVector(value: Buffer, dimensions: number): Float32Array | null {
  if (value.length !== dimensions * 4) return null;
  // Copy into an aligned buffer: SQLite blobs may start at any byte offset.
  const vector = new Float32Array(dimensions);
  new Uint8Array(vector.buffer).set(value);
  return vector.every(Number.isFinite) ? vector : null;
}
