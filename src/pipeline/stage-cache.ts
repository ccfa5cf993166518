import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TuneRagError } from '../errors.js';
import type { Usage } from '../providers/usage.js';

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

/**
 * Values above this size are written to files beside the database instead of into it: SQLite
 * (as bound by better-sqlite3) refuses blobs near 1 GB, which the vectors of 100k chunks at 2048
 * dimensions already reach, and big blobs in the WAL make every checkpoint copy them again.
 */
export const LARGE_VALUE_BYTES = 64 * 1024 * 1024;

/**
 * On-disk cache of stage outputs under `<dir>/stages.db` (SQLite, WAL), plus a folder for
 * artifacts that libraries insist on reading from files (HNSW indexes).
 *
 * Keys are content hashes computed by the caller (see stage-keys.ts); the cache never interprets
 * them. Entries remember the latency and usage of their first computation so a warm trial scores
 * like a cold one. Only successful outputs are ever written: errors are never cached.
 */
export class StageCache {
  readonly dir: string;
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement;
  private readonly putStmt: Database.Statement;
  private readonly sizeStmt: Database.Statement;
  private readonly costStmt: Database.Statement;

  constructor(options: { dir: string }) {
    this.dir = options.dir;
    try {
      mkdirSync(join(this.dir, 'files'), { recursive: true });
      this.db = new Database(join(this.dir, 'stages.db'));
    } catch (error) {
      throw new TuneRagError('io', `cannot open the stage cache in ${this.dir}: ${(error as Error).message}`, {
        hint: 'Make the folder writable, or point --cache-dir somewhere writable.',
      });
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS entries (
      stage TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
      latency_ms REAL NOT NULL, usage TEXT NOT NULL, created_at INTEGER NOT NULL,
      PRIMARY KEY (stage, key))`);
    // Caches made before large values went to files lack the column; adding it keeps their entries.
    const columns = this.db.prepare('PRAGMA table_info(entries)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'file')) this.db.exec('ALTER TABLE entries ADD COLUMN file TEXT');
    if (!columns.some((c) => c.name === 'retry_wait_ms')) this.db.exec('ALTER TABLE entries ADD COLUMN retry_wait_ms REAL NOT NULL DEFAULT 0');
    this.getStmt = this.db.prepare('SELECT value, file, latency_ms, usage, retry_wait_ms FROM entries WHERE stage = ? AND key = ?');
    this.sizeStmt = this.db.prepare('SELECT length(value) AS bytes, file FROM entries WHERE stage = ? AND key = ?');
    this.costStmt = this.db.prepare('SELECT latency_ms, usage, retry_wait_ms FROM entries WHERE stage = ? AND key = ?');
    this.putStmt = this.db.prepare('INSERT OR REPLACE INTO entries (stage, key, value, file, latency_ms, usage, retry_wait_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  }

  /** The entry, or undefined when absent (or its file was deleted: then it is simply recomputed). */
  get(stage: string, key: string): CacheEntry | undefined {
    const row = this.getStmt.get(stage, key) as { value: Buffer; file: string | null; latency_ms: number; usage: string; retry_wait_ms: number } | undefined;
    if (!row) return undefined;
    let value = row.value;
    if (row.file) {
      const path = this.filePath(row.file);
      if (!existsSync(path)) return undefined;
      value = readFileSync(path);
    }
    return { value, latencyMs: row.latency_ms, usage: JSON.parse(row.usage) as Usage, retryWaitMs: row.retry_wait_ms };
  }

  /** Byte length of a stored value without reading it; undefined when absent. */
  size(stage: string, key: string): number | undefined {
    const row = this.sizeStmt.get(stage, key) as { bytes: number; file: string | null } | undefined;
    if (!row?.file) return row?.bytes;
    const path = this.filePath(row.file);
    return existsSync(path) ? statSync(path).size : undefined;
  }

  /** The recorded cost of an entry without reading its value; undefined when absent. */
  cost(stage: string, key: string): CostRecord | undefined {
    const row = this.costStmt.get(stage, key) as { latency_ms: number; usage: string; retry_wait_ms: number } | undefined;
    return row ? { latencyMs: row.latency_ms, usage: JSON.parse(row.usage) as Usage, retryWaitMs: row.retry_wait_ms } : undefined;
  }

  put(stage: string, key: string, entry: CacheEntry): void {
    let file: string | null = null;
    let value = entry.value;
    if (value.length > LARGE_VALUE_BYTES) {
      file = `value-${createHash('sha256').update(`${stage}\0${key}`).digest('hex').slice(0, 32)}.bin`;
      // Written under a temporary name and renamed, so a crash never leaves a torn file behind a row.
      const path = this.filePath(file);
      writeFileSync(`${path}.tmp-${process.pid}`, value);
      renameSync(`${path}.tmp-${process.pid}`, path);
      value = Buffer.alloc(0);
    }
    this.putStmt.run(stage, key, value, file, entry.latencyMs, JSON.stringify(entry.usage), entry.retryWaitMs ?? 0, Date.now());
  }

  /** Writes many entries in one transaction (per-question stage outputs). */
  putMany(stage: string, entries: { key: string; entry: CacheEntry }[]): void {
    this.db.transaction(() => {
      for (const { key, entry } of entries) this.put(stage, key, entry);
    })();
  }

  getJson<T>(stage: string, key: string): { value: T; cost: CostRecord } | undefined {
    const entry = this.get(stage, key);
    return entry ? { value: JSON.parse(entry.value.toString('utf8')) as T, cost: { latencyMs: entry.latencyMs, usage: entry.usage, retryWaitMs: entry.retryWaitMs ?? 0 } } : undefined;
  }

  putJson(stage: string, key: string, value: unknown, cost: CostRecord): void {
    this.put(stage, key, { value: Buffer.from(JSON.stringify(value)), ...cost });
  }

  /** Path for a file-backed artifact; its cache entry should only be written once the file exists. */
  filePath(name: string): string {
    return join(this.dir, 'files', name);
  }

  close(): void {
    this.db.close();
  }
}
