import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteDatabase } from '../sqlite/open-database.js';
import { CacheHealth } from '../cache/cache-health.js';
import { cacheOpenError } from '../cache/cache-write-error.js';
import { sha256Hex } from '../cache/checksum.js';
import { writeFileChecked, type WriteFs } from '../cache/checked-write.js';
import { busyTimeoutMs } from '../store/busy-timeout.js';
import { createLeaseTable, DEFAULT_LEASE_TIMINGS, type LeaseTimings, StageLeases } from './stage-leases.js';

export type { CacheEntry, CostRecord, StageEntryInfo } from './stage-cache-entry.js';
import type { CacheEntry, CostRecord, StageEntryInfo } from './stage-cache-entry.js';

/**
 * Values above this size are written to files beside the database instead of into it: SQLite
 * (as bound by better-sqlite3) refuses blobs near 1 GB, which the vectors of 100k chunks at 2048
 * dimensions already reach, and big blobs in the WAL make every checkpoint copy them again.
 */
export const LARGE_VALUE_BYTES = 64 * 1024 * 1024;

/**
 * The table of this format. v2 added a checksum per entry; entries of the v1 table (`entries`)
 * are never read (misses) and `tune-rag cache --prune` drops them.
 */
export const STAGE_TABLE = 'stage_entries_v2';

/**
 * On-disk cache of stage outputs under `<dir>/stages.db` (SQLite, WAL), plus a folder for
 * artifacts that libraries insist on reading from files (HNSW indexes).
 *
 * Keys are content hashes computed by the caller (see stage-keys.ts); the cache never interprets
 * them. Entries remember the latency and usage of their first computation so a warm trial scores
 * like a cold one. Only successful outputs are ever written: errors are never cached.
 *
 * Integrity: every entry carries a sha256 over its cost record and value, checked on every read.
 * A read that fails it (flipped byte, truncated file, unparsable) is a miss: the entry is removed,
 * counted in {@link health}, and recomputed by the caller. A write that fails (full disk) is
 * counted and warned about once, never thrown: the caller keeps using the value it computed.
 *
 * Sharing: several processes may use one folder at once. Statements wait for another's write lock
 * up to the busy timeout (30 s, `TUNE_RAG_BUSY_TIMEOUT_MS`); value files are written under a
 * unique temp name and renamed to a name that includes their checksum, so a row and its file
 * always match and a reader racing a writer gets the old entry, the new one or a miss, never a
 * torn value; an entry that vanishes under a reader (prune, eviction, a newer write) is a miss,
 * not corruption. {@link leases} lets one process compute a corpus artifact while the others wait
 * (see computeOnce).
 */
export class StageCache {
  readonly dir: string;
  readonly health: CacheHealth;
  readonly dbPath: string;
  private readonly db: Database.Database;
  private readonly writeFs: WriteFs | undefined;
  private readonly statements: Record<
    'get' | 'size' | 'cost' | 'put' | 'remove' | 'removeIf' | 'fileOf' | 'touch' | 'list',
    Database.Statement
  >;
  /** Values above this many bytes are written to files (LARGE_VALUE_BYTES unless a test lowers it). */
  private readonly largeValueBytes: number;
  /** Who computes which corpus artifact right now, across processes (see computeOnce). */
  readonly leases: StageLeases;
  readonly leaseTimings: LeaseTimings;
  /** Bytes of values (and index files, see {@link countFileWrite}) this instance stored: a run's disk cost. */
  bytesWritten = 0;
  /**
   * Entries read this run, with the checksum read: their `used_at` is written once, at close, not
   * on every read, and {@link markCorrupt} only removes the entry a caller actually read.
   */
  private readonly touched = new Map<string, string>();

  /**
   * `maxDatabaseBytes` caps stages.db (SQLite max_page_count): past it writes fail exactly like a
   * full disk (SQLITE_FULL), which is how fault drills and tests fill the disk without root.
   * `writeFs` replaces the fs calls of file-backed writes, for the same purpose.
   */
  constructor(options: {
    dir: string;
    health?: CacheHealth;
    maxDatabaseBytes?: number;
    writeFs?: WriteFs;
    /** How long a statement waits for another process's lock (default: busyTimeoutMs()). */
    busyTimeoutMs?: number;
    largeValueBytes?: number;
    lease?: Partial<LeaseTimings>;
  }) {
    this.dir = options.dir;
    this.largeValueBytes = options.largeValueBytes ?? LARGE_VALUE_BYTES;
    this.leaseTimings = { ...DEFAULT_LEASE_TIMINGS, ...options.lease };
    this.health = options.health ?? new CacheHealth();
    this.writeFs = options.writeFs;
    this.dbPath = join(this.dir, 'stages.db');
    try {
      // The artifact folder; it also creates the cache folder the database lives in.
      mkdirSync(join(this.dir, 'files'), { recursive: true });
    } catch (error) {
      throw cacheOpenError({ path: this.dbPath, error });
    }
    // NORMAL, not FULL: a cache entry lost to a power cut is recomputed, so no fsync per write.
    this.db = openSqliteDatabase({
      path: this.dbPath,
      journalMode: 'WAL',
      synchronous: 'NORMAL',
      // Other processes sharing the folder hold the write lock for one short transaction at a time.
      busyTimeoutMs: options.busyTimeoutMs ?? busyTimeoutMs(),
      migrate: (db) => {
        db.exec(`CREATE TABLE IF NOT EXISTS ${STAGE_TABLE} (
        stage TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, file TEXT, bytes INTEGER NOT NULL,
        cost TEXT NOT NULL, checksum TEXT NOT NULL, created_at INTEGER NOT NULL, used_at INTEGER NOT NULL,
        PRIMARY KEY (stage, key))`);
        createLeaseTable(db);
      },
      wrapError: (error) => cacheOpenError({ path: this.dbPath, error }),
    });
    if (options.maxDatabaseBytes !== undefined) {
      const pageSize = this.db.pragma('page_size', { simple: true }) as number;
      this.db.pragma(`max_page_count = ${Math.max(1, Math.ceil(options.maxDatabaseBytes / pageSize))}`);
    }
    const t = STAGE_TABLE;
    this.statements = {
      get: this.db.prepare(`SELECT value, file, cost, checksum FROM ${t} WHERE stage = ? AND key = ?`),
      size: this.db.prepare(`SELECT bytes FROM ${t} WHERE stage = ? AND key = ?`),
      cost: this.db.prepare(`SELECT cost FROM ${t} WHERE stage = ? AND key = ?`),
      put: this.db.prepare(
        `INSERT OR REPLACE INTO ${t} (stage, key, value, file, bytes, cost, checksum, created_at, used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      remove: this.db.prepare(`DELETE FROM ${t} WHERE stage = ? AND key = ?`),
      removeIf: this.db.prepare(`DELETE FROM ${t} WHERE stage = ? AND key = ? AND checksum = ? RETURNING file`),
      fileOf: this.db.prepare(`SELECT file FROM ${t} WHERE stage = ? AND key = ?`),
      touch: this.db.prepare(`UPDATE ${t} SET used_at = ? WHERE stage = ? AND key = ?`),
      list: this.db.prepare(`SELECT stage, key, bytes, file, used_at AS usedAt FROM ${t} ORDER BY used_at, stage, key`),
    };
    this.leases = new StageLeases(this.db, this.leaseTimings.ttlMs);
  }

  /** The verified entry, or undefined when absent or when it failed verification (then it is removed). */
  get(stage: string, key: string): CacheEntry | undefined {
    // Twice at most: when a newer write of this key replaced the row (and its file) under us.
    for (let attempt = 0; ; attempt += 1) {
      let row: { value: Buffer; file: string | null; cost: string; checksum: string } | undefined;
      try {
        row = this.statements.get.get(stage, key) as typeof row;
      } catch (error) {
        // A lock held past the busy timeout is another process at work: a miss, not damage.
        if (isLockError(error)) return undefined;
        // A damaged database page (SQLITE_CORRUPT) is a miss like any other bad entry.
        return this.corrupt(stage, key, undefined);
      }
      if (!row) return undefined;
      let value = row.value;
      if (row.file) {
        const read = readValueFile(this.filePath(row.file));
        if (read === 'unreadable') return this.corrupt(stage, key, row.checksum);
        if (read === 'missing') {
          // Gone with its row (a prune, an eviction, a newer write): read the row again. Still
          // there, it promises a file deleted by hand: a plain miss, not corruption.
          if (this.removeIfUnchanged(stage, key, row.checksum) || attempt > 0) return undefined;
          continue;
        }
        value = read;
      }
      const cost = parseCost(row.cost);
      if (!cost || entryChecksum(row.cost, value) !== row.checksum) return this.corrupt(stage, key, row.checksum);
      this.touched.set(`${stage}\0${key}`, row.checksum);
      return { value, ...cost };
    }
  }

  /**
   * The verified value, or undefined when absent or failing verification (then removed and
   * counted, as by {@link get}), without counting as a use: `cache --prune` must not refresh the LRU order.
   */
  verified(stage: string, key: string): Buffer | undefined {
    const id = `${stage}\0${key}`;
    const had = this.touched.has(id);
    const value = this.get(stage, key)?.value;
    if (!had) this.touched.delete(id);
    return value;
  }

  /** Byte length of a stored value without reading it; undefined when absent. */
  size(stage: string, key: string): number | undefined {
    return (this.statements.size.get(stage, key) as { bytes: number } | undefined)?.bytes;
  }

  /** The recorded cost of an entry without reading its value; undefined when absent or unreadable. */
  cost(stage: string, key: string): CostRecord | undefined {
    const row = this.statements.cost.get(stage, key) as { cost: string } | undefined;
    return row ? parseCost(row.cost) : undefined;
  }

  /** Stores an entry; a failed write is counted in {@link health} (warned once), never thrown. */
  put(stage: string, key: string, entry: CacheEntry): void {
    this.putMany(stage, [{ key, entry }]);
  }

  /** Writes many entries in one transaction (per-question stage outputs); all or none are stored. */
  putMany(stage: string, entries: { key: string; entry: CacheEntry }[]): void {
    const replaced: string[] = [];
    try {
      // IMMEDIATE: the write lock is taken (waiting up to the busy timeout) before anything is read.
      this.db
        .transaction(() => {
          for (const { key, entry } of entries) this.write(stage, key, entry, replaced);
        })
        .immediate();
      // After the commit: a reader of the old row finds its file gone and reads the new row.
      for (const file of replaced) rmSync(this.filePath(file), { force: true });
    } catch (error) {
      this.health.writeFailed({
        path: this.dbPath,
        bytes: entries.reduce((n, e) => n + e.entry.value.length, 0),
        error,
      });
    }
  }

  getJson<T>(stage: string, key: string): { value: T; cost: CostRecord } | undefined {
    const entry = this.get(stage, key);
    if (!entry) return undefined;
    let value: T;
    try {
      value = JSON.parse(entry.value.toString('utf8')) as T;
    } catch {
      return this.markCorrupt(stage, key);
    }
    return { value, cost: { latencyMs: entry.latencyMs, usage: entry.usage, retryWaitMs: entry.retryWaitMs ?? 0 } };
  }

  putJson(stage: string, key: string, value: unknown, cost: CostRecord): void {
    this.put(stage, key, { value: Buffer.from(JSON.stringify(value)), ...cost });
  }

  /**
   * For callers whose own check of a value failed (an index that does not load, a blob that does
   * not decode): removes the entry and counts it as corrupt, so it is recomputed. Returns undefined.
   * Only the entry the caller read is removed and counted: when another process has replaced or
   * removed it meanwhile, that is its own business (the newer entry is checked when read).
   */
  markCorrupt(stage: string, key: string): undefined {
    return this.corrupt(stage, key, this.touched.get(`${stage}\0${key}`));
  }

  /** Deletes an entry and its value file (best effort: on a full or damaged disk it stays a miss). */
  remove(stage: string, key: string): undefined {
    try {
      const row = this.statements.get.get(stage, key) as { file: string | null } | undefined;
      this.statements.remove.run(stage, key);
      if (row?.file) rmSync(this.filePath(row.file), { force: true });
    } catch {
      // Nothing to do: the entry fails verification again next time and is a miss again.
    }
    this.touched.delete(`${stage}\0${key}`);
    return undefined;
  }

  /** Every entry's size and last use, least recently used first (for `tune-rag cache`). */
  list(): StageEntryInfo[] {
    return this.statements.list.all() as StageEntryInfo[];
  }

  /** Rows of the unchecksummed v1 table (`entries`), never read since v2; 0 when it is gone. */
  legacyEntries(): number {
    const table = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'entries'").get();
    return table ? (this.db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n : 0;
  }

  /** Drops the v1 table (`cache --prune`); returns how many rows it had. */
  dropLegacy(): number {
    const rows = this.legacyEntries();
    this.db.exec('DROP TABLE IF EXISTS entries');
    return rows;
  }

  /** Gives the pages of deleted entries back to the file system (after a prune). */
  vacuum(): void {
    // VACUUM rewrites the database through the WAL: checkpoint after it, or the disk grows first.
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Path for a file-backed artifact; its cache entry should only be written once the file exists. */
  filePath(name: string): string {
    return join(this.dir, 'files', name);
  }

  /**
   * Writes when this run's hits were used (one transaction), so the LRU order on disk is current:
   * called at close, and by the cache budget before it picks what to evict.
   */
  flushUse(now = Date.now()): void {
    try {
      this.db
        .transaction(() => {
          for (const id of this.touched.keys()) this.statements.touch.run(now, ...id.split('\0'));
        })
        .immediate();
      this.touched.clear();
    } catch {
      // A full disk only costs the LRU order a refresh.
    }
  }

  /** Records when this run's hits were used (see {@link flushUse}), then closes the database. */
  close(): void {
    this.flushUse();
    this.db.close();
  }

  /** Removes and counts a bad entry: the one with `checksum` when known, else whatever row is there. */
  private corrupt(stage: string, key: string, checksum: string | undefined): undefined {
    this.touched.delete(`${stage}\0${key}`);
    if (checksum === undefined) {
      this.health.corruptEntry('stage');
      return this.remove(stage, key);
    }
    if (this.removeIfUnchanged(stage, key, checksum)) this.health.corruptEntry('stage');
    return undefined;
  }

  /** Deletes the row of (stage, key) if it still has `checksum`, with its file; true when it did. */
  private removeIfUnchanged(stage: string, key: string, checksum: string): boolean {
    try {
      const row = this.statements.removeIf.get(stage, key, checksum) as { file: string | null } | undefined;
      if (row?.file) rmSync(this.filePath(row.file), { force: true });
      return row !== undefined;
    } catch {
      // Locked or damaged: the entry fails its check again next time.
      return false;
    }
  }

  private write(stage: string, key: string, entry: CacheEntry, replaced: string[]): void {
    const cost = JSON.stringify({
      latencyMs: entry.latencyMs,
      usage: entry.usage,
      retryWaitMs: entry.retryWaitMs ?? 0,
    });
    const checksum = entryChecksum(cost, entry.value);
    let file: string | null = null;
    let value = entry.value;
    if (value.length > this.largeValueBytes) {
      // Named by key and checksum: a newer write of the key never overwrites the file a row names.
      const keyHash = createHash('sha256').update(`${stage}\0${key}`).digest('hex').slice(0, 32);
      file = `value-${keyHash}-${checksum.slice(0, 16)}.bin`;
      // Temp file, checked, fsynced and renamed: a crash or full disk never leaves a torn file behind a row.
      writeFileChecked({ path: this.filePath(file), data: value, fs: this.writeFs });
      value = Buffer.alloc(0);
    }
    const old = (this.statements.fileOf.get(stage, key) as { file: string | null } | undefined)?.file;
    if (old && old !== file) replaced.push(old);
    const now = Date.now();
    this.statements.put.run(stage, key, value, file, entry.value.length, cost, checksum, now, now);
    this.bytesWritten += entry.value.length;
  }

  /** Counts a file written beside the database (an HNSW index) in {@link bytesWritten}. */
  countFileWrite(bytes: number): void {
    this.bytesWritten += bytes;
  }
}

/** sha256 over the cost record and the value: a flipped byte in either is caught. */
function entryChecksum(cost: string, value: Buffer): string {
  return sha256Hex(cost, '\n', value);
}

function parseCost(text: string): CostRecord | undefined {
  try {
    const cost = JSON.parse(text) as CostRecord;
    return typeof cost.latencyMs === 'number' && typeof cost.usage === 'object' && cost.usage !== null
      ? cost
      : undefined;
  } catch {
    return undefined;
  }
}

/** SQLite's "another connection holds the lock" codes (after the busy timeout). */
function isLockError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** A value file's bytes; 'missing' when it is gone (ENOENT), 'unreadable' on any other error. */
function readValueFile(path: string): Buffer | 'missing' | 'unreadable' {
  try {
    return readFileSync(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
}
