import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, STACK_LINE } from './run-cli.js';

const ROOT = join(__dirname, '../..');
const BASELINE = join(ROOT, 'pipelines/baseline.json');
const NIGHTLY = join(ROOT, 'evals/nightly.json');

/** Expects a clean bad-input failure: exit 2, an "error:" line matching `message`, no stack trace. */
function expectCleanError(result: { code: number; stdout: string; stderr: string }, message: RegExp) {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(STACK_LINE);
  expect(result.stderr).not.toMatch(/internal error/);
}

describe('tune-rag eval', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-eval-'));
  // Worse: keyword retrieval of a single chunk and whole-sentence answers; better: 8 chunks, span answers.
  writeFileSync(
    join(cwd, 'worse.json'),
    JSON.stringify({ retrieval: 'bm25', top_k: 1, generator: 'extractive-sentence' }),
  );
  writeFileSync(join(cwd, 'better.json'), JSON.stringify({ generator: 'extractive-span', top_k: 8 }));

  it('passes the baseline against itself (exit 0), also with repeats', () => {
    const result = runCli(
      ['eval', '--config', BASELINE, '--dataset', 'demo', '--questions', '40', '--repeat', '3', '--name', 'self'],
      { cwd },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^ {2}f1 +baseline (\d\.\d{3}) +candidate \1 +diff \+0\.000 +95% CI \[\+0\.000, \+0\.000\] +n=40 +ok$/m,
    );
    expect(result.stdout).toMatch(/recall_at_context .* ok$/m);
    expect(result.stdout).toMatch(/repeat 3/);
  });

  it('flags a deliberately worse configuration (exit 1) with a summary line per metric and writes the reports', () => {
    const result = runCli(
      [
        'eval',
        '--config',
        'worse.json',
        '--baseline',
        'better.json',
        '--dataset',
        'demo',
        '--questions',
        '40',
        '--junit',
        'junit.xml',
        '--markdown',
        'eval.md',
        '--json',
        'eval.json',
      ],
      { cwd },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^ {2}f1 +baseline 0\.\d{3} +candidate 0\.\d{3} +diff -0\.\d{3} +95% CI \[-0\.\d{3}, -0\.\d{3}\] +n=40 +REGRESSION \(drop/m,
    );
    expect(result.stdout).toMatch(/^ {2}recall_at_context .* REGRESSION/m);
    expect(result.stdout).toMatch(/=> REGRESSION/);

    const junit = readFileSync(join(cwd, 'junit.xml'), 'utf8');
    expect((junit.match(/<testcase /g) ?? []).length).toBe(2);
    expect(junit).toMatch(/<failure message="f1 regressed/);
    expect(readFileSync(join(cwd, 'eval.md'), 'utf8')).toMatch(
      /\| worse \| f1 \| 0\.\d{3} \| 0\.\d{3} \| -0\.\d{3} \|.*\*\*REGRESSION\*\*/,
    );
    const json = JSON.parse(readFileSync(join(cwd, 'eval.json'), 'utf8'));
    expect(json.regressed).toBe(true);
    const job = json.jobs[0];
    expect(job.dataset.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(job.candidate.config_hash).not.toBe(job.baseline.config_hash);
    expect(job.metrics[0]).toMatchObject({ metric: 'f1', n: 40, verdict: 'regression' });
    expect(job.metrics[0].ci_high).toBeLessThan(0);
    expect(job.versions['tune-rag']).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('does not flag the drop when --max-drop tolerates it', () => {
    const result = runCli(
      [
        'eval',
        '--config',
        'worse.json',
        '--baseline',
        'better.json',
        '--dataset',
        'demo',
        '--questions',
        '40',
        '--metric',
        'f1',
        '--max-drop',
        '0.5',
      ],
      { cwd },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/f1 .* ok \(drop not significant\)|f1 .* ok$/m);
    expect(result.stdout).not.toMatch(/recall_at_context/);
  });

  it('runs the shipped evals/nightly.json (exit 0), and a job file with a regressed job exits 1', () => {
    const nightly = runCli(['eval', '--job', NIGHTLY, '--questions', '40'], { cwd });
    expect(nightly.stderr).toBe('');
    expect(nightly.code).toBe(0);
    expect(nightly.stdout).toMatch(/demo-baseline: .* on demo \(40\/\d+ questions/);

    writeFileSync(
      join(cwd, 'jobs.json'),
      JSON.stringify({
        jobs: [
          { name: 'same', dataset: 'demo', config: 'better.json', baseline: 'better.json', questions: 40 },
          {
            name: 'worse-vs-better',
            dataset: 'demo',
            config: 'worse.json',
            baseline: 'better.json',
            questions: 40,
            metrics: ['f1'],
          },
        ],
      }),
    );
    const mixed = runCli(['eval', '--job', 'jobs.json', '--junit', 'jobs.xml'], { cwd });
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).toMatch(/1 of 2 jobs regressed: worse-vs-better/);
    expect((readFileSync(join(cwd, 'jobs.xml'), 'utf8').match(/<testcase /g) ?? []).length).toBe(3);
  });

  it("compares with a tuning study's best (study:NAME)", () => {
    expect(
      runCli(
        [
          '--dataset',
          'demo',
          '--budget',
          '4',
          '--proposer',
          'random',
          '--seed',
          '1',
          '--study',
          'tuned',
          '--out',
          'tuned',
        ],
        { cwd },
      ).code,
    ).toBe(0);
    const best = runCli(
      ['eval', '--config', 'tuned/best.json', '--baseline', 'study:tuned', '--dataset', 'demo', '--questions', '40'],
      { cwd },
    );
    expect(best.code).toBe(0);
    expect(best.stdout).toMatch(/vs baseline study:tuned#\d+/);
    expect(best.stdout).toMatch(/f1 .*diff \+0\.000/);
  });

  it('lists stored runs per job with --history, filtered by --job', () => {
    const all = runCli(['eval', '--history'], { cwd });
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/job self: 1 run, 0 regressed/);
    expect(all.stdout).toMatch(/job worse: 2 runs, 1 regressed/);
    expect(all.stdout).toMatch(/job demo-baseline: 1 run/);
    expect(all.stdout).toMatch(/f1 trend: /);
    expect(existsSync(join(cwd, '.tune-rag/evals.db'))).toBe(true);
    const one = runCli(['eval', '--history', '--job', 'worse-vs-better'], { cwd });
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/job worse-vs-better: 1 run, 1 regressed/);
    expect(one.stdout).not.toMatch(/job self/);
    expectCleanError(
      runCli(['eval', '--history', '--job', 'nope'], { cwd }),
      /error: no eval runs of job "nope"[\s\S]*hint: Jobs with history: .*worse/,
    );
  });

  it('rejects bad input with exit 2 and a clean message', () => {
    expectCleanError(runCli(['eval', '--dataset', 'demo'], { cwd }), /error: eval needs --config FILE/);
    expectCleanError(
      runCli(['eval', '--config', 'missing.json', '--dataset', 'demo'], { cwd }),
      /error: cannot read configuration .*missing\.json: file not found/,
    );
    expectCleanError(
      runCli(['eval', '--config', BASELINE, '--dataset', 'no-such-set'], { cwd }),
      /error: .*no-such-set/,
    );
    expectCleanError(
      runCli(['eval', '--config', BASELINE, '--dataset', 'demo', '--metric', 'f2'], { cwd }),
      /unknown metric "f2"\. Did you mean "f1"\?/,
    );
    expectCleanError(
      runCli(['eval', '--config', BASELINE, '--dataset', 'demo', '--max-drop', '2'], { cwd }),
      /expected a number between 0 and 1/,
    );
    expectCleanError(
      runCli(['eval', '--config', BASELINE, '--dataset', 'demo', '--baseline', 'study:none'], {
        cwd: mkdtempSync(join(tmpdir(), 'tune-rag-eval-empty-')),
      }),
      /error: baseline study:none: no study database/,
    );
    expectCleanError(
      runCli(['eval', '--config', BASELINE, '--dataset', 'demo', '--baseline', 'study:nope'], { cwd }),
      /error: baseline study:nope: no such study/,
    );
    expectCleanError(
      runCli(['eval', '--job', NIGHTLY, '--config', BASELINE], { cwd }),
      /cannot be combined with --config/,
    );
    writeFileSync(
      join(cwd, 'bad-jobs.json'),
      JSON.stringify({ jobs: [{ name: 'x', dataset: 'demo', config: 'better.json', maxDrop: 'a lot' }] }),
    );
    expectCleanError(
      runCli(['eval', '--job', 'bad-jobs.json'], { cwd }),
      /error: invalid eval job file .*bad-jobs\.json:\n {2}- jobs\[0\]\.maxDrop: /,
    );
    writeFileSync(
      join(cwd, 'missing-config-job.json'),
      JSON.stringify({ jobs: [{ name: 'x', dataset: 'demo', config: 'nope.json' }] }),
    );
    expectCleanError(
      runCli(['eval', '--job', 'missing-config-job.json'], { cwd }),
      /error: .*missing-config-job\.json: job "x": cannot read configuration .*nope\.json/,
    );
  });

  it('--retune-on-regression starts a tuning study warm-started from the previous configurations, and still exits 1', () => {
    const result = runCli(
      [
        'eval',
        '--config',
        'worse.json',
        '--baseline',
        'better.json',
        '--dataset',
        'demo',
        '--questions',
        '40',
        '--metric',
        'f1',
        '--retune-on-regression',
        '--retune-budget',
        '4',
        '--name',
        'nightly-demo',
      ],
      { cwd },
    );
    expect(result.code).toBe(1);
    const started =
      /re-tuning nightly-demo on demo: study (nightly-demo-retune-\S+), budget 4, warm-started with 2 configurations/.exec(
        result.stdout,
      );
    expect(started).not.toBeNull();
    const shown = JSON.parse(runCli(['show', started![1], '--json'], { cwd }).stdout);
    const proposers = shown.trials.map((t: { proposer: string }) => t.proposer);
    expect(proposers.slice(0, 3)).toEqual(['baseline', 'warm-start', 'warm-start']);
    expect(shown.trials.filter((t: { state: string }) => t.state !== 'waiting')).toHaveLength(4);
  });
});
