import { optionRef, TuneRagError } from '../errors.js';
import { RESUME, StoreFailureError } from './store-failure.js';

/** An error as the connection's worker thread reports it: the driver's message and code (SQLSTATE or errno). */
export interface PostgresErrorInfo {
  message: string;
  code: string | null;
}

/** A PostgreSQL error that reached the store: carries the server's SQLSTATE (or errno) code. */
export class PostgresQueryError extends Error {
  readonly code: string | null;
  constructor(info: PostgresErrorInfo) {
    super(info.message);
    this.name = 'PostgresQueryError';
    this.code = info.code;
  }
}

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE']);

/** The connection is gone or cannot be made (network, server shut down, too many clients). */
function isConnectionProblem(error: PostgresQueryError): boolean {
  const code = error.code ?? '';
  return (
    NETWORK.has(code) ||
    code.startsWith('08') || // connection exception
    code.startsWith('57P') || // admin / crash shutdown, cannot connect now
    code === '53300' || // too many connections
    /Connection terminated|timeout expired|Client has encountered a connection error/i.test(error.message)
  );
}

/**
 * Why opening the PostgreSQL store at `location` (the URL without its password) failed, as a
 * TuneRagError naming the URL and the fix. Connection and authentication problems get specific
 * hints; anything else (e.g. missing privileges) keeps the server's message.
 */
export function postgresOpenError(error: PostgresQueryError, location: string): TuneRagError {
  const code = error.code ?? '';
  const fail = (why: string, hint: string) =>
    new TuneRagError('store', `cannot open the PostgreSQL study database ${location}: ${why}`, { hint });
  if (code === '28P01' || code === '28000')
    return fail(
      error.message,
      `check the user name and password in ${optionRef('storage')} (or set them in PGPASSWORD / ~/.pgpass and leave them out of the URL), and that pg_hba.conf lets this host in`,
    );
  if (code === '3D000')
    return fail(
      error.message,
      `create the database first (createdb, or CREATE DATABASE in psql), or name an existing one in ${optionRef('storage')}`,
    );
  if (isConnectionProblem(error))
    return fail(
      error.message || code,
      `start the PostgreSQL server (or check the host and port in ${optionRef('storage')}, and that it listens on that address: listen_addresses in postgresql.conf)`,
    );
  return fail(
    error.message,
    `check that the user may create tables in that database (GRANT CREATE ON SCHEMA ... TO ...)`,
  );
}

/**
 * Maps an error met while using an open store to a {@link StoreFailureError} (the run stops and
 * `--resume` continues), or null when it is not a storage failure (a bug or a rule violation,
 * which the caller rethrows).
 */
export function postgresUseFailure(error: unknown, location: string, lockTimeoutMs: number): StoreFailureError | null {
  if (!(error instanceof PostgresQueryError)) return null;
  const make = (message: string, hint: string) =>
    new StoreFailureError({ path: location, message: `${message}; the run stopped`, hint, cause: error });
  const code = error.code ?? '';
  if (isConnectionProblem(error))
    return make(
      `lost the connection to the PostgreSQL study database ${location} (${error.message})`,
      `check that the server runs and is reachable, ${RESUME}`,
    );
  if (code === '55P03' || code === '57014')
    return make(
      `a row of the PostgreSQL study database ${location} stayed locked for ${lockTimeoutMs / 1000} s (${error.message})`,
      `look for a session holding locks (SELECT * FROM pg_stat_activity), ${RESUME}. To wait longer set TUNE_RAG_BUSY_TIMEOUT_MS (milliseconds)`,
    );
  if (code === '53100' || code === '25006')
    return make(
      `the PostgreSQL study database ${location} cannot be written (${error.message})`,
      `free disk space on the server or make the database writable, ${RESUME}`,
    );
  return null;
}
