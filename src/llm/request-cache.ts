import type Database from 'better-sqlite3';
import { openSqliteDatabase } from '../sqlite/open-database.js';
import { CacheHealth } from '../cache/cache-health.js';
import { sha256Hex } from '../cache/checksum.js';
import { cacheOpenError } from '../cache/cache-write-error.js';
import { stableHash } from '../json/canonical-json.js';
import type { Usage } from '../accounting/usage.js';

/**
 * Bump when the cached reply format or the meaning of a request changes: old rows then stop
 * matching instead of being misread.
 */
export const REQUEST_CACHE_VERSION = 'llm-cache-v4';

/**
 * What is cached: only successful replies, with the usage and timing recorded when first
 * computed, so a reply served from the cache costs (in objectives) what it cost the first time.
 * v2 added the timing: v1 rows had none, and replaying them as 0 ms would make any configuration
 * that reuses a prompt look instant. v3 added the base URL's origin to the key. v4 rows carry a
 * sha256 of their value (column `checksum`), checked on every read.
 */
export interface CachedReply {
  /** Kind-specific payload (chat: text and tool calls; embeddings: vectors). */
  value: unknown;
  usage: Usage;
  /** Duration of the attempt that produced the reply (ms). */
  latencyMs: number;
  /** Failed attempts and back-off before it (ms). */
  retryWaitMs: number;
}

/** A store of successful replies keyed by `requestCacheKey`. Implementations must be safe to share. */
export interface RequestCache {
  get(key: string): CachedReply | undefined;
  set(key: string, reply: CachedReply): void;
}

/**
 * The cache key of a request: a versioned hash of what determines the reply (provider, the base
 * URL's origin, model, operation and every request parameter). The origin is in it because the
 * same model name behind another server (another Ollama host, a vLLM port, a proxy) is another
 * model: its answers and costs must not be reported as this one's. The API key is never in it.
 */
export function requestCacheKey(options: {
  provider: string;
  origin: string;
  model: string;
  operation: 'chat' | 'embed';
  params: unknown;
}): string {
  return `${REQUEST_CACHE_VERSION}:${stableHash(
    {
      v: REQUEST_CACHE_VERSION,
      provider: options.provider,
      origin: options.origin,
      model: options.model,
      operation: options.operation,
      params: options.params,
    },
    32,
  )}`;
}

/** Process-local cache; the default for tests and one-off runs. */
export class MemoryRequestCache implements RequestCache {
  readonly #rows = new Map<string, string>();

  get(key: string): CachedReply | undefined {
    const row = this.#rows.get(key);
    return row === undefined ? undefined : (JSON.parse(row) as CachedReply);
  }

  set(key: string, reply: CachedReply): void {
    // Stored as JSON so callers cannot mutate a cached reply through a returned object.
    this.#rows.set(key, JSON.stringify(reply));
  }

  get size(): number {
    return this.#rows.size;
  }
}

/** One stored reply as `tune-rag cache` sees it. */
export interface RequestEntryInfo {
  key: string;
  bytes: number;
  /** Last time a run wrote or read it (ms since epoch); the LRU order of `cache --prune`. */
  usedAt: number;
}

/**
 * Cache in a table `llm_request_cache` of a SQLite file (`.tune-rag/llm-cache.db`), so replies
 * survive restarts and a resumed run pays nothing twice.
 *
 * Integrity: a reply whose checksum does not match (or that does not parse) is a miss: removed,
 * counted in `health` and fetched again. A failed write (full disk) is counted and warned about
 * once, never thrown: the reply is still returned to the caller.
 */
export class SqliteRequestCache implements RequestCache {
  readonly health: CacheHealth;
  readonly file: string;
  readonly #db: Database.Database;
  readonly #ownsDb: boolean;
  readonly #select: Database.Statement<[string], { value: string; checksum: string | null }>;
  readonly #insert: Database.Statement<[string, string, string, string, number]>;
  readonly #remove: Database.Statement<[string]>;
  readonly #touched = new Set<string>();

  /** Pass `file` to open (and later close) a database, or `db` to share an open one. */
  constructor(options: ({ file: string } | { db: Database.Database }) & { health?: CacheHealth }) {
    this.#ownsDb = 'file' in options;
    this.file = 'file' in options ? options.file : options.db.name;
    this.health = options.health ?? new CacheHealth();
    // A file of its own keeps SQLite's defaults (rollback journal, 5 s busy timeout); a shared
    // connection keeps whatever its owner set. Either way the table is brought up to date here.
    if ('file' in options) {
      this.#db = openSqliteDatabase({
        path: options.file,
        migrate: ensureRequestTable,
        wrapError: (error) => cacheOpenError({ path: this.file, error }),
      });
    } else {
      this.#db = options.db;
      try {
        ensureRequestTable(this.#db);
      } catch (error) {
        throw cacheOpenError({ path: this.file, error });
      }
    }
    this.#select = this.#db.prepare('SELECT value, checksum FROM llm_request_cache WHERE key = ?');
    this.#insert = this.#db.prepare(
      'INSERT OR REPLACE INTO llm_request_cache (key, value, checksum, created_at, used_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#remove = this.#db.prepare('DELETE FROM llm_request_cache WHERE key = ?');
  }

  get(key: string): CachedReply | undefined {
    let row: { value: string; checksum: string | null } | undefined;
    try {
      row = this.#select.get(key);
    } catch {
      return this.#corrupt(key);
    }
    if (!row) return undefined;
    if (row.checksum !== sha256Hex(row.value)) return this.#corrupt(key);
    try {
      const reply = JSON.parse(row.value) as CachedReply;
      this.#touched.add(key);
      return reply;
    } catch {
      return this.#corrupt(key);
    }
  }

  set(key: string, reply: CachedReply): void {
    const value = JSON.stringify(reply);
    try {
      this.#insert.run(key, value, sha256Hex(value), new Date().toISOString(), Date.now());
    } catch (error) {
      this.health.writeFailed({ path: this.file, bytes: Buffer.byteLength(value), error });
    }
  }

  /** Every reply's size and last use, least recently used first. */
  list(): RequestEntryInfo[] {
    return this.#db
      .prepare(
        'SELECT key, length(CAST(value AS BLOB)) AS bytes, used_at AS usedAt FROM llm_request_cache ORDER BY used_at, key',
      )
      .all() as RequestEntryInfo[];
  }

  /** True when the stored reply passes its checksum and parses (what `get` would accept). */
  verify(key: string): boolean {
    const row = this.#select.get(key);
    if (!row || row.checksum !== sha256Hex(row.value)) return false;
    try {
      JSON.parse(row.value);
      return true;
    } catch {
      return false;
    }
  }

  remove(key: string): void {
    this.#remove.run(key);
  }

  /** Gives the pages of deleted replies back to the file system (after a prune). */
  vacuum(): void {
    this.#db.exec('VACUUM');
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Records when this run's hits were used (one transaction), then closes the file if it owns it. */
  close(): void {
    try {
      const touch = this.#db.prepare('UPDATE llm_request_cache SET used_at = ? WHERE key = ?');
      const now = Date.now();
      this.#db.transaction(() => {
        for (const key of this.#touched) touch.run(now, key);
      })();
    } catch {
      // A full disk only costs the LRU order a refresh.
    }
    if (this.#ownsDb) this.#db.close();
  }

  #corrupt(key: string): undefined {
    this.health.corruptEntry('request');
    try {
      this.#remove.run(key);
    } catch {
      // Still a miss next time.
    }
    return undefined;
  }
}

/**
 * Creates the reply table, or adds the columns a v3 table lacks. Not a user_version migration:
 * the table may live in a file shared with another store, and a file has one user_version. The
 * rows of a v3 table keep v3 keys, so they are never read (prune drops them).
 */
function ensureRequestTable(db: Database.Database): void {
  db.exec(
    `CREATE TABLE IF NOT EXISTS llm_request_cache (
       key TEXT PRIMARY KEY,
       value TEXT NOT NULL,
       created_at TEXT NOT NULL
     )`,
  );
  const columns = (db.prepare('PRAGMA table_info(llm_request_cache)').all() as { name: string }[]).map((c) => c.name);
  if (!columns.includes('checksum')) db.exec('ALTER TABLE llm_request_cache ADD COLUMN checksum TEXT');
  if (!columns.includes('used_at'))
    db.exec('ALTER TABLE llm_request_cache ADD COLUMN used_at INTEGER NOT NULL DEFAULT 0');
}
