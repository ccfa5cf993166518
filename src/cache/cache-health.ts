import { dirname } from 'node:path';
import { isTuneRagError, renderErrorText, type TuneRagError } from '../errors.js';
import { cacheWriteError, formatBytes } from './cache-write-error.js';

/** Which cache a fault happened in (stage cache and corpus artifacts share one folder). */
export type CacheKind = 'stage' | 'request';

/** What a run's caches went through, for the summary and `--json` (`cache`). */
export interface CacheHealthReport {
  /** Entries that failed verification (checksum, truncation, unparsable) and were recomputed. */
  corrupt: number;
  corrupt_by_kind: Record<CacheKind, number>;
  /** Writes that failed (full disk, I/O error); their values were used but not cached. */
  write_failures: number;
  /** The first write failure's message and fix, or null. */
  warning: string | null;
  /** Least recently used stage-cache entries removed to keep within `--cache-budget`, and their bytes. */
  evicted: number;
  evicted_bytes: number;
  /** Corpus artifacts another process sharing the cache folder was computing, which this one waited for instead of computing them too. */
  lease_waits: number;
  /** Leases taken over from a process that died (same machine) or stopped renewing (expired): their artifacts were computed here. */
  lease_takeovers: number;
  /** Waits that reached their bound with the other process still computing; this process then computed the artifact itself. */
  lease_wait_timeouts: number;
}

/**
 * Counts the integrity faults of one run's caches. A cache fault is never a failed question: a
 * corrupt read is a miss, a failed write leaves the value in use uncached. The first write failure
 * is reported once through `onWarning` (the CLI prints it on stderr) so a full disk is not silent,
 * and every later one is only counted. One instance is shared by the stage and request caches.
 */
export class CacheHealth {
  #corrupt: Record<CacheKind, number> = { stage: 0, request: 0 };
  #writeFailures = 0;
  #warning: string | null = null;
  #evicted = { entries: 0, bytes: 0 };
  #leases = { waits: 0, takeovers: 0, timeouts: 0 };

  constructor(
    private readonly options: {
      onWarning?: (line: string) => void;
      /** How the warning spells the options its error names (default: the option's name; the CLI passes its flags). */
      spell?: (option: string) => string;
    } = {},
  ) {}

  /** A read that failed verification; the caller removes the entry and recomputes it. */
  corruptEntry(kind: CacheKind): void {
    this.#corrupt[kind] += 1;
  }

  /** A write to `path` of `bytes` failed with `error`; warns on the first one. */
  writeFailed(options: { path: string; bytes: number; error: unknown }): void {
    this.#writeFailures += 1;
    if (this.#warning !== null) return;
    const error: TuneRagError = isTuneRagError(options.error) ? options.error : cacheWriteError(options);
    const spell = this.options.spell;
    const hint = error.template.hint === undefined ? '' : renderErrorText(error.template.hint, spell);
    this.#warning =
      `cache write failed in ${dirname(options.path)}: ${renderErrorText(error.template.message, spell)}; the value is still used, only not cached (later failures are counted, not shown). ${hint}`.trim();
    this.options.onWarning?.(this.#warning);
  }

  /** Entries the cache budget removed (see enforceCacheBudget). */
  evictedEntries(eviction: { entries: number; bytes: number }): void {
    this.#evicted.entries += eviction.entries;
    this.#evicted.bytes += eviction.bytes;
  }

  /** This process waited for another's computation of a corpus artifact (see computeOnce). */
  leaseWaited(): void {
    this.#leases.waits += 1;
  }

  /** This process took over the lease of a dead or silent owner. */
  leaseTakenOver(): void {
    this.#leases.takeovers += 1;
  }

  /** A wait for another process reached its bound; this process computes the artifact itself. */
  leaseWaitTimedOut(): void {
    this.#leases.timeouts += 1;
  }

  report(): CacheHealthReport {
    const { stage, request } = this.#corrupt;
    return {
      corrupt: stage + request,
      corrupt_by_kind: { stage, request },
      write_failures: this.#writeFailures,
      warning: this.#warning,
      evicted: this.#evicted.entries,
      evicted_bytes: this.#evicted.bytes,
      lease_waits: this.#leases.waits,
      lease_takeovers: this.#leases.takeovers,
      lease_wait_timeouts: this.#leases.timeouts,
    };
  }

  /**
   * One summary line, or null when nothing happened (a clean run of a single process prints
   * nothing about its cache; waits for other processes are shown, they explain a slow trial).
   */
  summaryLine(): string | null {
    const r = this.report();
    if (
      r.corrupt === 0 &&
      r.write_failures === 0 &&
      r.evicted === 0 &&
      r.lease_waits + r.lease_takeovers + r.lease_wait_timeouts === 0
    )
      return null;
    const parts: string[] = [];
    if (r.corrupt)
      parts.push(
        `${r.corrupt} corrupt entr${r.corrupt === 1 ? 'y' : 'ies'} removed and recomputed (stage cache ${r.corrupt_by_kind.stage}, request cache ${r.corrupt_by_kind.request})`,
      );
    if (r.write_failures)
      parts.push(`${r.write_failures} write${r.write_failures === 1 ? '' : 's'} failed (values used, not cached)`);
    if (r.evicted)
      parts.push(
        `${r.evicted} least recently used entr${r.evicted === 1 ? 'y' : 'ies'} evicted to stay within the cache budget (${formatBytes(r.evicted_bytes)})`,
      );
    const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    if (r.lease_waits)
      parts.push(`${plural(r.lease_waits, 'wait', 'waits')} for a corpus artifact another process was computing`);
    if (r.lease_takeovers)
      parts.push(`${plural(r.lease_takeovers, 'lease', 'leases')} taken over from a dead or expired owner`);
    if (r.lease_wait_timeouts)
      parts.push(`${plural(r.lease_wait_timeouts, 'wait', 'waits')} reached the bound (computed here too)`);
    return `cache: ${parts.join('; ')}`;
  }
}
