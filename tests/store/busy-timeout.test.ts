import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { busyTimeoutMs, DEFAULT_BUSY_TIMEOUT_MS } from '../../src/store/busy-timeout.js';
import { StoreFailureError, storeFailure } from '../../src/store/store-failure.js';
import { TuneRagError } from '../../src/errors.js';

describe('busyTimeoutMs', () => {
  it('is 30 s unless TUNE_RAG_BUSY_TIMEOUT_MS sets it', () => {
    expect(DEFAULT_BUSY_TIMEOUT_MS).toBe(30_000);
    expect(busyTimeoutMs({})).toBe(30_000);
    expect(busyTimeoutMs({ TUNE_RAG_BUSY_TIMEOUT_MS: '' })).toBe(30_000);
    expect(busyTimeoutMs({ TUNE_RAG_BUSY_TIMEOUT_MS: '400' })).toBe(400);
  });

  it('refuses a value that is not a whole number of milliseconds, naming the variable', () => {
    for (const raw of ['abc', '1.5', '-1', '99999999']) {
      const call = () => busyTimeoutMs({ TUNE_RAG_BUSY_TIMEOUT_MS: raw });
      expect(call).toThrow(TuneRagError);
      expect(call).toThrow(
        `TUNE_RAG_BUSY_TIMEOUT_MS=${raw}: expected a whole number of milliseconds between 0 and 3600000`,
      );
    }
  });
});

describe('storeFailure', () => {
  const map = (code: string, message: string) =>
    storeFailure({ error: new Database.SqliteError(message, code), path: '/d/tune-rag.db', busyTimeoutMs: 30_000 });

  it('maps extended codes like their primary code, naming the file', () => {
    const readonly = map('SQLITE_READONLY_DBMOVED', 'attempt to write a readonly database');
    expect(readonly).toBeInstanceOf(StoreFailureError);
    expect(readonly!.message).toBe(
      'the study database /d/tune-rag.db cannot be written (attempt to write a readonly database); the run stopped',
    );
    expect(map('SQLITE_BUSY_SNAPSHOT', 'database is locked')!.message).toBe(
      'the study database /d/tune-rag.db stayed locked by another process for 30 s (database is locked); the run stopped',
    );
    expect(map('SQLITE_IOERR_WRITE', 'disk I/O error')!.message).toBe(
      'the study database /d/tune-rag.db could not be read or written (disk I/O error); the run stopped',
    );
    expect(map('SQLITE_CORRUPT', 'database disk image is malformed')!.message).toBe(
      'the study database /d/tune-rag.db is damaged (database disk image is malformed)',
    );
  });

  it('leaves rule violations and bugs alone (they are not storage faults)', () => {
    expect(map('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed: studies.name')).toBeNull();
    expect(
      storeFailure({ error: new TypeError('x is undefined'), path: '/d/tune-rag.db', busyTimeoutMs: 30_000 }),
    ).toBeNull();
    expect(
      storeFailure({
        error: new TuneRagError('store', 'a study named "s" already exists'),
        path: '/d/tune-rag.db',
        busyTimeoutMs: 30_000,
      }),
    ).toBeNull();
  });
});
