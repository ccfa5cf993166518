import { spawnSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStudyStore } from '../../src/store/sqlite-study-store.js';
import { StoreFailureError } from '../../src/store/store-failure.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { runCli, runCliAsync, STACK_LINE } from '../cli/run-cli.js';
import { cliText } from '../support/cli-text.js';
import { LLM_ONLY_SPACE } from '../support/llm-only-space.js';

const BIN = join(__dirname, '../../dist/src/cli/bin.js');
// Trial #0 is the local baseline; #1 and #2 call the loopback LLM, whose first reply is where the
// test injects the fault: deterministic, because the run is waiting on that reply at that moment.
const TUNE = [
  '--dataset',
  'demo',
  '--questions',
  '12',
  '--budget',
  '3',
  '--proposer',
  'random',
  '--seed',
  '2',
  '--no-fidelity',
  '--llm',
  'openai:gpt-4o-mini',
  '--space',
  'llm-generator.json',
  '--study',
  's',
];

interface JsonTrial {
  id: number;
  state: string;
  error?: string;
  config: Record<string, unknown>;
  rationale: string;
}

describe('the study database failing under a running tune', () => {
  let server: LoopbackServer;
  let cwd: string;
  let dbPath: string;
  let env: Record<string, string>;
  /** Runs once, inside the first LLM request of the run (trial #1 is then evaluating). */
  let onFirstCall: () => void;
  beforeEach(async () => {
    server = await startLoopbackServer();
    cwd = mkdtempSync(join(tmpdir(), 'tune-rag-store-fault-'));
    dbPath = join(cwd, '.tune-rag', 'tune-rag.db');
    writeFileSync(join(cwd, 'llm-generator.json'), JSON.stringify(LLM_ONLY_SPACE));
    env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-test-store' };
    let called = false;
    server.setFallback('chat', () => {
      if (!called) {
        called = true;
        onFirstCall();
      }
      return { kind: 'text', text: "I don't know" };
    });
  });
  afterEach(async () => {
    await server.stop();
  });

  it('a write lock held longer than the busy timeout stops the run (exit 2) without using budget; --resume re-runs the trial', async () => {
    let release = () => {};
    onFirstCall = () => {
      const lock = new Database(dbPath);
      lock.exec('BEGIN IMMEDIATE');
      release = () => {
        lock.exec('COMMIT');
        lock.close();
      };
    };
    const stopped = await runCliAsync(TUNE, { cwd, env: { ...env, TUNE_RAG_BUSY_TIMEOUT_MS: '400' } });
    release();
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toContain(
      `error: the study database ${dbPath} stayed locked by another process for 0.4 s (database is locked); the run stopped`,
    );
    expect(stopped.stderr).toContain(
      'hint: let the other process (another tune-rag, an sqlite3 shell, a backup) finish or stop it, then run the same command with --resume: ' +
        'finished trials are kept, and the trial that was running is re-run without using budget. To wait longer set TUNE_RAG_BUSY_TIMEOUT_MS (milliseconds)',
    );
    expect(stopped.stderr).not.toMatch(STACK_LINE);
    expect(stopped.stdout).toMatch(/^#0 +complete \(baseline\)/m);
    expect(stopped.stdout).not.toMatch(/^#1 /m);

    // Nothing was charged: trial #1 is still "running" in the store, not failed.
    const store = new SqliteStudyStore({ path: dbPath });
    const study = store.getStudy('s')!;
    expect(store.listTrials({ studyId: study.id }).map((t) => [t.number, t.state])).toEqual([
      [0, 'complete'],
      [1, 'running'],
    ]);
    store.close();

    const resumed = await runCliAsync([...TUNE, '--resume', '--json', 'out.json'], { cwd, env });
    expect(resumed.code).toBe(0);
    const trials = (JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8')) as { trials: JsonTrial[] }).trials;
    expect(trials.map((t) => [t.state, t.error ?? null])).toEqual([
      ['complete', null],
      ['failed', 'interrupted'],
      ['complete', null],
      ['complete', null],
    ]);
    // The cut trial ran again with the same configuration, and the budget of 3 was used exactly.
    expect(trials[2].config).toEqual(trials[1].config);
    expect(trials[2].rationale).toMatch(/\(re-run of interrupted #1\)$/);
  });

  it('a lock held briefly is waited out: the run succeeds with no failed trial', async () => {
    onFirstCall = () => {
      const lock = new Database(dbPath);
      lock.exec('BEGIN IMMEDIATE');
      setTimeout(() => {
        lock.exec('COMMIT');
        lock.close();
      }, 300);
    };
    const result = await runCliAsync([...TUNE, '--json', 'out.json'], {
      cwd,
      env: { ...env, TUNE_RAG_BUSY_TIMEOUT_MS: '20000' },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const trials = (JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8')) as { trials: JsonTrial[] }).trials;
    expect(trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete']);
  });

  it('a database deleted mid-run stops the run at once (exit 2) with the path and what to do', async () => {
    onFirstCall = () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
    };
    const result = await runCliAsync(TUNE, { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: the study database ${dbPath} was deleted while this run was using it; the run stopped\n` +
        'hint: nothing more was written. If you have a copy of the file, put it back and run the same command with --resume; ' +
        'otherwise run the command again to start a new study (stages computed before come from the cache)\n',
    );
    // Stopped at trial #1: no summary claiming results that are gone.
    expect(result.stdout).not.toMatch(/^#1 /m);
    expect(result.stdout).not.toContain('Leaderboard');
  });
});

describe('a damaged study database at open', () => {
  let cwd: string;
  let dbPath: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'tune-rag-damaged-'));
    dbPath = join(cwd, '.tune-rag', 'tune-rag.db');
    const store = new SqliteStudyStore({ path: dbPath });
    const study = store.createStudy({ name: 's', settings: {} });
    for (let i = 0; i < 300; i++)
      store.enqueueTrial({
        studyId: study.id,
        config: { top_k: i },
        configHash: `h${i}`,
        proposer: 'grid',
        rationale: `trial ${i}`,
      });
    store.close();
  });
  const hint = (path: string) =>
    `hint: move it aside (mv "${path}" "${path}.damaged") and run again to start a fresh store, or use another --storage; ` +
    `to export what is still readable as SQL: sqlite3 "${path}.damaged" .dump > "${path}.sql"\n`;

  it('a page overwritten with garbage: quick_check names the file, the problem and the way out (exit 2)', () => {
    const bytes = readFileSync(dbPath);
    const pageSize = bytes.readUInt16BE(16);
    expect(bytes.length / pageSize).toBeGreaterThan(4);
    // Page 3 is a b-tree page of the schema; 0xA5 is no valid page type.
    for (let i = 2 * pageSize; i < 3 * pageSize; i += 7) bytes[i] = 0xa5;
    writeFileSync(dbPath, bytes);
    const result = runCli(['runs'], { cwd });
    expect(result.code).toBe(2);
    // SQLite's own words (the version bundled with better-sqlite3), on one line.
    expect(result.stderr).toBe(
      `error: the study database ${dbPath} is damaged (quick_check: *** in database main *** ` +
        `Tree 3 page 3: btreeInitPage() returns error code 11; wrong # of entries in index sqlite_autoindex_studies_1)\n${hint(dbPath)}`,
    );
    expect(result.stderr).not.toContain('internal error');
    // The way out works: moved aside as the hint says, the next tune starts a fresh store.
    renameSync(dbPath, `${dbPath}.damaged`);
    const fresh = runCli(['--dataset', 'demo', '--questions', '12', '--budget', '1', '--study', 's'], { cwd });
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/^starting study s on demo/m);
  });

  it('a truncated file is reported the same way', () => {
    writeFileSync(dbPath, readFileSync(dbPath).subarray(0, 3000));
    const result = runCli(['show', 's'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: the study database ${dbPath} is damaged (database disk image is malformed)\n${hint(dbPath)}`,
    );
  });
});

describe('the disk under the study database filling up', () => {
  it('a write that no longer fits is a StoreFailureError naming the file, and later writes fail the same way at once', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tune-rag-full-')), 'tune-rag.db');
    const store = new SqliteStudyStore({ path });
    const study = store.createStudy({ name: 's', settings: {} });
    // An injected full disk: SQLite reports SQLITE_FULL once the file would outgrow max_page_count.
    const db = (store as unknown as { db: Database.Database }).db;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    let error: unknown;
    try {
      for (let i = 0; i < 1000; i++)
        store.enqueueTrial({
          studyId: study.id,
          config: { i },
          configHash: `h${i}`,
          proposer: 'grid',
          rationale: 'x'.repeat(200),
        });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreFailureError);
    expect((error as Error).message).toBe(
      `the disk holding the study database ${path} is full (database or disk is full); the run stopped`,
    );
    expect(cliText(error as StoreFailureError).hint).toBe(
      'free space on that disk (or move the database with --storage), then run the same command with --resume: ' +
        'finished trials are kept, and the trial that was running is re-run without using budget',
    );
    // Latched: another worker's write does not try again (and wait, or write half a trial).
    expect(() => store.addSpend({ studyId: study.id, costUsd: 1 })).toThrow(error as Error);
    store.close();
  });

  it('an output file on a full device (--json /dev/full) names the flag, the path and the fix (exit 2)', () => {
    if (!existsSync('/dev/full')) return; // Linux only; elsewhere there is no device that is always full
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-dev-full-'));
    const result = runCli(['--dataset', 'demo', '--questions', '12', '--budget', '1', '--json', '/dev/full'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: --json /dev/full: cannot write the file (no space left on the device, ENOSPC)\n' +
        'hint: free space on that disk or give --json a path on another disk; the trials are saved in the study database: ' +
        'run the same command again (add --resume with --study) to write the outputs without re-running anything\n',
    );
  });
});

describe('a read-only output folder', () => {
  // Permission bits do not bind root, so as root the CLI runs as "nobody" (uid 65534).
  const asRoot = process.getuid?.() === 0;
  const run = (args: string[], cwd: string) => {
    const result = spawnSync(process.execPath, [BIN, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, TUNE_RAG_DEBUG: '' },
      timeout: 120_000,
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'tune-rag-readonly-'));
    mkdirSync(join(cwd, 'ro'), { mode: 0o555 });
    if (asRoot) chownSync(cwd, 65534, 65534);
  });

  it('--out in it: exit 2 before the first trial, naming the flag and the path; no study is created', () => {
    const result = run(['--dataset', 'demo', '--budget', '2', '--out', 'ro/results'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: --out ${join(cwd, 'ro', 'results')}: cannot write the folder (permission denied, EACCES)\n` +
        `hint: give --out a writable path, or fix the permissions of ${join(cwd, 'ro', 'results')}\n`,
    );
    expect(result.stdout).toBe('');
    expect(existsSync(join(cwd, '.tune-rag', 'tune-rag.db'))).toBe(false);
  });

  it('--json in it: exit 2 before the first trial (tune and run)', () => {
    for (const args of [
      ['--dataset', 'demo', '--budget', '2'],
      ['run', '--dataset', 'demo'],
    ]) {
      const result = run([...args, '--json', 'ro/study.json'], cwd);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `error: --json ${join(cwd, 'ro', 'study.json')}: cannot write the file (permission denied, EACCES)\n` +
          `hint: give --json a writable path, or fix the permissions of ${join(cwd, 'ro', 'study.json')}\n`,
      );
      expect(result.stdout).toBe('');
    }
  });
});
