import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import hnswlib from 'hnswlib-node';
import { cacheWriteError } from '../cache/cache-write-error.js';
import { sha256File } from '../cache/checksum.js';
import { tempPathFor } from '../cache/checked-write.js';
import type { ScoredChunk } from '../chunking/chunk.js';
import { hnswFileProblem } from './hnsw-file-check.js';
import { type DuplicateGroups, groupDuplicateVectors } from './duplicate-vectors.js';

// hnswlib-node is CommonJS (module.exports = native addon), so named ESM imports do not resolve.
const { HierarchicalNSW } = hnswlib;

/** HNSW graph settings. Defaults follow hnswlib's recommendations for ~100-1000-dim embeddings. */
export interface DenseIndexOptions {
  vectors: Float32Array[];
  dimensions: number;
  /** Graph degree (links per node per layer; 2m on the base layer). */
  m?: number;
  /** Candidate list size while inserting: higher = better graph, slower build. */
  efConstruction?: number;
  /** Candidate list size while searching (raised to k when k is larger). */
  efSearch?: number;
  /** Seed of hnswlib's level generator: same vectors + seed = same graph. */
  seed?: number;
}

/**
 * Approximate nearest-neighbour search over unit vectors (hnswlib HNSW, inner-product space),
 * so a hit's score is its cosine similarity (1 − hnswlib's distance). Vector i is chunk i.
 * Built once per (chunking, embedder) in the index stage, saved beside the stage cache, then
 * searched once per question. Building is single-threaded and seeded, hence deterministic.
 *
 * Identical vectors share one graph node (labelled with the first chunk that has it) and a hit
 * on it returns all of them: copies inserted as separate nodes lock the search inside their
 * cluster (see {@link DuplicateGroups}). So `count` is the number of chunks, and the graph may
 * hold fewer nodes.
 */
export class DenseIndex {
  private constructor(
    private readonly index: InstanceType<typeof HierarchicalNSW>,
    readonly dimensions: number,
    private readonly groups: DuplicateGroups,
    private readonly m: number,
    private path: string | null,
  ) {}

  static build(options: DenseIndexOptions): DenseIndex {
    const { vectors, dimensions, m = 16, efConstruction = 200, efSearch = 64, seed = 42 } = options;
    vectors.forEach((vector, i) => {
      if (vector.length !== dimensions)
        throw new Error(`vector ${i} has ${vector.length} dimensions, expected ${dimensions}`);
    });
    const groups = groupDuplicateVectors({ vectors });
    const index = new HierarchicalNSW('ip', dimensions);
    // maxElements must be ≥ 1 even for an empty corpus, or hnswlib refuses to initialise.
    index.initIndex(Math.max(groups.representatives.length, 1), m, efConstruction, seed);
    for (const i of groups.representatives) index.addPoint(Array.from(vectors[i]), i);
    index.setEf(efSearch);
    return new DenseIndex(index, dimensions, groups, m, null);
  }

  /**
   * Reads an index written by {@link save} for the same `vectors` it was built from (the grouping
   * of identical vectors is recomputed from them, not stored); `efSearch` is not stored in the
   * file either, so set it again.
   */
  static load(options: {
    path: string;
    vectors: readonly Float32Array[];
    dimensions: number;
    efSearch?: number;
  }): DenseIndex {
    const { path, dimensions, efSearch = 64 } = options;
    const index = new HierarchicalNSW('ip', dimensions);
    index.readIndexSync(path);
    index.setEf(efSearch);
    const groups = groupDuplicateVectors({ vectors: options.vectors });
    if (index.getCurrentCount() !== groups.representatives.length) {
      throw new Error(
        `dense index ${path} holds ${index.getCurrentCount()} vectors, expected ${groups.representatives.length} distinct ones`,
      );
    }
    // m is only used for size estimates, and a loaded index reports its real file size.
    return new DenseIndex(index, dimensions, groups, 16, path);
  }

  /** Number of chunks (vectors given to {@link build}), duplicates included. */
  get count(): number {
    return this.groups.count;
  }

  save(path: string): void {
    this.index.writeIndexSync(path);
    this.path = path;
  }

  /**
   * Saves to a temp file beside `path`, checks it is complete (hnswlib's writer does not notice a
   * full disk), fsyncs and renames it, and returns what {@link loadVerified} needs. Throws a
   * TuneRagError naming the path, the bytes needed and the fix; `path` is then left untouched.
   * With `nameBySha`, the file is renamed to the path it returns for the file's sha256 instead:
   * a name that changes with the content, so a newer write never replaces a file a reader checks.
   */
  saveChecked(path: string, nameBySha?: (sha256: string) => string): { bytes: number; sha256: string; path: string } {
    const temp = tempPathFor(path);
    try {
      this.index.writeIndexSync(temp);
      const problem = hnswFileProblem(temp);
      if (problem) throw Object.assign(new Error(`short write: the index file has ${problem}`), { code: 'ENOSPC' });
      const fd = openSync(temp, 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      const saved = { bytes: statSync(temp).size, sha256: sha256File(temp) };
      const final = nameBySha ? nameBySha(saved.sha256) : path;
      renameSync(temp, final);
      this.path = final;
      return { ...saved, path: final };
    } catch (error) {
      rmSync(temp, { force: true });
      throw cacheWriteError({ path, bytes: this.byteSize(), error });
    }
  }

  /**
   * Loads an index saved by {@link saveChecked} only when the file has the recorded length and
   * sha256, so a truncated or damaged file never reaches hnswlib (which rejects some damage,
   * misreads or crashes on the rest). Returns null when the file is missing, fails the check, or
   * holds another number of distinct vectors than `vectors` (written for other embeddings).
   */
  static loadVerified(options: {
    path: string;
    vectors: readonly Float32Array[];
    dimensions: number;
    efSearch?: number;
    bytes: number;
    sha256: string;
  }): DenseIndex | null {
    if (!DenseIndex.fileMatches(options)) return null;
    try {
      return DenseIndex.load(options);
    } catch {
      return null;
    }
  }

  /** True when the index file exists with exactly the recorded length and sha256. */
  static fileMatches(options: { path: string; bytes: number; sha256: string }): boolean {
    const { path } = options;
    return existsSync(path) && statSync(path).size === options.bytes && sha256File(path) === options.sha256;
  }

  /** The k nearest chunks by cosine, best first (ties to the lower index); k is clamped to the count. */
  search(query: Float32Array | number[], k: number): ScoredChunk[] {
    const n = Math.min(Math.max(Math.floor(k), 0), this.count);
    if (n === 0) return [];
    // The n nearest distinct vectors always cover the n nearest chunks: each stands for ≥ 1 chunk.
    const nodes = Math.min(n, this.groups.representatives.length);
    const { distances, neighbors } = this.index.searchKnn(Array.from(query), nodes);
    const out = neighbors.flatMap((label, i) =>
      this.groups.members.get(label)!.map((chunkIndex) => ({ chunkIndex, score: 1 - distances[i] })),
    );
    return out.sort((a, b) => b.score - a.score || a.chunkIndex - b.chunkIndex).slice(0, n);
  }

  /**
   * Bytes on disk once saved; before that, hnswlib's own layout: per element the vector, 2m
   * base-layer links + a count, and a label, plus upper layers (≈ 1/m of the elements, m links each).
   */
  byteSize(): number {
    if (this.path) {
      try {
        return statSync(this.path).size;
      } catch {
        // Fall through to the estimate when the file was moved or deleted.
      }
    }
    const nodes = this.groups.representatives.length;
    const perElement = this.dimensions * 4 + (2 * this.m + 1) * 4 + 8;
    const upperLayers = (nodes / this.m) * (this.m + 1) * 4;
    return Math.round(nodes * perElement + upperLayers);
  }
}
