// A `tune-rag worker` stops promptly on SIGTERM and SIGINT mid-trial, leaving its trial to be
// re-run, and a worker started by `tune --workers` stops when that tune process is killed.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareTuning } from '../../src/api/prepare-tuning.js';
import { spawnCli, type SpawnedCli } from '../support/spawn-cli.js';
import { sqliteTrialRows, startedTrials } from '../support/study-rows.js';

/** The pids of `pid`'s child processes (Linux /proc). */
function childPids(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
    readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
  );
}

/** Whether `pid` runs (a zombie nobody reaped yet does not: it has exited). */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function until(test: () => boolean, what: string, ms = 60_000): Promise<void> {
  for (const deadline = Date.now() + ms; !test(); await new Promise((r) => setTimeout(r, 50)))
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
}

describe('stopping a tune-rag worker', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-worker-stop-'));
  const db = join(cwd, '.tune-rag', 'tune-rag.db');
  const spawned: SpawnedCli[] = [];
  const orphans: number[] = [];
  const worker = () => {
    const cli = spawnCli(['worker', '--study', 'stop', '--heartbeat-interval', '0.5', '--heartbeat-grace', '2'], {
      cwd,
    });
    spawned.push(cli);
    return cli;
  };

  beforeAll(async () => {
    // Every question of the demo: a trial lasts long enough (seconds) for a signal to land in it.
    const prepared = await prepareTuning({
      cwd,
      dataset: 'demo',
      study: 'stop',
      budget: 20,
      proposer: 'random',
      seed: 4,
      fidelity: false,
    });
    prepared.store.close();
  });
  afterAll(() => {
    for (const cli of spawned) if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    for (const pid of orphans) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`exits ${code} promptly on ${signal} mid-trial, its trial failed as interrupted and nothing left running`, async () => {
      const before = sqliteTrialRows(db);
      const cli = worker();
      await cli.until((out) => startedTrials(out).length >= 1);
      const number = startedTrials(cli.stdout())[0];
      const sent = Date.now();
      cli.child.kill(signal);
      expect(await cli.exited, cli.stderr()).toBe(code);
      const tookMs = Date.now() - sent;
      console.log(`worker exited ${tookMs} ms after ${signal}`);
      expect(tookMs).toBeLessThan(10_000);
      expect(cli.stderr()).toContain(`stopping (${signal}): interrupting this worker's running trials`);
      const after = sqliteTrialRows(db);
      const trial = after.find((r) => r.number === number)!;
      expect([trial.state, trial.error]).toEqual(['failed', 'interrupted']);
      expect(after.filter((r) => r.state === 'running')).toEqual([]);
      // Recoverable: the next worker re-runs a configuration interrupted before it started.
      for (const old of before.filter((r) => r.error === 'interrupted'))
        expect(after.some((r) => r.config_hash === old.config_hash && r.id !== old.id)).toBe(true);
    }, 120_000);
  }

  it('a worker started by tune --workers stops once that tune process is killed with SIGKILL', async () => {
    const tune = spawnCli(
      [
        ...['--dataset', 'demo', '--study', 'orphan', '--budget', '30', '--workers', '2'],
        ...['--proposer', 'random', '--seed', '5', '--no-fidelity', '--heartbeat-interval', '0.5'],
        ...['--heartbeat-grace', '2'],
      ],
      { cwd },
    );
    spawned.push(tune);
    await tune.until((out) => out.includes('started 1 more worker process(es) on study orphan'));
    const [child] = childPids(tune.child.pid!).filter((pid) => !orphans.includes(pid));
    orphans.push(child);
    // The child is mid-trial: a running trial is under its process id.
    await until(
      () => sqliteTrialRows(db).some((r) => r.state === 'running' && r.worker_id?.includes(`:${child}:`)),
      "the child's first trial",
    );
    tune.child.kill('SIGKILL');
    const killed = Date.now();
    await until(() => !alive(child), 'the orphaned worker to exit', 20_000);
    console.log(`orphaned worker exited ${Date.now() - killed} ms after tune's SIGKILL`);
    // It stopped cleanly: its trials are failed as interrupted (to be re-run), none left running.
    const mine = sqliteTrialRows(db).filter((r) => r.worker_id?.includes(`:${child}:`));
    expect(mine.filter((r) => r.state === 'running')).toEqual([]);
    expect(mine.some((r) => r.state === 'failed' && r.error === 'interrupted')).toBe(true);
  }, 120_000);
});
