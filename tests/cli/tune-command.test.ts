import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, STACK_LINE } from './run-cli.js';

const BIN = join(__dirname, '../../dist/src/cli/bin.js');

interface TrialRow {
  number: number;
  state: string;
  config_hash: string;
  objectives: string | null;
  error: string | null;
}
function trialsIn(db: string): TrialRow[] {
  const handle = new Database(db, { readonly: true });
  try {
    return handle
      .prepare('SELECT number, state, config_hash, objectives, error FROM trials ORDER BY number')
      .all() as TrialRow[];
  } finally {
    handle.close();
  }
}

/** Starts the CLI and resolves once stdout matches `until` (then the caller signals it). */
function startUntil(args: string[], cwd: string, until: (stdout: string) => boolean) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const reached = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      if (until(stdout)) resolve();
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', () => reject(new Error(`exited before the condition: ${stdout}\n${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  return { child, reached, exited, output: () => ({ stdout, stderr }) };
}
const finishedLines = (stdout: string) => (stdout.match(/^#\d+\s+(complete|pruned|failed)/gm) ?? []).length;

describe('tune-rag --dataset (tuning)', () => {
  it('tunes the demo set, beats the baseline, and writes JSON, best.json and pareto.json', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-tune-'));
    const result = runCli(
      [
        '--dataset',
        'demo',
        '--budget',
        '8',
        '--proposer',
        'random',
        '--seed',
        '1',
        '--json',
        'out.json',
        '--out',
        'results',
      ],
      { cwd },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    expect(out.study).toMatch(/^demo-/);
    expect(out.trials).toHaveLength(8);
    for (const trial of out.trials) {
      expect(Object.keys(trial)).toEqual(
        expect.arrayContaining(['id', 'state', 'proposer', 'rationale', 'config', 'objectives', 'rungs']),
      );
      expect(trial.rationale.length).toBeGreaterThan(0);
    }
    expect(out.trials[0].proposer).toBe('baseline');
    expect(out.trials.filter((t: { state: string }) => t.state === 'pruned').length).toBeGreaterThan(0);
    expect(out.best.objectives.quality).toBeGreaterThan(out.baseline.objectives.quality);
    expect(out.pareto.length).toBeGreaterThan(0);
    // best.json feeds straight back into `run`.
    const best = JSON.parse(readFileSync(join(cwd, 'results/best.json'), 'utf8'));
    expect(best.config).toEqual(out.best.config);
    expect(existsSync(join(cwd, 'results/pareto.json'))).toBe(true);
    const rerun = runCli(['run', '--dataset', 'demo', '--config', 'results/best.json', '--json', 'rerun.json'], {
      cwd,
    });
    expect(rerun.code).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'rerun.json'), 'utf8')).metrics.f1).toBeCloseTo(
      out.best.objectives.quality,
      10,
    );
    // The study is listed and shown.
    expect(runCli(['runs'], { cwd }).stdout).toContain(out.study);
    const shown = runCli(['show', out.study], { cwd }).stdout;
    expect(shown).toMatch(/Leaderboard[\s\S]*Pareto front/);
    // Which parameter mattered: shares per target sum to 1, and the best line says why it won.
    expect(out.importance.trials).toBe(8);
    for (const target of ['score', 'quality', 'retrieval', 'latency']) {
      expect(out.importance[target].reduce((s: number, p: { importance: number }) => s + p.importance, 0)).toBeCloseTo(
        1,
        3,
      );
    }
    expect(out.importance.cost).toEqual([]);
    expect(out.best.why).toMatch(/^(won on|tied on|picked over)/);
    expect(out.best.proposed_because).toBe(out.trials.find((t: { id: number }) => t.id === out.best.id).rationale);
    expect(shown).toContain(`Best: #${out.best.id} (`);
    expect(shown).toContain(` — ${out.best.why}`);
    expect(shown).toMatch(/Parameter importance \(.*; 8 trials/);
  });

  it('refuses to silently reuse a study name, and explains --resume', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-tune-'));
    expect(runCli(['--dataset', 'demo', '--budget', '2', '--study', 's', '--proposer', 'random'], { cwd }).code).toBe(
      0,
    );
    const again = runCli(['--dataset', 'demo', '--budget', '2', '--study', 's'], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/study "s" already exists[\s\S]*--resume/);
    expect(again.stderr).not.toMatch(STACK_LINE);
    const bad = runCli(['--dataset', 'demo', '--weights', 'qualty=1'], { cwd });
    expect(bad.stderr).toMatch(/--weights: "qualty" is not one of the objectives.*Did you mean "quality"/);
    expect(runCli(['--dataset', 'demo', '--proposer', 'tpee'], { cwd }).stderr).toMatch(
      /unknown proposer "tpee"\. Did you mean "tpe"/,
    );
    expect(runCli(['--dataset', 'demo', '--constraint', 'latency<5'], { cwd }).stderr).toMatch(
      /unknown metric "latency"/,
    );
  });

  it('survives kill -9: --resume loses no finished trial and runs none twice', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-kill-'));
    const args = [
      '--dataset',
      'demo',
      '--budget',
      '20',
      '--proposer',
      'random',
      '--seed',
      '5',
      '--study',
      'k',
      '--no-fidelity',
      '--questions',
      '40',
    ];
    const run = startUntil(args, cwd, (stdout) => finishedLines(stdout) >= 3);
    await run.reached;
    run.child.kill('SIGKILL');
    await run.exited;
    const db = join(cwd, '.tune-rag/tune-rag.db');
    const before = trialsIn(db).filter((t) => ['complete', 'pruned', 'failed'].includes(t.state));
    expect(before.length).toBeGreaterThanOrEqual(3);

    const resumed = runCli([...args, '--resume'], { cwd });
    expect(resumed.code).toBe(0);
    const after = trialsIn(db);
    for (const trial of before) expect(after.find((t) => t.number === trial.number)).toEqual(trial); // nothing lost or changed
    const used = after.filter(
      (t) => t.state === 'complete' || t.state === 'pruned' || (t.state === 'failed' && t.error !== 'interrupted'),
    );
    expect(used).toHaveLength(20);
    expect(new Set(used.map((t) => t.config_hash)).size).toBe(used.length); // nothing evaluated twice
    expect(after.every((t) => t.state !== 'running' && t.state !== 'waiting')).toBe(true);
  });

  it('Ctrl-C stops gracefully: saves, prints what was found, and can be resumed', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-int-'));
    const args = [
      '--dataset',
      'demo',
      '--budget',
      '24',
      '--proposer',
      'random',
      '--seed',
      '2',
      '--study',
      'c',
      '--no-fidelity',
      '--questions',
      '30',
    ];
    const run = startUntil(args, cwd, (stdout) => finishedLines(stdout) >= 2);
    await run.reached;
    run.child.kill('SIGINT');
    const code = await run.exited;
    const { stdout, stderr } = run.output();
    expect(code).toBe(130);
    expect(stdout).toMatch(/Leaderboard/);
    expect(stderr).toMatch(/--resume/);
    expect(stderr).not.toMatch(STACK_LINE);
    const resumed = runCli([...args, '--resume', '--json', 'out.json'], { cwd });
    expect(resumed.code).toBe(0);
    const out = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    expect(
      out.trials.filter((t: { state: string; error?: string }) => t.state !== 'failed' || t.error !== 'interrupted'),
    ).toHaveLength(24);
  });
});
