/**
 * The in-memory side of {@link CorpusArtifacts}: one promise per cache key, so trials of a tuning
 * run that share a prefix share its chunk set, vectors and indexes, bounded by a count and by
 * an estimate of the bytes the settled artifacts hold, least recently used evicted first.
 *
 * Why bytes: at 100k documents one chunk set, its vectors or a BM25 index is 20-900 MB, so a
 * count alone (12 artifacts) let a tune hold several trials' corpora at once and grow past 4 GB.
 * An evicted artifact comes back from the stage cache, far cheaper than recomputing it; one a
 * running trial still uses stays alive through that trial's reference, whatever the memo drops.
 */
export class ArtifactMemo {
  private readonly entries = new Map<string, { pending: Promise<unknown>; bytes: number | null }>();
  private bytes = 0;

  constructor(private readonly limits: { maxEntries: number; maxBytes: number }) {}

  /**
   * `make()` once per key while it stays in memory; `sizeOf` estimates what the value holds once
   * it settles. Failures are not kept: the next caller retries instead of inheriting the error.
   */
  once<T>(key: string, make: () => Promise<T>, sizeOf: (value: T) => number = () => 0): Promise<T> {
    const known = this.entries.get(key);
    if (known) {
      // Most recently used last: Map keeps insertion order, so the first key is the eviction candidate.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known.pending as Promise<T>;
    }
    const pending = make();
    const entry: { pending: Promise<unknown>; bytes: number | null } = { pending, bytes: null };
    this.entries.set(key, entry);
    pending.then(
      (value) => {
        if (this.entries.get(key) !== entry) return;
        entry.bytes = sizeOf(value);
        this.bytes += entry.bytes;
        this.evict(key);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    this.evict(key);
    return pending;
  }

  /** Estimated bytes held by the settled entries. */
  get heldBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * Drops least recently used entries until both limits hold, never `keep` (the one just added or
   * settled: a single artifact over the byte limit is still worth keeping for the next trial) and
   * never a pending one (its callers wait on it; dropping it would only start a second build).
   */
  private evict(keep: string): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) return;
      if (key === keep || entry.bytes === null) continue;
      this.entries.delete(key);
      this.bytes -= entry.bytes;
    }
  }
}
