// Two `tune-rag worker` processes on one SQLite study; one is killed with SIGKILL mid-trial.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareTuning } from '../../src/api/prepare-tuning.js';
import { Study } from '../../src/optimize/study.js';
import { SqliteStudyStore } from '../../src/store/sqlite-study-store.js';
import { spawnCli, type SpawnedCli } from '../support/spawn-cli.js';
import { rowCounts as counts, sqliteTrialRows as rows, startedTrials as startedTrial } from '../support/study-rows.js';

const BUDGET = 8;
const GRACE_S = 2;

describe('two tune-rag worker processes on one SQLite study', () => {
  const spawned: SpawnedCli[] = [];
  afterAll(() => {
    for (const cli of spawned)
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
  });
  it('survive SIGKILL of one mid-trial: exactly the budget counts, nothing runs twice, the lost trial is recovered after the grace period', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-workers-'));
    const db = join(cwd, '.tune-rag', 'tune-rag.db');
    // The study is started (settings stored, baseline queued) without evaluating anything.
    const prepared = await prepareTuning({
      cwd,
      dataset: 'demo',
      study: 'shared',
      budget: BUDGET,
      proposer: 'random',
      seed: 3,
      fidelity: false,
      questions: 16,
    });
    prepared.store.close();

    const args = ['worker', '--study', 'shared', '--heartbeat-interval', '0.5', '--heartbeat-grace', String(GRACE_S)];
    const a = spawnCli(args, { cwd });
    const b = spawnCli(args, { cwd });
    spawned.push(a, b);
    // Both are evaluating.
    await Promise.all([
      a.until((out) => startedTrial(out).length >= 1),
      b.until((out) => startedTrial(out).length >= 1),
    ]);

    // A process opening the live study (tune --resume, chat) must not touch live trials.
    const store = new SqliteStudyStore({ path: db });
    const opened = Study.open({ store, name: 'shared' })!;
    const runningBefore = opened.trials({ states: ['running'] });
    expect(opened.recoverInterrupted({ graceMs: GRACE_S * 1000 })).toEqual([]);
    expect(opened.trials({ states: ['running'] }).map((t) => t.id)).toEqual(runningBefore.map((t) => t.id));
    store.close();

    const killedNumber = startedTrial(a.stdout()).at(-1)!;
    a.child.kill('SIGKILL');
    expect(await a.exited).toBe(137);
    const atKill = rows(db);
    const killed = atKill.find((r) => r.number === killedNumber)!;
    expect(killed.state, JSON.stringify(atKill.map((r) => [r.number, r.state, r.error, r.worker_id]))).toBe('running');
    const aWorker = killed.worker_id!;
    const finishedAtKill = atKill.filter((r) => ['complete', 'pruned', 'failed'].includes(r.state));

    expect(await b.exited).toBe(0);
    const after = rows(db);
    // Every trial finished before the kill is unchanged.
    for (const row of finishedAtKill) expect(after.find((r) => r.id === row.id)).toEqual(row);
    const used = after.filter(counts);
    expect(used).toHaveLength(BUDGET);
    expect(new Set(used.map((r) => r.config_hash)).size).toBe(BUDGET);
    expect(after.filter((r) => r.state === 'running' || r.state === 'waiting')).toEqual([]);
    // The killed trial was failed as interrupted only once its heartbeat was older than the grace...
    const recovered = after.find((r) => r.id === killed.id)!;
    expect(recovered.state).toBe('failed');
    expect(recovered.error).toBe('interrupted');
    expect(recovered.finished_at! - killed.heartbeat_at!).toBeGreaterThanOrEqual(GRACE_S * 1000);
    // ...and re-run to the end by the other worker.
    const rerun = after.filter((r) => r.config_hash === killed.config_hash && r.id !== killed.id);
    expect(rerun).toHaveLength(1);
    expect(rerun[0].state).toBe('complete');
    expect(rerun[0].worker_id).not.toBe(aWorker);
    expect(b.stdout()).toMatch(new RegExp(`^started #${rerun[0].number}$`, 'm'));
    expect(b.stdout()).toMatch(new RegExp(`done: evaluated \\d+ trial\\(s\\); the study has ${BUDGET} of ${BUDGET}`));
  }, 240_000);
});
