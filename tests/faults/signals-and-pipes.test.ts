import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, STACK_LINE } from '../cli/run-cli.js';
import { spawnCli } from '../support/spawn-cli.js';

interface TrialRow {
  number: number;
  state: string;
  config_hash: string;
  objectives: string | null;
  error: string | null;
}
function trialsIn(cwd: string): TrialRow[] {
  const handle = new Database(join(cwd, '.tune-rag/tune-rag.db'), { readonly: true });
  try {
    return handle
      .prepare('SELECT number, state, config_hash, objectives, error FROM trials ORDER BY number')
      .all() as TrialRow[];
  } finally {
    handle.close();
  }
}
/** Trials that used budget: finished ones (an interrupted trial is re-queued, not counted). */
const used = (trials: TrialRow[]) =>
  trials.filter(
    (t) => t.state === 'complete' || t.state === 'pruned' || (t.state === 'failed' && t.error !== 'interrupted'),
  );
/** Progress lines of finished trials (an interrupted one is printed as `failed … — interrupted`). */
const finishedLines = (stdout: string) =>
  (stdout.match(/^#\d+\s+(complete|pruned|failed)\b.*$/gm) ?? []).filter((line) => !line.endsWith('— interrupted'))
    .length;
const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `tune-rag-${name}-`));

describe('pipes: a reader that goes away', () => {
  it('`| head -1`: output ends quietly, the run finishes with its own exit code and stores every trial', async () => {
    const cwd = tempDir('pipe');
    const args = [
      '--dataset',
      'demo',
      '--budget',
      '5',
      '--proposer',
      'random',
      '--seed',
      '3',
      '--no-fidelity',
      '--questions',
      '30',
      '--out',
      'results',
    ];
    const run = spawnCli(args, { cwd });
    await run.until((stdout) => stdout.includes('\n'));
    run.child.stdout.destroy(); // what head does after its first line
    const code = await run.exited;
    expect(run.stderr()).not.toMatch(STACK_LINE);
    expect(run.stderr()).not.toMatch(/EPIPE|internal error/);
    expect(code).toBe(0);
    expect(run.stdout().split('\n')[0]).toMatch(/^starting study demo-/);
    const trials = trialsIn(cwd);
    expect(used(trials)).toHaveLength(5);
    expect(trials.every((t) => t.state === 'complete')).toBe(true);
    expect(JSON.parse(readFileSync(join(cwd, 'results/best.json'), 'utf8')).config).toBeTypeOf('object');
    expect(existsSync(join(cwd, 'results/pareto.json'))).toBe(true);
  });

  it('stdout and stderr both closed, then SIGTERM: still a clean stop (143) with the outputs written', async () => {
    const cwd = tempDir('pipes-term');
    const args = [
      '--dataset',
      'demo',
      '--budget',
      '12',
      '--proposer',
      'random',
      '--seed',
      '4',
      '--study',
      'p',
      '--no-fidelity',
      '--questions',
      '30',
      '--out',
      'results',
    ];
    const run = spawnCli(args, { cwd });
    await run.until((stdout) => finishedLines(stdout) >= 1);
    run.child.stdout.destroy();
    run.child.stderr.destroy();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(143);
    const finished = used(trialsIn(cwd));
    expect(finished.length).toBeGreaterThanOrEqual(1);
    expect(finished.length).toBeLessThan(12);
    expect(JSON.parse(readFileSync(join(cwd, 'results/pareto.json'), 'utf8'))).toBeTypeOf('object');
  });
});

describe('SIGTERM and SIGHUP behave like the first Ctrl-C', () => {
  for (const [signal, exitCode] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(`${signal} in the middle of a trial: exit ${exitCode}, summary printed, --out written, finished trials kept; --resume runs exactly the rest`, async () => {
      const cwd = tempDir(signal.toLowerCase());
      const budget = 6;
      const args = [
        '--dataset',
        'demo',
        '--budget',
        String(budget),
        '--proposer',
        'random',
        '--seed',
        '6',
        '--study',
        's',
        '--no-fidelity',
        '--questions',
        '20',
      ];
      const run = spawnCli([...args, '--out', 'results'], { cwd });
      await run.until((stdout) => finishedLines(stdout) >= 2);
      run.child.kill(signal);
      const code = await run.exited;
      const stdout = run.stdout();
      const stderr = run.stderr();
      expect(code).toBe(exitCode);
      expect(stderr).not.toMatch(STACK_LINE);
      expect(stderr).toContain(`stopping (${signal})`);
      expect(stdout).toMatch(/Leaderboard/);
      const before = used(trialsIn(cwd));
      // The message counts exactly what the store holds; the running trial was interrupted, not counted.
      expect(stderr).toContain(
        `stopped early: ${before.length} trials are saved; continue with the same command plus --resume`,
      );
      expect(before.length).toBe(finishedLines(stdout));
      expect(trialsIn(cwd).filter((t) => t.error === 'interrupted')).toHaveLength(1);
      const best = JSON.parse(readFileSync(join(cwd, 'results/best.json'), 'utf8'));
      expect(best.config).toBeTypeOf('object');
      expect(existsSync(join(cwd, 'results/pareto.json'))).toBe(true);

      const resumed = runCli([...args, '--resume', '--json', 'out.json'], { cwd });
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toMatch(/resumed\): \d+ complete/);
      const after = trialsIn(cwd);
      for (const trial of before) expect(after.find((t) => t.number === trial.number)).toEqual(trial); // nothing lost or changed
      const all = used(after);
      expect(all).toHaveLength(budget);
      expect(new Set(all.map((t) => t.config_hash)).size).toBe(budget); // nothing run twice
      expect(after.every((t) => t.state !== 'running' && t.state !== 'waiting')).toBe(true);
    });
  }
});

describe('chat stops on SIGTERM and SIGHUP without waiting for the running trial', () => {
  it('SIGHUP (the terminal closed): exit 129, the running trial interrupted, summary printed, --out written', async () => {
    const cwd = tempDir('chat-hup');
    const run = spawnCli(
      [
        'chat',
        '--dataset',
        'demo',
        '--budget',
        '10',
        '--proposer',
        'random',
        '--seed',
        '6',
        '--study',
        'c',
        '--no-fidelity',
        '--questions',
        '30',
        '--out',
        'results',
      ],
      { cwd },
    );
    run.child.stdin.end();
    await run.until((stdout) => finishedLines(stdout) >= 2);
    run.child.kill('SIGHUP');
    expect(await run.exited).toBe(129);
    expect(run.stdout()).toContain(
      'stopping (SIGHUP): interrupting the running trial (it is re-run on --resume) and saving',
    );
    expect(run.stdout()).toMatch(/Leaderboard/);
    const finished = used(trialsIn(cwd));
    expect(run.stderr()).toContain(
      `interrupted: ${finished.length} trials are saved; continue with the same command plus --resume`,
    );
    expect(trialsIn(cwd).filter((t) => t.error === 'interrupted')).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(cwd, 'results/best.json'), 'utf8')).config).toBeTypeOf('object');
  });
});

describe('run stops on a signal too', () => {
  it('SIGTERM during `run`: exit 143, no stack trace, says how far it got and that the answers are cached', async () => {
    const cwd = tempDir('run-term');
    const run = spawnCli(['run', '--dataset', 'demo', '--set', 'reranker=local', '--set', 'top_k=20'], { cwd });
    await run.until((stdout) => /^config /m.test(stdout));
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(143);
    expect(run.stderr()).not.toMatch(STACK_LINE);
    expect(run.stderr()).toMatch(
      /^stopped \(SIGTERM\) after \d+ of 186 questions: nothing is reported; the answers computed are cached, so the same command recomputes only the rest$/m,
    );
    expect(run.stdout()).not.toMatch(/wall time/);
  });
});

describe('the study is durable from the start', () => {
  it('kill -9 within the first second, then --resume: the study runs to its budget', async () => {
    const cwd = tempDir('early-kill');
    const args = [
      '--dataset',
      'demo',
      '--budget',
      '4',
      '--proposer',
      'random',
      '--seed',
      '8',
      '--no-fidelity',
      '--questions',
      '20',
    ];
    const run = spawnCli(args, { cwd });
    await new Promise((resolve) => setTimeout(resolve, 300));
    run.child.kill('SIGKILL');
    expect(await run.exited).toBe(137);
    const resumed = runCli([...args, '--resume'], { cwd });
    expect(resumed.stderr).not.toMatch(/no study .* to resume/);
    expect(resumed.code).toBe(0);
    const trials = trialsIn(cwd);
    expect(used(trials)).toHaveLength(4);
    expect(trials[0]).toMatchObject({ number: 0, state: 'complete' }); // the baseline is still #0
  });

  it('--resume of a study never stored says so and starts it', () => {
    const cwd = tempDir('resume-new');
    const result = runCli(
      [
        '--dataset',
        'demo',
        '--budget',
        '2',
        '--proposer',
        'random',
        '--seed',
        '9',
        '--no-fidelity',
        '--questions',
        '20',
        '--study',
        'fresh',
        '--resume',
      ],
      { cwd },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'note: no study "fresh" was stored yet (an earlier run was stopped before it recorded the study, or the name is new), so --resume starts it now',
    );
    expect(result.stdout).toMatch(/^starting study fresh on demo/m);
    expect(used(trialsIn(cwd))).toHaveLength(2);
  });
});
