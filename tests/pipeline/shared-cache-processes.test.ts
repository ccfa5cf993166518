import Database from 'better-sqlite3';
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ZERO_USAGE } from '../../src/accounting/usage.js';
import { pruneCache } from '../../src/maintenance/prune-cache.js';
import { computeOnce } from '../../src/pipeline/compute-once.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { LEASE_TABLE } from '../../src/pipeline/stage-leases.js';
import type { ChildReport, ChildTask } from '../support/shared-cache-child.js';
import { checkValue, makeValue } from '../support/shared-cache-values.js';
import { useTempDirs } from '../support/temp-dirs.js';

const LAUNCHER = join(__dirname, '../support/run-ts-child.mjs');
const CHILD = join(__dirname, '../support/shared-cache-child.ts');
const tempDir = useTempDirs('shared-cache-');
const children: ChildProcess[] = [];

afterEach(() => {
  // SIGKILL: a child left behind by a failed assertion must not outlive the test.
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** A started child that has opened its cache and waits for `go()`. */
interface Started {
  child: ChildProcess;
  go(): void;
  /** The next message with `field` from the child. */
  next<T>(field: string): Promise<T>;
}

async function start(task: ChildTask): Promise<Started> {
  const child = fork(LAUNCHER, [CHILD], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  const messages: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  child.on('message', (message) => {
    messages.push(message as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  const next = async <T>(field: string): Promise<T> => {
    for (;;) {
      const index = messages.findIndex((m) => field in m);
      if (index >= 0) return messages.splice(index, 1)[0][field] as T;
      if (child.exitCode !== null) throw new Error(`child exited with ${child.exitCode} before sending ${field}`);
      await new Promise<void>((wake) => {
        waiters.push(wake);
        child.once('exit', () => wake());
      });
    }
  };
  child.send(task);
  await next('ready');
  return { child, go: () => child.send({ go: true }), next };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((done) =>
    child.exitCode !== null ? done(child.exitCode) : child.once('exit', (code) => done(code)),
  );

describe('one stage cache folder shared by several processes', () => {
  it('two processes on the same keys: each corpus artifact computed once, every read whole, nothing corrupt or failed', async () => {
    const dir = tempDir();
    const runsLog = join(dir, 'runs.log');
    writeFileSync(runsLog, '');
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4'];
    const task = (writer: string): ChildTask => ({
      scenario: 'hammer',
      dir,
      writer,
      keys,
      runsLog,
      computeMs: 120,
      rounds: 15,
    });
    const a = await start(task('a'));
    const b = await start(task('b'));
    a.go();
    b.go();
    const [ra, rb] = await Promise.all([a.next<ChildReport>('report'), b.next<ChildReport>('report')]);
    expect(await exited(a.child)).toBe(0);
    expect(await exited(b.child)).toBe(0);
    // Exactly one computation per key across both processes.
    expect(readFileSync(runsLog, 'utf8').split('\n').filter(Boolean).sort()).toEqual(keys);
    expect(ra.computed + rb.computed).toBe(keys.length);
    for (const r of [ra, rb]) {
      expect(r.mismatches).toBe(0);
      expect(r.health).toMatchObject({ corrupt: 0, write_failures: 0, warning: null, lease_wait_timeouts: 0 });
      // 15 rounds x 20 questions, each read right after this process wrote it: always a hit.
      expect(r.hits).toBe(300);
      expect(r.misses).toBe(0);
    }
    // Started together on the same keys, one waited for the other at least once.
    expect(ra.health.lease_waits + rb.health.lease_waits).toBeGreaterThanOrEqual(1);
    const after = new StageCache({ dir });
    for (const key of keys) expect(checkValue(after.get('embed', key)!.value, key)).toBe(true);
    after.close();
  });

  it("a live holder's lease makes others wait up to the bound; a SIGKILLed holder's lease is taken over at once", async () => {
    const dir = tempDir();
    const holder = await start({ scenario: 'hold', dir, writer: 'h', keys: ['slow', 'orphan'] });
    holder.go();
    await holder.next('holding');
    const cache = new StageCache({ dir, lease: { pollMs: 5, maxPollMs: 20, maxWaitMs: 300 } });
    expect(cache.leases.holder('embed', 'slow')?.pid).toBe(holder.child.pid);
    let runs = 0;
    const compute = (key: string) => async () => {
      runs += 1;
      const value = makeValue({ key, writer: 'parent', seq: 0, bytes: 100 });
      cache.put('embed', key, { value, latencyMs: 1, usage: ZERO_USAGE });
      return value;
    };
    const read = (key: string) => () => cache.get('embed', key)?.value;
    const started = Date.now();
    await computeOnce({ cache, stage: 'embed', key: 'slow', read: read('slow'), compute: compute('slow') });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(cache.health.report()).toMatchObject({ lease_waits: 1, lease_takeovers: 0, lease_wait_timeouts: 1 });
    holder.child.kill('SIGKILL');
    await exited(holder.child);
    const value = await computeOnce({
      cache,
      stage: 'embed',
      key: 'orphan',
      read: read('orphan'),
      compute: compute('orphan'),
    });
    expect(checkValue(value, 'orphan')).toBe(true);
    expect(runs).toBe(2);
    expect(cache.health.report()).toMatchObject({ lease_waits: 1, lease_takeovers: 1, lease_wait_timeouts: 1 });
    expect(cache.health.summaryLine()).toBe(
      'cache: 1 wait for a corpus artifact another process was computing; 1 lease taken over from a dead or expired owner; 1 wait reached the bound (computed here too)',
    );
    // Released after computing: nobody holds it now.
    expect(cache.leases.holder('embed', 'orphan')).toBeUndefined();
    cache.close();
  });

  it('a lease of another machine is only taken over once it expires', async () => {
    const dir = tempDir();
    const cache = new StageCache({ dir, lease: { pollMs: 5, maxPollMs: 20 } });
    const db = new Database(join(dir, 'stages.db'));
    // Another host's pid says nothing here: only the expiry can free its lease.
    db.prepare(`INSERT INTO ${LEASE_TABLE} VALUES ('chunk', 'k', 'elsewhere:1:x', 1, ?, ?)`).run(
      `not-${hostname()}`,
      Date.now() + 250,
    );
    db.close();
    const started = Date.now();
    let runs = 0;
    await computeOnce({
      cache,
      stage: 'chunk',
      key: 'k',
      read: () => cache.get('chunk', 'k')?.value,
      compute: async () => {
        runs += 1;
        return Buffer.from('v');
      },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(runs).toBe(1);
    expect(cache.health.report()).toMatchObject({ lease_waits: 1, lease_takeovers: 1, lease_wait_timeouts: 0 });
    cache.close();
  });

  it('cache prune and LRU eviction racing a reader: the reader never crashes, never sees a torn value or a corrupt entry', async () => {
    const dir = tempDir();
    const keys = Array.from({ length: 30 }, (_, i) => `q${i}`);
    const fill = (seq: number) => {
      // Values over the file threshold of the reader's cache (512 B) are files here too.
      const cache = new StageCache({ dir, largeValueBytes: 512 });
      cache.putMany(
        'generate',
        keys.map((key, i) => ({
          key,
          entry: {
            value: makeValue({ key, writer: 'p', seq, bytes: i % 2 ? 200 : 1200 }),
            latencyMs: 1,
            usage: ZERO_USAGE,
          },
        })),
      );
      cache.close();
    };
    fill(0);
    const reader = await start({ scenario: 'read', dir, writer: 'r', keys, readMs: 1500 });
    reader.go();
    const location = { cacheDir: dir, requestFile: join(dir, 'no-llm-cache.db') };
    let pruned = 0;
    const until = Date.now() + 1200;
    for (let seq = 1; Date.now() < until; seq += 1) {
      const result = pruneCache({ location, maxBytes: seq % 2 ? 0 : 5000 });
      pruned += result.removed.least_recently_used;
      fill(seq);
    }
    const report = await reader.next<ChildReport>('report');
    expect(await exited(reader.child)).toBe(0);
    expect(pruned).toBeGreaterThan(0);
    expect(report.mismatches).toBe(0);
    expect(report.health).toMatchObject({ corrupt: 0, write_failures: 0 });
    expect(report.hits).toBeGreaterThan(0);
  });
});
