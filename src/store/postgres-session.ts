import { TuneRagError } from '../errors.js';
import { busyTimeoutMs } from './busy-timeout.js';
import { PostgresConnection } from './postgres-connection.js';
import { postgresOpenError, postgresUseFailure, PostgresQueryError } from './postgres-failure.js';
import { migratePostgresSchema, quoteIdentifier, rollbackQuietly } from './postgres-schema.js';
import { postgresPassword, redactPostgresUrl } from './postgres-url.js';
import type { StoreFailureError } from './store-failure.js';

/** Deadlocks and serialization failures: the transaction did nothing and is safe to run again. */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * The PostgreSQL study store's session: one connection, set up for the store (durable commits,
 * a lock timeout, the store's schema, migrated), with the store's error policy. Every statement
 * goes through {@link query}: a storage failure (connection lost, lock timeout, disk full) is
 * latched, so every later call throws the same `StoreFailureError` at once; rule violations and
 * bugs pass through unchanged. No message ever carries the URL's password.
 */
export class PostgresSession {
  /** The URL without its password, for messages. */
  readonly location: string;
  private readonly db: PostgresConnection;
  private readonly lockTimeoutMs: number;
  private readonly password: string;
  private failure: StoreFailureError | null = null;

  /** Connects and migrates; throws `TuneRagError('store')` naming the URL (without password) and the fix. */
  constructor(options: { url: string; schema?: string; busyTimeoutMs?: number }) {
    this.location = redactPostgresUrl(options.url);
    this.password = postgresPassword(options.url);
    this.lockTimeoutMs = options.busyTimeoutMs ?? busyTimeoutMs();
    try {
      this.db = new PostgresConnection({
        url: options.url,
        connectTimeoutMs: Math.max(this.lockTimeoutMs, 1000),
        callTimeoutMs: this.lockTimeoutMs + 60_000,
      });
    } catch (error) {
      throw postgresOpenError(this.scrub(error as PostgresQueryError), this.location);
    }
    try {
      // synchronous_commit on: a write is on the server's disk when the call returns, whatever the server's default.
      this.db.query(`SET synchronous_commit TO on; SET lock_timeout TO ${Math.trunc(this.lockTimeoutMs)}`);
      if (options.schema) this.db.query(`SET search_path TO ${quoteIdentifier(options.schema)}`);
      const schema = options.schema ?? this.currentSchema();
      migratePostgresSchema(this.db, { schema, location: this.location });
    } catch (error) {
      this.db.close();
      throw error instanceof PostgresQueryError ? postgresOpenError(this.scrub(error), this.location) : error;
    }
  }

  /**
   * Without a `schema` option the store lives in the session's current schema: `public`, or what
   * the URL's `options=-c search_path=...` or the role's settings say.
   */
  private currentSchema(): string {
    const schema = this.db.query<{ schema: string | null }>('SELECT current_schema() AS schema').rows[0]?.schema;
    if (!schema)
      throw new TuneRagError(
        'store',
        `the PostgreSQL study database ${this.location} has no schema to keep the study tables in: its search_path names none that exists`,
        {
          hint: 'create the schema (CREATE SCHEMA name) or fix search_path in the URL (options=-c search_path=name)',
        },
      );
    return schema;
  }

  /** Runs `fn` in one transaction; a deadlock or serialization failure reruns it (it changed nothing). */
  transaction<T>(fn: () => T, begin = 'BEGIN'): T {
    for (let attempt = 1; ; attempt++) {
      this.query(begin, []);
      try {
        const result = fn();
        this.query('COMMIT', []);
        return result;
      } catch (error) {
        rollbackQuietly(this.db);
        if (!(error instanceof PostgresQueryError && RETRYABLE.has(error.code ?? '') && attempt < 5)) throw error;
      }
    }
  }

  rows<Row>(text: string, params: unknown[]): Row[] {
    return this.query<Row>(text, params).rows;
  }

  one<Row = Record<string, unknown>>(text: string, params: unknown[]): Row | undefined {
    return this.query<Row>(text, params).rows[0];
  }

  /** Runs a statement and returns how many rows it changed. */
  run(text: string, params: unknown[]): number {
    return this.query(text, params).rowCount;
  }

  close(): void {
    this.db.close();
  }

  private query<Row>(text: string, params: unknown[]): { rows: Row[]; rowCount: number } {
    if (this.failure) throw this.failure;
    try {
      return this.db.query<Row>(text, params.length ? params : undefined);
    } catch (error) {
      const failure = postgresUseFailure(this.scrub(error), this.location, this.lockTimeoutMs);
      if (!failure) throw error;
      this.failure = failure;
      throw failure;
    }
  }

  /** The error with the password cut out of its text, in case the server or driver echoed it. */
  private scrub<E>(error: E): E {
    if (this.password && error instanceof PostgresQueryError && error.message.includes(this.password))
      return new PostgresQueryError({ code: error.code, message: error.message.split(this.password).join('***') }) as E;
    return error;
  }
}
