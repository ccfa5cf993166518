import type Database from 'better-sqlite3';
import { busyTimeoutMs } from './busy-timeout.js';
import { DatabaseFileIdentity } from './database-file-identity.js';
import { openStudyDatabase } from './open-study-database.js';
import { isLockContention, isStoreFailure, storeFailure, type StoreFailureError } from './store-failure.js';

/** A synchronous pause between lock retries (the store's API is synchronous, like better-sqlite3's). */
const RETRY_PAUSE = new Int32Array(new SharedArrayBuffer(4));
const RETRY_PAUSE_MS = 50;

/**
 * One connection to a study database and the transaction discipline every store method uses:
 * writes are BEGIN IMMEDIATE transactions retried on lock contention up to the busy timeout,
 * reads run on one snapshot, prepared statements are cached. Kept apart from the store's
 * methods (sqlite-study-store.ts) so each file holds one concern.
 */
export class SqliteStoreConnection {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly busyTimeoutMs: number;
  private readonly identity: DatabaseFileIdentity | null;
  /** The first write failure; every later write throws it at once (see `write`). */
  private failure: StoreFailureError | null = null;

  constructor(options: { path: string; busyTimeoutMs?: number }) {
    this.path = options.path;
    this.busyTimeoutMs = options.busyTimeoutMs ?? busyTimeoutMs();
    this.db = openStudyDatabase({ path: options.path, busyTimeoutMs: this.busyTimeoutMs });
    this.identity = DatabaseFileIdentity.of(options.path);
  }

  /** Closes the connection; the WAL is checkpointed into the main file when the last one closes. */
  close(): void {
    this.statements.clear();
    this.db.close();
  }

  /** Prepared statements are cached by their SQL text; preparing is the costly part of a query. */
  protected sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /**
   * Runs `fn` in a BEGIN IMMEDIATE transaction: the write lock is taken before anything is read.
   * SQLite's busy handler already waits for a lock up to the busy timeout; a BUSY it returns
   * early (a snapshot conflict, recovery) is retried here until the same deadline. The file's
   * identity is checked before (nothing is written to a deleted file) and after (a deletion during
   * the write is caught at once).
   */
  protected write<T>(fn: () => T): T {
    if (this.failure) throw this.failure;
    const deadline = Date.now() + this.busyTimeoutMs;
    try {
      this.identity?.check();
      for (;;) {
        try {
          const result = this.db.transaction(fn).immediate();
          this.identity?.check();
          return result;
        } catch (error) {
          if (!isLockContention(error) || Date.now() >= deadline) throw error;
          Atomics.wait(RETRY_PAUSE, 0, 0, RETRY_PAUSE_MS);
        }
      }
    } catch (error) {
      const failure = isStoreFailure(error)
        ? error
        : storeFailure({ error, path: this.path, busyTimeoutMs: this.busyTimeoutMs });
      if (!failure) throw error;
      // Latched: the other workers of this run stop at their next write instead of each waiting
      // out the busy timeout again or writing more into a file that is gone.
      this.failure = failure;
      throw failure;
    }
  }

  /** Runs `fn` in a deferred (read) transaction, i.e. on one snapshot of the file. */
  protected read<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).deferred();
    } catch (error) {
      throw storeFailure({ error, path: this.path, busyTimeoutMs: this.busyTimeoutMs }) ?? error;
    }
  }
}
