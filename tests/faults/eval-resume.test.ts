import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, STACK_LINE } from '../cli/run-cli.js';
import { spawnCli } from '../support/spawn-cli.js';

const BASELINE = JSON.parse(readFileSync(join(__dirname, '../../pipelines/baseline.json'), 'utf8')) as Record<
  string,
  unknown
>;
const SIZES = [128, 320, 448];
const JOBS = SIZES.length;

/** A job file of one job per chunk size (each a cold index build, so a job takes a moment), on 40 questions. */
function jobFolder(name: string): string {
  const cwd = mkdtempSync(join(tmpdir(), `tune-rag-${name}-`));
  const jobs = SIZES.map((size, i) => {
    writeFileSync(join(cwd, `c${i}.json`), JSON.stringify({ ...BASELINE, 'chunk.size': size }));
    return { name: `job${i}`, dataset: 'demo', config: `c${i}.json`, questions: 40 };
  });
  writeFileSync(join(cwd, 'jobs.json'), JSON.stringify({ jobs }));
  return cwd;
}

interface RunRow {
  id: number;
  job: string;
  started_at: number;
  result: string;
  batch: number;
}
function storedRuns(cwd: string): RunRow[] {
  const db = new Database(join(cwd, '.tune-rag/evals.db'), { readonly: true });
  try {
    return db.prepare('SELECT id, job, started_at, result, batch FROM eval_runs ORDER BY id').all() as RunRow[];
  } finally {
    db.close();
  }
}
const summaries = (stdout: string) => (stdout.match(/^ {2}=> /gm) ?? []).length;

/** Stops an eval after its first job is stored, and returns how many jobs the store then holds. */
async function interruptAfterFirstJob(
  cwd: string,
  signal: 'SIGTERM' | 'SIGKILL',
): Promise<{ code: number; stdout: string; stderr: string; stored: RunRow[] }> {
  const run = spawnCli(['eval', '--job', 'jobs.json', '--json', 'first.json'], { cwd });
  await run.until((stdout) => summaries(stdout) >= 1);
  run.child.kill(signal);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr(), stored: storedRuns(cwd) };
}

function expectResumed(cwd: string, stored: RunRow[]): void {
  const n = stored.length;
  const resumed = runCli(['eval', '--job', 'jobs.json', '--resume', '--json', 'all.json'], { cwd });
  expect(resumed.stderr).not.toMatch(STACK_LINE);
  expect(resumed.stdout).toMatch(
    new RegExp(`^resuming the eval started \\S+: ${n} of ${JOBS} jobs stored, ${JOBS - n} to run$`, 'm'),
  );
  expect(resumed.stdout.match(/^job\d: stored by the interrupted eval, not run again$/gm)).toHaveLength(n);
  expect(summaries(resumed.stdout)).toBe(JOBS);
  const after = storedRuns(cwd);
  expect(after).toHaveLength(JOBS); // the N stored jobs were not run again
  expect(after.slice(0, n)).toEqual(stored); // and are unchanged
  expect(after.map((r) => r.job).sort()).toEqual(SIZES.map((_, i) => `job${i}`));
  expect(new Set(after.map((r) => r.batch)).size).toBe(1);
  const json = JSON.parse(readFileSync(join(cwd, 'all.json'), 'utf8')) as {
    regressed: boolean;
    jobs: { name: string }[];
  };
  expect(json.jobs.map((j) => j.name)).toEqual(SIZES.map((_, i) => `job${i}`));
  expect(resumed.code).toBe(json.regressed ? 1 : 0); // the eval's own result
}

describe('eval: finished jobs are durable and --resume runs only the rest', () => {
  it('SIGTERM after the first job: exit 143, finished jobs stored and written; --resume runs exactly the others', async () => {
    const cwd = jobFolder('eval-term');
    const { code, stderr, stored } = await interruptAfterFirstJob(cwd, 'SIGTERM');
    expect(code).toBe(143);
    expect(stderr).not.toMatch(STACK_LINE);
    const n = stored.length;
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThan(JOBS);
    expect(stderr).toContain(
      `stopped (SIGTERM) after ${n} of ${JOBS} jobs: they are stored in ${join(cwd, '.tune-rag/evals.db')}; the same command plus --resume runs the other ${JOBS - n}`,
    );
    expect((JSON.parse(readFileSync(join(cwd, 'first.json'), 'utf8')) as { jobs: unknown[] }).jobs).toHaveLength(n);
    expectResumed(cwd, stored);

    // The batch is finished: --resume now has nothing to continue and says so.
    const again = runCli(['eval', '--job', 'jobs.json', '--resume'], { cwd });
    expect(again.stderr).toContain(
      `note: nothing to resume in ${join(cwd, '.tune-rag/evals.db')}: the last eval of these jobs finished; running all ${JOBS}`,
    );
    expect(storedRuns(cwd)).toHaveLength(2 * JOBS);
  });

  it('kill -9 after the first job: nothing finished is lost and --resume runs exactly the others', async () => {
    const cwd = jobFolder('eval-kill');
    const { code, stored } = await interruptAfterFirstJob(cwd, 'SIGKILL');
    expect(code).toBe(137);
    expect(stored.length).toBeGreaterThanOrEqual(1);
    expect(stored.length).toBeLessThan(JOBS);
    expectResumed(cwd, stored);
  });

  it('an edited job is run again on --resume: only the same inputs are reused', async () => {
    const cwd = jobFolder('eval-edit');
    const { stored } = await interruptAfterFirstJob(cwd, 'SIGTERM');
    writeFileSync(join(cwd, 'c0.json'), JSON.stringify({ ...BASELINE, 'chunk.size': 160 }));
    const resumed = runCli(['eval', '--job', 'jobs.json', '--resume'], { cwd });
    expect(resumed.stderr).toContain('note: nothing to resume');
    expect(resumed.stdout).not.toMatch(/stored by the interrupted eval/);
    expect(storedRuns(cwd)).toHaveLength(stored.length + JOBS);
  });
});
