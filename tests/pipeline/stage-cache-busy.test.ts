import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ZERO_USAGE } from '../../src/accounting/usage.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { useTempDirs } from '../support/temp-dirs.js';

const tempDir = useTempDirs('stage-cache-busy-');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Another process that holds stages.db's write lock for `ms`, as a concurrent writer (or a VACUUM) does. */
async function holdWriteLock(dbPath: string, ms: number): Promise<ChildProcess> {
  const script = `const db = new (require('better-sqlite3'))(process.argv[1]); db.exec('BEGIN IMMEDIATE');
    process.send('locked'); setTimeout(() => { db.exec('COMMIT'); db.close(); process.exit(0); }, Number(process.argv[2]));`;
  const child = spawn(process.execPath, ['-e', script, dbPath, String(ms)], {
    cwd: join(__dirname, '../..'),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  await new Promise((locked) => child.once('message', locked));
  return child;
}

const entry = { value: Buffer.from('answer'), latencyMs: 3, usage: ZERO_USAGE };

describe('stage cache under another process write lock', () => {
  it('a write waits for the lock (busy timeout) instead of failing; reads go on meanwhile', async () => {
    const dir = tempDir();
    const cache = new StageCache({ dir });
    cache.put('generate', 'old', entry);
    const holder = await holdWriteLock(cache.dbPath, 400);
    // WAL: readers are never blocked by a writer.
    expect(cache.get('generate', 'old')?.value.toString()).toBe('answer');
    const started = Date.now();
    cache.put('generate', 'new', entry);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(cache.get('generate', 'new')?.value.toString()).toBe('answer');
    expect(cache.health.report()).toMatchObject({ corrupt: 0, write_failures: 0, warning: null });
    await new Promise((done) => holder.once('exit', done));
    cache.close();
  });

  it('a lock held past the busy timeout is a counted write failure that says so, never a crash or a corrupt entry', async () => {
    const dir = tempDir();
    const cache = new StageCache({ dir, busyTimeoutMs: 50 });
    cache.put('generate', 'old', entry);
    await holdWriteLock(cache.dbPath, 1500);
    cache.put('generate', 'new', entry);
    expect(cache.get('generate', 'old')?.value.toString()).toBe('answer');
    const report = cache.health.report();
    expect(report).toMatchObject({ corrupt: 0, write_failures: 1 });
    expect(report.warning).toContain('stayed locked by another process past the busy timeout');
    expect(report.warning).toContain('set TUNE_RAG_BUSY_TIMEOUT_MS (milliseconds) to wait longer');
    cache.close();
  });
});
