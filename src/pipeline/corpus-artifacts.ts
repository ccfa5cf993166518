import { rmSync } from 'node:fs';
import type { CorpusDoc, Dataset } from '../data/dataset-schema.js';
import type { Embedder } from '../providers/embedder.js';
import { settingsParam } from '../providers/component-parameter.js';
import type { Config } from '../space/parameter-schema.js';
import { Bm25Index } from '../retrieval/bm25-index.js';
import { addUsage, ZERO_USAGE, type Usage } from '../accounting/usage.js';
import { DenseIndex } from '../retrieval/dense-index.js';
import { ExactVectorSearch } from '../retrieval/exact-vector-search.js';
import type { ExecutionStats } from './execution-stats.js';
import type { PipelineComponents } from '../providers/pipeline-components.js';
import type { PipelineConfig } from './pipeline-config.js';
import type { CostRecord, StageCache } from './stage-cache.js';
import { computeOnce } from './compute-once.js';
import { ArtifactMemo } from './corpus-artifact-memo.js';
import { chunkSetBytes, vectorBytes } from './corpus-artifact-bytes.js';
import { chunkSetOrNull, encodeChunkSet } from './corpus-chunk-codec.js';
import { denseIndexFileName } from './dense-index-file.js';
import type { StageKeys } from './stage-key-inputs.js';
import type { CorpusStageName } from './stage-names.js';
import { decodeEmbeddings, encodeEmbeddings } from './embedding-codec.js';
import { chunkStage, type ChunkSet } from './stages/chunk-stage.js';
import { embedStage } from './stages/embed-stage.js';
import { bm25IndexStage, denseIndexStage, HNSW } from './stages/index-stages.js';

export interface DenseRetriever {
  /** The HNSW graph, or the exact scan when the run's cost model chose it (keys.denseSearch). */
  index: DenseIndex | ExactVectorSearch;
  embedder: Embedder;
  /** The corpus vectors the index holds (chunk order), for a registered vector store to load. */
  vectors: readonly Float32Array[];
}

/** Corpus artifacts (chunk sets, vectors, indexes) kept in memory, least recently used evicted first. */
const MAX_ARTIFACTS_IN_MEMORY = 12;

/**
 * Estimated bytes of artifacts kept in memory between trials (see ArtifactMemo). What a running
 * trial uses is never evicted (before that was so, a 512 MB limit made a cold dense trial at 100k
 * documents reload its vectors per question), so this bounds only what waits for later trials.
 */
export const MAX_ARTIFACT_BYTES = 1024 * 2 ** 20;

/**
 * Runs the corpus-level stages (chunk, embed, index; see stages/) of one dataset on demand: each
 * output is loaded from the stage cache (and checked) or computed by its stage and stored.
 * Artifacts stay in memory keyed by their cache key, so trials of one tuning run that share a
 * prefix share the work. Build costs recorded on first computation are
 * returned on every hit. Processes sharing the cache folder compute each artifact once: the
 * others wait for it (see computeOnce).
 */
export class CorpusArtifacts {
  private readonly memo: ArtifactMemo;
  /**
   * Cost and size of the artifacts this process built, by cache key: when the cache could not
   * store them (full disk), build cost and index bytes are still reported, not 0 or unknown.
   */
  private readonly built = new Map<string, { cost: CostRecord; bytes?: number }>();

  constructor(
    private readonly options: {
      dataset: Dataset;
      cache: StageCache;
      components: PipelineComponents;
      stats: ExecutionStats;
      /** Bytes of artifacts kept in memory (default {@link MAX_ARTIFACT_BYTES}). */
      memoryBytes?: number;
    },
  ) {
    this.memo = new ArtifactMemo({
      maxEntries: MAX_ARTIFACTS_IN_MEMORY,
      maxBytes: options.memoryBytes ?? MAX_ARTIFACT_BYTES,
    });
  }

  /** Call at a trial's start: what it uses stays in memory until the returned function is called. */
  pinWhileRunning(): () => void {
    return this.memo.begin();
  }

  /**
   * Sum of the recorded build costs (chunk, embed, index) behind `keys`, plus those of the
   * in-memory artifacts it uses ({@link shared} keys, e.g. a registered vector store): the index
   * build time of the configuration, the same whether this run built the artifacts or found them cached.
   */
  buildCost(keys: StageKeys, sharedKeys: readonly string[] = []): CostRecord {
    const { cache } = this.options;
    let latencyMs = 0;
    let usage: Usage = ZERO_USAGE;
    const parts: [CorpusStageName, string | null][] = [
      ['chunk', keys.chunk],
      ['embed', keys.embed],
      ['index', keys.denseIndex],
      ['index', keys.bm25Index],
      ...sharedKeys.map((key): [CorpusStageName, string] => ['index', key]),
    ];
    for (const [stage, key] of parts) {
      const cost = key ? (cache.cost(stage, key) ?? this.built.get(key)?.cost) : undefined;
      if (cost) {
        latencyMs += cost.latencyMs;
        usage = addUsage(usage, cost.usage);
      }
    }
    return { latencyMs, usage };
  }

  /** The source document `docId` (context expansion reads the text around a hit). */
  document(docId: string): CorpusDoc {
    this.documentsById ??= new Map(this.options.dataset.docs.map((doc) => [doc.id, doc]));
    const doc = this.documentsById.get(docId);
    if (!doc) throw new Error(`no document "${docId}" in the dataset`);
    return doc;
  }

  private documentsById: Map<string, CorpusDoc> | undefined;

  chunks(config: PipelineConfig, keys: StageKeys): Promise<ChunkSet> {
    const { cache, dataset, stats } = this.options;
    const read = (): ChunkSet | undefined => {
      const hit = cache.get('chunk', keys.chunk);
      if (!hit) return undefined;
      const set = chunkSetOrNull(hit.value, dataset.docs);
      if (!set) return cache.markCorrupt('chunk', keys.chunk);
      stats.hit('chunk');
      return set;
    };
    const compute = async (): Promise<ChunkSet> => {
      const started = performance.now();
      const { value, usage } = await chunkStage.run({ config, docs: dataset.docs });
      const cost = { latencyMs: performance.now() - started, usage };
      this.built.set(keys.chunk, { cost });
      cache.put('chunk', keys.chunk, { value: encodeChunkSet(value, dataset.docs), ...cost });
      stats.executed('chunk');
      return value;
    };
    return this.memo.once(
      keys.chunk,
      () => computeOnce({ cache, stage: 'chunk', key: keys.chunk, read, compute }),
      chunkSetBytes,
    );
  }

  /** `values`: the configuration as given, where the embedder's own parameters are read (see settingsParam). */
  dense(config: PipelineConfig, keys: StageKeys, values: Readonly<Config> = {}): Promise<DenseRetriever> {
    const embedderName = config.embedder;
    if (!keys.embed || !keys.denseIndex || embedderName === undefined)
      throw new Error('dense retrieval requested for a configuration without an embedder');
    const embedKey = keys.embed;
    const indexKey = keys.denseIndex;
    return this.memo.once(
      indexKey,
      async () => {
        const { cache, components, stats } = this.options;
        const factory = components.embedder(embedderName);
        const { settings } = settingsParam(factory, values);
        const { chunks } = await this.chunks(config, keys);
        const readEmbedded = () => {
          const hit = cache.get('embed', embedKey);
          const decoded = hit ? decodeOrNull(hit.value) : null;
          if (decoded) {
            stats.hit('embed');
            return decoded;
          }
          if (hit) cache.markCorrupt('embed', embedKey);
          return undefined;
        };
        const computeEmbedded = async () => {
          const started = performance.now();
          const { value, usage, timing } = await embedStage.run({
            chunks,
            factory,
            settings,
            textVectors: { cache, stats },
          });
          const wallMs = performance.now() - started;
          // Per-text vectors (text-keyed embedders) come with the time their texts cost when first
          // embedded: the corpus then costs the same whether this run or an earlier one embedded them.
          const latencyMs = timing ? Math.max(0, wallMs - timing.elapsedMs) + timing.latencyMs : wallMs;
          const cost = { latencyMs, usage };
          this.built.set(embedKey, { cost });
          cache.put('embed', embedKey, { value: encodeEmbeddings(value), ...cost });
          stats.executed('embed');
          return value;
        };
        const embedded = await this.memo.once(
          `${embedKey}:embedding`,
          () => computeOnce({ cache, stage: 'embed', key: embedKey, read: readEmbedded, compute: computeEmbedded }),
          (run) => vectorBytes(run.vectors) + (run.state?.byteLength ?? 0),
        );
        const embedder = await factory.create({ corpus: [], state: embedded.state, settings });
        if (keys.denseSearch === 'exact')
          return { embedder, index: this.exactScan(indexKey, embedded), vectors: embedded.vectors };
        // Records of older versions name no file: theirs is `<key>.hnsw`.
        const legacyFile = cache.filePath(`${indexKey}.hnsw`);
        const readIndex = (): DenseIndex | undefined => {
          const hit = cache.getJson<DenseIndexRecord>('index', indexKey);
          if (!hit) return undefined;
          const { bytes, sha256 } = hit.value;
          const file = hit.value.file ? cache.filePath(hit.value.file) : legacyFile;
          const loaded = DenseIndex.loadVerified({
            path: file,
            vectors: embedded.vectors,
            dimensions: embedded.dimensions,
            efSearch: HNSW.efSearch,
            bytes,
            sha256,
          });
          if (loaded) {
            stats.hit('index');
            return loaded;
          }
          // Truncated, damaged or deleted: rebuilt below, and counted (a deleted file counts too:
          // the record promised a file that is not there).
          cache.markCorrupt('index', indexKey);
          rmSync(file, { force: true });
          return undefined;
        };
        const buildIndex = async (): Promise<DenseIndex> => {
          const started = performance.now();
          const { value: index, usage } = await denseIndexStage.run(embedded);
          const cost = { latencyMs: performance.now() - started, usage };
          this.built.set(indexKey, { cost, bytes: index.byteSize() });
          try {
            // Named by content: a process that rebuilt this index at the same time (after a lease
            // takeover) never replaces the file another process's record describes.
            const { bytes, sha256 } = index.saveChecked(legacyFile, (sha) =>
              cache.filePath(denseIndexFileName(indexKey, sha)),
            );
            cache.countFileWrite(bytes);
            this.built.set(indexKey, { cost, bytes });
            const file = denseIndexFileName(indexKey, sha256);
            const record: DenseIndexRecord = { count: embedded.vectors.length, bytes, sha256, file };
            cache.putJson('index', indexKey, record, cost);
          } catch (error) {
            // The index in memory is good: this run uses it; only the next run has to build it again.
            cache.health.writeFailed({ path: legacyFile, bytes: index.byteSize(), error });
          }
          stats.executed('index');
          return index;
        };
        const index = await computeOnce({ cache, stage: 'index', key: indexKey, read: readIndex, compute: buildIndex });
        return { embedder, index, vectors: embedded.vectors };
        // The vectors are the embedding entry's too: counted in both, as each can outlive the other.
      },
      (dense) => dense.index.byteSize() + vectorBytes(dense.vectors),
    );
  }

  /**
   * The exact scan over `embedded`, laid out anew in every process (well under a second, not
   * worth a file), with a small cache record of its first layout's cost and size: a warm trial
   * then books the same index cost as the cold one and counts a cache hit.
   */
  private exactScan(indexKey: string, embedded: { vectors: Float32Array[]; dimensions: number }): ExactVectorSearch {
    const { cache, stats } = this.options;
    const started = performance.now();
    const index = ExactVectorSearch.build(embedded);
    const cost = { latencyMs: performance.now() - started, usage: ZERO_USAGE };
    const record: ExactScanRecord = { kind: 'exact-scan', count: index.count, bytes: index.byteSize() };
    if (cache.getJson<ExactScanRecord>('index', indexKey)?.value.count === index.count) {
      stats.hit('index');
      return index;
    }
    // A failed write (full disk) is counted by the cache; the scan works without its record.
    this.built.set(indexKey, { cost, bytes: record.bytes });
    cache.putJson('index', indexKey, record, cost);
    stats.executed('index');
    return index;
  }

  /**
   * For a run whose dense search is HNSW: the mean share of the exact top `k` that the graph
   * also returns (its recall vs exact search) over `queries`, embedded like the retrieve stage
   * embeds them. Null when the run searches exactly.
   */
  async annRecall(options: {
    config: PipelineConfig;
    keys: StageKeys;
    values: Readonly<Config>;
    queries: readonly string[];
    k: number;
  }): Promise<number | null> {
    const { config, keys, values, queries, k } = options;
    if (keys.denseSearch !== 'hnsw' || queries.length === 0) return null;
    const dense = await this.dense(config, keys, values);
    if (!(dense.index instanceof DenseIndex)) return null;
    const exact = ExactVectorSearch.build({ vectors: dense.vectors, dimensions: dense.index.dimensions });
    const { vectors } = await dense.embedder.embed([...queries], 'query');
    let share = 0;
    for (const vector of vectors) {
      const truth = exact.search(vector, k);
      const found = new Set(dense.index.search(vector, k).map((hit) => hit.chunkIndex));
      share += truth.filter((hit) => found.has(hit.chunkIndex)).length / Math.max(truth.length, 1);
    }
    return share / vectors.length;
  }

  bm25(config: PipelineConfig, keys: StageKeys): Promise<Bm25Index> {
    if (!keys.bm25Index) throw new Error('BM25 requested for a configuration without lexical retrieval');
    const indexKey = keys.bm25Index;
    const { cache, stats } = this.options;
    const read = (): Bm25Index | undefined => {
      const hit = cache.get('index', indexKey);
      const restored = hit ? restoreOrNull(hit.value) : null;
      if (restored) {
        stats.hit('index');
        return restored;
      }
      if (hit) cache.markCorrupt('index', indexKey);
      return undefined;
    };
    const compute = async (): Promise<Bm25Index> => {
      const { chunks } = await this.chunks(config, keys);
      const started = performance.now();
      const { value: index, usage } = await bm25IndexStage.run(chunks);
      const cost = { latencyMs: performance.now() - started, usage };
      const serialized = Buffer.from(index.serialize());
      this.built.set(indexKey, { cost, bytes: serialized.length });
      cache.put('index', indexKey, { value: serialized, ...cost });
      stats.executed('index');
      return index;
    };
    return this.memo.once(
      indexKey,
      () => computeOnce({ cache, stage: 'index', key: indexKey, read, compute }),
      (index) => index.byteSize(),
    );
  }

  /**
   * Bytes of the retrieval indexes a configuration uses (dense + BM25), read from the cache's
   * records so a fully warm run never has to load an index just to report its size.
   */
  indexBytes(keys: StageKeys): number | null {
    const { cache } = this.options;
    let bytes = 0;
    if (keys.denseIndex) {
      const dense =
        cache.getJson<{ bytes?: number }>('index', keys.denseIndex)?.value.bytes ??
        this.built.get(keys.denseIndex)?.bytes;
      if (dense === undefined) return null;
      bytes += dense;
    }
    if (keys.bm25Index) {
      const sparse = cache.size('index', keys.bm25Index) ?? this.built.get(keys.bm25Index)?.bytes;
      if (sparse === undefined) return null;
      bytes += sparse;
    }
    return bytes;
  }

  /**
   * `make()` once per key while it stays in memory (least recently used evicted, failures not
   * kept): what stages use for in-memory artifacts of their own, such as a registered vector store.
   * The artifact itself is not cached on disk (a user's component need not serialise), but its build
   * time is, as an `index` cost record, so {@link buildCost} reports it on warm runs too.
   */
  shared<T>(key: string, make: () => Promise<T>): Promise<T> {
    return this.memo.once(key, async () => {
      const started = performance.now();
      const value = await make();
      const cost: CostRecord = { latencyMs: performance.now() - started, usage: ZERO_USAGE };
      this.built.set(key, { cost });
      this.options.cache.putJson('index', key, { inMemoryArtifact: true }, cost);
      return value;
    });
  }
}

/** The stage-cache record of an exact scan: its size (the cost is the entry's). */
interface ExactScanRecord {
  kind: 'exact-scan';
  count: number;
  bytes: number;
}

/** The stage-cache record of a dense index; the graph itself is the file it names (older records: `<key>.hnsw`) and checks. */
interface DenseIndexRecord {
  count: number;
  bytes: number;
  sha256: string;
  file?: string;
}

/** A cached embedding run, or null when its blob does not decode (checked before use, like a checksum). */
function decodeOrNull(value: Buffer): ReturnType<typeof decodeEmbeddings> | null {
  try {
    return decodeEmbeddings(value);
  } catch {
    return null;
  }
}

function restoreOrNull(value: Buffer): Bm25Index | null {
  try {
    return Bm25Index.restore(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  } catch {
    return null;
  }
}
