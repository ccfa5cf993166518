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
  private readonly entries = new Map<string, { pending: Promise<unknown>; bytes: number | null; used: number }>();
  private bytes = 0;
  /** Counts uses: an entry's `used` is the tick of its last use. */
  private tick = 0;
  /** The tick at which each running trial began (see {@link begin}). */
  private readonly running = new Map<number, number>();
  private nextRun = 0;

  constructor(private readonly limits: { maxEntries: number; maxBytes: number }) {}

  /**
   * `make()` once per key while it stays in memory; `sizeOf` estimates what the value holds once
   * it settles. Failures are not kept: the next caller retries instead of inheriting the error.
   */
  once<T>(key: string, make: () => Promise<T>, sizeOf: (value: T) => number = () => 0): Promise<T> {
    const known = this.entries.get(key);
    this.tick++;
    if (known) {
      known.used = this.tick;
      // Most recently used last: Map keeps insertion order, so the first key is the eviction candidate.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known.pending as Promise<T>;
    }
    const pending = make();
    const entry = { pending: pending as Promise<unknown>, bytes: null as number | null, used: this.tick };
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

  /**
   * Marks the start of a trial: until the returned function is called, nothing used from now on
   * is evicted, so a trial whose chunk set, vectors and indexes together pass the byte limit keeps
   * them for all its questions instead of evicting one for another and reloading it from the stage
   * cache per question. Trials running at once pin what any of them used since the oldest began.
   */
  begin(): () => void {
    const run = this.nextRun++;
    this.running.set(run, this.tick + 1);
    return () => {
      if (this.running.delete(run)) this.evict(null);
    };
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
   * settled: a single artifact over the byte limit is still worth keeping for the next trial),
   * never a pending one (its callers wait on it; dropping it would only start a second build) and
   * never one a running trial used (see {@link begin}): the limits may then be exceeded until it ends.
   */
  private evict(keep: string | null): void {
    const pinnedFrom = this.running.size === 0 ? Number.POSITIVE_INFINITY : Math.min(...this.running.values());
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) return;
      if (key === keep || entry.bytes === null || entry.used >= pinnedFrom) continue;
      this.entries.delete(key);
      this.bytes -= entry.bytes;
    }
  }
}
