// Two `tune-rag worker` processes on one SQLite study; one is killed with SIGKILL mid-trial.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareTuning } from '../../src/api/prepare-tuning.js';
import { Study } from '../../src/optimize/study.js';
import { SqliteStudyStore } from '../../src/store/sqlite-study-store.js';
import { spawnCli, type SpawnedCli } from '../support/spawn-cli.js';
import { expectKilledTrialRecovered } from '../support/killed-worker-checks.js';
import { sqliteTrialRows as rows, startedTrials as startedTrial } from '../support/study-rows.js';

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
    expect(await b.exited).toBe(0);
    const rerun = expectKilledTrialRecovered({
      atKill,
      after: rows(db),
      killedNumber,
      budget: BUDGET,
      graceMs: GRACE_S * 1000,
    });
    expect(b.stdout()).toMatch(new RegExp(`^started #${rerun.number}$`, 'm'));
    expect(b.stdout()).toMatch(new RegExp(`done: evaluated \\d+ trial\\(s\\); the study has ${BUDGET} of ${BUDGET}`));
  }, 240_000);
});
