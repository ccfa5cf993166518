import Database from 'better-sqlite3';
import { stableHash } from '../space/canonical-json.js';
import type { Usage } from '../providers/usage.js';

/**
 * Bump when the cached reply format or the meaning of a request changes: old rows then stop
 * matching instead of being misread.
 */
export const REQUEST_CACHE_VERSION = 'llm-cache-v3';

/**
 * What is cached: only successful replies, with the usage and timing recorded when first
 * computed, so a reply served from the cache costs (in objectives) what it cost the first time.
 * v2 added the timing: v1 rows had none, and replaying them as 0 ms would make any configuration
 * that reuses a prompt look instant. v3 added the base URL's origin to the key.
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
export function requestCacheKey(options: { provider: string; origin: string; model: string; operation: 'chat' | 'embed'; params: unknown }): string {
  return `${REQUEST_CACHE_VERSION}:${stableHash(
    { v: REQUEST_CACHE_VERSION, provider: options.provider, origin: options.origin, model: options.model, operation: options.operation, params: options.params },
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

/**
 * Cache in a table `llm_request_cache` of a SQLite file (e.g. the study database), so replies
 * survive restarts and a resumed run pays nothing twice.
 */
export class SqliteRequestCache implements RequestCache {
  readonly #db: Database.Database;
  readonly #ownsDb: boolean;
  readonly #select: Database.Statement<[string], { value: string }>;
  readonly #insert: Database.Statement<[string, string, string]>;

  /** Pass `file` to open (and later close) a database, or `db` to share an open one. */
  constructor(options: { file: string } | { db: Database.Database }) {
    this.#ownsDb = 'file' in options;
    this.#db = 'file' in options ? new Database(options.file) : options.db;
    this.#db.exec(
      `CREATE TABLE IF NOT EXISTS llm_request_cache (
         key TEXT PRIMARY KEY,
         value TEXT NOT NULL,
         created_at TEXT NOT NULL
       )`,
    );
    this.#select = this.#db.prepare('SELECT value FROM llm_request_cache WHERE key = ?');
    this.#insert = this.#db.prepare('INSERT OR REPLACE INTO llm_request_cache (key, value, created_at) VALUES (?, ?, ?)');
  }

  get(key: string): CachedReply | undefined {
    const row = this.#select.get(key);
    return row ? (JSON.parse(row.value) as CachedReply) : undefined;
  }

  set(key: string, reply: CachedReply): void {
    this.#insert.run(key, JSON.stringify(reply), new Date().toISOString());
  }

  close(): void {
    if (this.#ownsDb) this.#db.close();
  }
}
