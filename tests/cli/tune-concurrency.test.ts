import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface TrialRow {
  number: number;
  state: string;
  config_hash: string;
  worker_id: string;
  started_at: number;
  finished_at: number;
}

describe('tune --concurrency 2 (real runner, SQLite study store)', () => {
  it('evaluates two trials at once, each configuration once, and stops at the budget exactly', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-concurrency-'));
    const result = runCli(
      [
        '--dataset',
        'demo',
        '--budget',
        '8',
        '--proposer',
        'random',
        '--questions',
        '12',
        '--seed',
        '5',
        '--no-fidelity',
        '--concurrency',
        '2',
        '--json',
        'out.json',
      ],
      { cwd },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8')) as {
      trials: { state: string; rungs: { questions: number }[] }[];
    };
    expect(out.trials.map((t) => [t.state, t.rungs.map((r) => r.questions)])).toEqual(
      Array(8).fill(['complete', [12]]),
    );

    const db = new Database(join(cwd, '.tune-rag', 'tune-rag.db'), { readonly: true });
    const rows = db
      .prepare('SELECT number, state, config_hash, worker_id, started_at, finished_at FROM trials ORDER BY number')
      .all() as TrialRow[];
    db.close();
    expect(rows.map((r) => r.number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(rows.map((r) => r.config_hash)).size).toBe(8);
    // Both workers took trials; the first two were claimed from one proposal round before either ran.
    expect(new Set(rows.map((r) => r.worker_id)).size).toBe(2);
    expect(rows[0].worker_id).not.toBe(rows[1].worker_id);
    expect(rows[1].started_at).toBeLessThanOrEqual(rows[0].finished_at);
    // Never more than two running at once: at each start, at most two [start, finish) spans are open.
    const openAt = (t: number) => rows.filter((r) => r.started_at <= t && t < r.finished_at).length;
    expect(Math.max(...rows.map((r) => openAt(r.started_at)))).toBe(2);
  });
});
