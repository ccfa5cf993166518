import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

/** The settings the study was stored with. */
function storedSettings(cwd: string, study: string): { pruner: string } {
  const handle = new Database(join(cwd, '.tune-rag/tune-rag.db'), { readonly: true });
  try {
    return JSON.parse(
      (handle.prepare('SELECT settings FROM studies WHERE name = ?').get(study) as { settings: string }).settings,
    );
  } finally {
    handle.close();
  }
}

describe('tune --pruner', () => {
  it('median prunes only once five trials completed, is stored with the study, and a resume refuses another --pruner', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-pruner-'));
    const args = [
      'tune',
      '--dataset',
      'demo',
      '--budget',
      '10',
      '--proposer',
      'random',
      '--seed',
      '1',
      '--study',
      'med',
    ];
    const result = runCli([...args, '--pruner', 'median', '--json', 'out.json'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    // #0..#5 complete (the first five are the startup trials; #5 is at or above the median); then
    // trials below the median of the completed ones stop at rung 1 or 2 of 3, and #8, at or above
    // it at every rung, completes.
    expect(
      out.trials.map((t: { id: number; state: string; rungs: unknown[] }) => [t.id, t.state, t.rungs.length]),
    ).toEqual([
      [0, 'complete', 3],
      [1, 'complete', 3],
      [2, 'complete', 3],
      [3, 'complete', 3],
      [4, 'complete', 3],
      [5, 'complete', 3],
      [6, 'pruned', 1],
      [7, 'pruned', 1],
      [8, 'complete', 3],
      [9, 'pruned', 2],
    ]);
    expect(storedSettings(cwd, 'med').pruner).toBe('median');

    const other = runCli([...args, '--resume', '--pruner', 'none'], { cwd });
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(
      'error: cannot resume study "med" with --pruner none: it was started with --pruner median\nhint: Leave out --pruner to continue with median, or start a new study with --study NEW_NAME.\n',
    );
    // Without --pruner the stored one holds: nothing left to run at the same budget.
    const same = runCli([...args, '--resume'], { cwd });
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/^resuming study med on demo: .*; pruner median; proposer random; budget 10$/m);
    expect(JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8')).trials).toHaveLength(10);
  });

  it('names the flag of an unknown pruner, with the likely one', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-pruner-'));
    const result = runCli(['tune', '--dataset', 'demo', '--budget', '1', '--pruner', 'medain'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: --pruner: unknown pruner "medain". Did you mean "median"?\nhint: Available: successive-halving, median, none\n',
    );
  });
});
