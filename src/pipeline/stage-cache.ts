import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteDatabase } from '../sqlite/open-database.js';
import { CacheHealth } from '../cache/cache-health.js';
import { cacheOpenError } from '../cache/cache-write-error.js';
import { sha256Hex } from '../cache/checksum.js';
import { writeFileChecked, type WriteFs } from '../cache/checked-write.js';
import type { Usage } from '../accounting/usage.js';

/** What a stage output cost when it was first computed; replayed on every cache hit. */
export interface CostRecord {
  /** For stages that call an LLM: the successful attempts' time plus local work, not retry waits. */
  latencyMs: number;
  usage: Usage;
  /** Failed attempts and back-off sleeps of the LLM calls made (0 for local work); kept apart from latency. */
  retryWaitMs?: number;
}

export interface CacheEntry extends CostRecord {
  value: Buffer;
}

/** One stored entry as `tune-rag cache` sees it (sizes and use, not the value). */
export interface StageEntryInfo {
  stage: string;
  key: string;
  /** Payload bytes: the value, in the database or in its file. */
  bytes: number;
  file: string | null;
  /** Last time a run wrote or read it (ms since epoch): the LRU order of `cache --prune`. */
  usedAt: number;
}

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
 */
export class StageCache {
  readonly dir: string;
  readonly health: CacheHealth;
  readonly dbPath: string;
  private readonly db: Database.Database;
  private readonly writeFs: WriteFs | undefined;
  private readonly statements: Record<
    'get' | 'size' | 'cost' | 'put' | 'remove' | 'touch' | 'list',
    Database.Statement
  >;
  /** Bytes of values (and index files, see {@link countFileWrite}) this instance stored: a run's disk cost. */
  bytesWritten = 0;
  /** Entries read this run; their `used_at` is written once, at close, not on every read. */
  private readonly touched = new Set<string>();

  /**
   * `maxDatabaseBytes` caps stages.db (SQLite max_page_count): past it writes fail exactly like a
   * full disk (SQLITE_FULL), which is how fault drills and tests fill the disk without root.
   * `writeFs` replaces the fs calls of file-backed writes, for the same purpose.
   */
  constructor(options: { dir: string; health?: CacheHealth; maxDatabaseBytes?: number; writeFs?: WriteFs }) {
    this.dir = options.dir;
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
      migrate: (db) =>
        db.exec(`CREATE TABLE IF NOT EXISTS ${STAGE_TABLE} (
        stage TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, file TEXT, bytes INTEGER NOT NULL,
        cost TEXT NOT NULL, checksum TEXT NOT NULL, created_at INTEGER NOT NULL, used_at INTEGER NOT NULL,
        PRIMARY KEY (stage, key))`),
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
      touch: this.db.prepare(`UPDATE ${t} SET used_at = ? WHERE stage = ? AND key = ?`),
      list: this.db.prepare(`SELECT stage, key, bytes, file, used_at AS usedAt FROM ${t} ORDER BY used_at, stage, key`),
    };
  }

  /** The verified entry, or undefined when absent or when it failed verification (then it is removed). */
  get(stage: string, key: string): CacheEntry | undefined {
    let row: { value: Buffer; file: string | null; cost: string; checksum: string } | undefined;
    try {
      row = this.statements.get.get(stage, key) as typeof row;
    } catch {
      // A damaged database page (SQLITE_CORRUPT) is a miss like any other bad entry.
      this.markCorrupt(stage, key);
      return undefined;
    }
    if (!row) return undefined;
    let value = row.value;
    if (row.file) {
      const path = this.filePath(row.file);
      // A value file deleted by hand (or by a prune) is simply a miss, not corruption.
      if (!existsSync(path)) return this.remove(stage, key);
      value = readFileSync(path);
    }
    const cost = parseCost(row.cost);
    if (!cost || entryChecksum(row.cost, value) !== row.checksum) return this.markCorrupt(stage, key);
    this.touched.add(`${stage}\0${key}`);
    return { value, ...cost };
  }

  /**
   * The verified value, or undefined when absent or failing verification (then removed and
   * counted, as by {@link get}), without counting as a use: `cache --prune` must not refresh the LRU order.
   */
  verified(stage: string, key: string): Buffer | undefined {
    const had = this.touched.has(`${stage}\0${key}`);
    const value = this.get(stage, key)?.value;
    if (!had) this.touched.delete(`${stage}\0${key}`);
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
    try {
      this.write(stage, key, entry);
    } catch (error) {
      this.health.writeFailed({ path: this.dbPath, bytes: entry.value.length, error });
    }
  }

  /** Writes many entries in one transaction (per-question stage outputs); all or none are stored. */
  putMany(stage: string, entries: { key: string; entry: CacheEntry }[]): void {
    try {
      this.db.transaction(() => {
        for (const { key, entry } of entries) this.write(stage, key, entry);
      })();
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
   */
  markCorrupt(stage: string, key: string): undefined {
    this.health.corruptEntry('stage');
    return this.remove(stage, key);
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
      this.db.transaction(() => {
        for (const id of this.touched) this.statements.touch.run(now, ...id.split('\0'));
      })();
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

  private write(stage: string, key: string, entry: CacheEntry): void {
    const cost = JSON.stringify({
      latencyMs: entry.latencyMs,
      usage: entry.usage,
      retryWaitMs: entry.retryWaitMs ?? 0,
    });
    const checksum = entryChecksum(cost, entry.value);
    let file: string | null = null;
    let value = entry.value;
    if (value.length > LARGE_VALUE_BYTES) {
      file = `value-${createHash('sha256').update(`${stage}\0${key}`).digest('hex').slice(0, 32)}.bin`;
      // Temp file, checked, fsynced and renamed: a crash or full disk never leaves a torn file behind a row.
      writeFileChecked({ path: this.filePath(file), data: value, fs: this.writeFs });
      value = Buffer.alloc(0);
    }
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
