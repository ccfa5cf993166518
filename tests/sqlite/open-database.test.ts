import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase, type OpenStep } from '../../src/sqlite/open-database.js';
import { migrateUserVersion } from '../../src/sqlite/user-version-migrations.js';

const root = mkdtempSync(join(tmpdir(), 'tune-rag-sqlite-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const MIGRATIONS = ['CREATE TABLE a (x INTEGER)', 'CREATE TABLE b (y INTEGER)'];
const migrate = (version: number) => (db: Database.Database) =>
  migrateUserVersion(db, {
    version,
    migrations: MIGRATIONS,
    onNewer: (v) => new Error(`newer: ${v}`),
    onForeign: () => new Error('foreign'),
  });
/** Keeps the caller's own errors and labels SQLite's with the failed step. */
const wrapError = (error: unknown, step: OpenStep) => new Error(`${step}: ${(error as Error).message}`);

describe('openSqliteDatabase', () => {
  it('creates the folder, sets the asked pragmas and migrates to the version', () => {
    const path = join(root, 'new', 'deeper', 'x.db');
    const db = openSqliteDatabase({
      path,
      busyTimeoutMs: 1234,
      createFolder: true,
      journalMode: 'WAL',
      synchronous: 'FULL',
      foreignKeys: true,
      migrate: migrate(2),
      wrapError,
    });
    expect([
      db.pragma('journal_mode', { simple: true }),
      db.pragma('synchronous', { simple: true }),
      db.pragma('foreign_keys', { simple: true }),
      db.pragma('busy_timeout', { simple: true }),
      db.pragma('user_version', { simple: true }),
    ]).toEqual(['wal', 2, 1, 1234, 2]);
    expect(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
        (r) => r.name,
      ),
    ).toEqual(['a', 'b']);
    db.close();
  });

  it('leaves SQLite defaults alone when nothing is asked', () => {
    const db = openSqliteDatabase({ path: join(root, 'plain.db'), wrapError });
    expect([
      db.pragma('journal_mode', { simple: true }),
      db.pragma('busy_timeout', { simple: true }),
      db.pragma('user_version', { simple: true }),
    ]).toEqual(['delete', 5000, 0]);
    db.close();
  });

  it('upgrades an older file one migration at a time, and refuses newer and foreign files', () => {
    const path = join(root, 'versions.db');
    openSqliteDatabase({ path, migrate: migrate(1), wrapError }).close();
    const upgraded = openSqliteDatabase({ path, migrate: migrate(2), wrapError });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(2);
    upgraded.close();
    expect(() => openSqliteDatabase({ path, migrate: migrate(1), wrapError })).toThrow('open: newer: 2');

    const foreign = join(root, 'foreign.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE theirs (z TEXT)');
    other.close();
    expect(() => openSqliteDatabase({ path: foreign, migrate: migrate(2), wrapError })).toThrow('open: foreign');
  });

  it('reports quick_check problems through onCorrupt and SQLite failures through wrapError', () => {
    const path = join(root, 'garbage.db');
    writeFileSync(path, 'not a database at all, just some text that is long enough to have a header'.repeat(20));
    expect(() =>
      openSqliteDatabase({ path, onCorrupt: (problems) => new Error(`corrupt: ${problems.length}`), wrapError }),
    ).toThrow(/^open: file is not a database$/);
    const blocked = join(root, 'file-not-folder');
    writeFileSync(blocked, 'x');
    expect(() => openSqliteDatabase({ path: join(blocked, 'x.db'), createFolder: true, wrapError })).toThrow(
      /^folder: E(EXIST|NOTDIR)/,
    );
  });

  it('skips folder and check for an in-memory database', () => {
    const db = openSqliteDatabase({
      path: ':memory:',
      createFolder: true,
      onCorrupt: () => new Error('checked'),
      migrate: migrate(2),
      wrapError,
    });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
  });
});
