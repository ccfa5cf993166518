import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { TuneRagError } from '../../src/errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/sqlite-schema.js';
import { SqliteStudyStore } from '../../src/store/sqlite-study-store.js';
import { makeQuestion, makeRung, runStoreContract } from './store-contract.js';

const root = mkdtempSync(join(tmpdir(), 'tune-rag-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** A fresh database path in a folder that does not exist yet (the store creates it). */
function freshPath(): string {
  counter += 1;
  return join(root, `case-${counter}`, 'tune-rag.db');
}

runStoreContract('SqliteStudyStore', () => new SqliteStudyStore({ path: freshPath() }));

function openError(path: string): TuneRagError {
  try {
    new SqliteStudyStore({ path }).close();
  } catch (error) {
    expect(error).toBeInstanceOf(TuneRagError);
    expect((error as TuneRagError).code).toBe('store');
    expect((error as TuneRagError).message).toContain(path);
    return error as TuneRagError;
  }
  throw new Error(`opening ${path} unexpectedly succeeded`);
}

describe('SqliteStudyStore on disk', () => {
  it('creates a WAL-mode file at the current schema version', () => {
    const path = freshPath();
    new SqliteStudyStore({ path }).close();
    const db = new Database(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('keeps everything across close and reopen', () => {
    const path = freshPath();
    const first = new SqliteStudyStore({ path });
    const study = first.createStudy({ name: 's', settings: { seed: 3 } });
    const [a, b] = [0, 1].map((i) =>
      first.enqueueTrial({
        studyId: study.id,
        config: { k: i },
        configHash: `h${i}`,
        proposer: 'grid',
        rationale: 'r',
      }),
    );
    first.claimWaiting({ studyId: study.id, workerId: 'w' });
    first.recordRung({
      trialId: a.id,
      rung: makeRung(0, 0.4),
      questions: [makeQuestion('q1', 0.4), makeQuestion('q2', 0, 'boom')],
    });
    const done = first.finishTrial({
      trialId: a.id,
      state: 'complete',
      objectives: { quality: 0.4 },
      metrics: { f1: 0.4 },
    });
    const steering = first.addSteering({ studyId: study.id, atTrial: 1, action: { type: 'stop' }, message: 'enough' });
    first.close();

    const second = new SqliteStudyStore({ path });
    expect(second.listStudies()).toEqual([study]);
    expect(second.getTrial(a.id)).toEqual(done);
    expect(second.getTrial(b.id)).toEqual(b);
    expect(second.questionResults({ trialId: a.id, rung: 0 })).toStrictEqual([
      makeQuestion('q1', 0.4),
      makeQuestion('q2', 0, 'boom'),
    ]);
    expect(second.listSteering(study.id)).toEqual([steering]);
    expect(
      second.enqueueTrial({ studyId: study.id, config: {}, configHash: 'h', proposer: 'p', rationale: '' }).number,
    ).toBe(2);
    second.close();
  });

  it('never hands one trial to two stores sharing a file', () => {
    const path = freshPath();
    const workers = [new SqliteStudyStore({ path }), new SqliteStudyStore({ path })];
    const studyId = workers[0].createStudy({ name: 'shared', settings: {} }).id;
    const total = 60;
    // Enqueue from both, interleaved, and claim while enqueueing continues.
    const claimed: { id: number; number: number; by: number }[] = [];
    for (let i = 0; i < total; i++) {
      workers[i % 2].enqueueTrial({ studyId, config: { i }, configHash: `h${i}`, proposer: 'random', rationale: '' });
      if (i % 3 === 2) {
        const trial = workers[(i + 1) % 2].claimWaiting({ studyId, workerId: `w${(i + 1) % 2}` });
        if (trial) claimed.push({ id: trial.id, number: trial.number, by: (i + 1) % 2 });
      }
    }
    for (let turn = 0; ; turn++) {
      const trial = workers[turn % 2].claimWaiting({ studyId, workerId: `w${turn % 2}` });
      if (!trial) break;
      claimed.push({ id: trial.id, number: trial.number, by: turn % 2 });
    }
    expect(workers[1].claimWaiting({ studyId, workerId: 'w1' })).toBeUndefined();
    expect(claimed.map((c) => c.number)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(new Set(claimed.map((c) => c.id)).size).toBe(total);
    // Each trial records the worker that claimed it, seen identically from either connection.
    for (const { id, by } of claimed) expect(workers[by === 0 ? 1 : 0].getTrial(id)?.workerId).toBe(`w${by}`);

    // A finish by one worker is visible to the other at once, and cannot be repeated there.
    const { id } = claimed[0];
    workers[claimed[0].by].finishTrial({ trialId: id, state: 'complete', objectives: { quality: 1 }, metrics: {} });
    const otherWorker = workers[claimed[0].by === 0 ? 1 : 0];
    expect(otherWorker.getTrial(id)?.state).toBe('complete');
    expect(() => otherWorker.finishTrial({ trialId: id, state: 'failed', objectives: null, metrics: null })).toThrow(
      /immutable/,
    );
    for (const worker of workers) worker.close();
  });

  it('keeps committed rows intact when a writer is killed with SIGKILL', async () => {
    const path = freshPath();
    const setup = new SqliteStudyStore({ path });
    const studyId = setup.createStudy({ name: 'killed', settings: {} }).id;
    setup.close();

    const fixture = fileURLToPath(new URL('./fixtures/wal-writer.mjs', import.meta.url));
    const child = spawn(process.execPath, [fixture, path, String(studyId)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const lastCommitted = await new Promise<number>((resolve, reject) => {
      let buffered = '';
      let last = -1;
      child.stdout.on('data', (chunk) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) last = Number(line);
        if (last >= 40) {
          child.kill('SIGKILL');
          resolve(last);
        }
      });
      child.on('exit', () => (last >= 40 ? undefined : reject(new Error(`writer exited early: ${stderr}`))));
    });
    await new Promise((resolve) =>
      child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve),
    );
    expect(child.signalCode).toBe('SIGKILL');

    const raw = new Database(path);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    const store = new SqliteStudyStore({ path });
    const numbers = store.listTrials({ studyId }).map((t) => t.number);
    // Every reported commit is there, and nothing half-written: the counter and the rows agree
    // and each trial has all 20 steering rows written in its transaction.
    expect(numbers.length).toBeGreaterThan(lastCommitted);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i));
    const steering = store.listSteering(studyId);
    expect(steering).toHaveLength(20 * numbers.length);
    expect(store.enqueueTrial({ studyId, config: {}, configHash: 'after', proposer: 'p', rationale: '' }).number).toBe(
      numbers.length,
    );
    expect(store.claimWaiting({ studyId, workerId: 'after-crash' })?.number).toBe(0);
    store.close();
  });
});

describe('SqliteStudyStore open errors', () => {
  it('reports a path whose folder cannot be created', () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'not a folder');
    expect(openError(join(blocker, 'tune-rag.db')).message).toMatch(/cannot create the folder/);
  });

  it('reports a file that is not a database', () => {
    const path = join(root, 'garbage.db');
    writeFileSync(path, 'this is plain text, long enough to not look like an empty database file at all '.repeat(20));
    const error = openError(path);
    expect(error.message).toMatch(/not an SQLite database/);
    // The library names its option (`storage`); the CLI prints it as --storage.
    expect(error.hint).toMatch(/or point storage at another file; tune-rag will create a fresh store/);
  });

  it('reports a database written by a newer schema', () => {
    const path = freshPath();
    new SqliteStudyStore({ path }).close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(openError(path).message).toContain(
      `newer tune-rag (schema version ${SCHEMA_VERSION + 1}; this version reads up to ${SCHEMA_VERSION})`,
    );
  });

  it('upgrades a schema-1 file written before standard errors, keeping its rungs readable', () => {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    const old = new Database(path);
    old.exec(MIGRATIONS[0]);
    old.pragma('user_version = 1');
    old.prepare("INSERT INTO studies (id, name, created_at, settings) VALUES (1, 'old', 1, '{}')").run();
    old
      .prepare(
        "INSERT INTO trials (id, study_id, number, state, config, config_hash, proposer, rationale, created_at) VALUES (1, 1, 0, 'running', '{}', 'h', 'grid', 'r', 1)",
      )
      .run();
    old
      .prepare(
        `INSERT INTO rungs (trial_id, rung, questions, metrics, objectives, created_at) VALUES (1, 0, 2, '{"f1":0.5}', '{"quality":0.5}', 1)`,
      )
      .run();
    old.close();
    const store = new SqliteStudyStore({ path });
    expect(store.getTrial(1)!.rungs).toStrictEqual([
      { rung: 0, questions: 2, metrics: { f1: 0.5 }, objectives: { quality: 0.5 } },
    ]);
    store.recordRung({ trialId: 1, rung: { ...makeRung(1, 0.7), objectiveSe: { quality: 0.05 } }, questions: [] });
    expect(store.getTrial(1)!.rungs[1].objectiveSe).toEqual({ quality: 0.05 });
    store.close();
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('upgrades a schema-3 file with a running trial: no heartbeat yet, its start time stands in for it', () => {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    const old = new Database(path);
    for (const migration of MIGRATIONS.slice(0, 3)) old.exec(migration);
    old.pragma('user_version = 3');
    old.prepare("INSERT INTO studies (id, name, created_at, settings) VALUES (1, 'old', 1, '{}')").run();
    const insert = old.prepare(
      "INSERT INTO trials (id, study_id, number, state, config, config_hash, proposer, rationale, created_at, started_at, worker_id) VALUES (?, 1, ?, 'running', '{}', ?, 'grid', 'r', 1, ?, 'w-old')",
    );
    insert.run(1, 0, 'h0', 1000);
    insert.run(2, 1, 'h1', 5000);
    old.close();
    const store = new SqliteStudyStore({ path });
    expect(store.getTrial(1)).toMatchObject({ state: 'running', startedAt: 1000, heartbeatAt: null });
    expect(store.failStaleRunning({ studyId: 1, reason: 'interrupted', heartbeatBefore: 2000 })).toBe(1);
    expect(store.getTrial(1)?.state).toBe('failed');
    expect(store.heartbeat({ trialId: 2, workerId: 'w-old' })).toBe(true);
    expect(store.acquireLease({ studyId: 1, name: 'proposer', holder: 'a', ttlMs: 1000 })).toBe(true);
    store.close();
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('refuses an unrelated SQLite database instead of adding tables to it', () => {
    const path = join(root, 'unrelated.db');
    const db = new Database(path);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    db.close();
    expect(openError(path).message).toMatch(/not one written by tune-rag/);
    const check = new Database(path);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'notes' }]);
    check.close();
  });

  it('guards finished trials in the file itself, not only in the class', () => {
    const path = freshPath();
    const store = new SqliteStudyStore({ path });
    const studyId = store.createStudy({ name: 's', settings: {} }).id;
    const trial = store.enqueueTrial({ studyId, config: {}, configHash: 'h', proposer: 'p', rationale: '' });
    store.claimWaiting({ studyId, workerId: 'w' });
    store.finishTrial({ trialId: trial.id, state: 'complete', objectives: { quality: 1 }, metrics: {} });
    const db = new Database(path);
    expect(() => db.prepare("UPDATE trials SET state = 'running' WHERE id = ?").run(trial.id)).toThrow(
      /finished trials are immutable/,
    );
    expect(() => db.prepare('DELETE FROM trials WHERE id = ?').run(trial.id)).toThrow(/finished trials are immutable/);
    db.close();
    store.close();
  });
});
