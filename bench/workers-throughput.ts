import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));

/**
 * Throughput of `tune --workers N` (tune plus N - 1 `tune-rag worker` processes on one SQLite
 * study) with the local pipeline on the demo dataset: wall time of the same budget with 1, 2
 * and 3 processes, each run in a fresh folder (empty stage cache, new study), so every process
 * computes its own stages. The speed-up is the 1-worker time over the N-worker time.
 */
export async function runWorkersBench(options: {
  workers: number[];
  budget: number;
  questions: number;
  json?: string;
}): Promise<unknown> {
  const rows: { workers: number; wallMs: number; trialsPerMinute: number; speedup: number }[] = [];
  for (const workers of options.workers) {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-bench-workers-'));
    try {
      const started = performance.now();
      const result = spawnSync(
        process.execPath,
        [
          BIN,
          ...['--dataset', 'demo', '--budget', String(options.budget), '--proposer', 'random', '--seed', '1'],
          ...['--no-fidelity', '--questions', String(options.questions), '--workers', String(workers)],
          ...['--json', 'out.json'],
        ],
        { cwd, encoding: 'utf8' },
      );
      const wallMs = performance.now() - started;
      if (result.status !== 0) throw new Error(`tune --workers ${workers} failed: ${result.stderr}`);
      const speedup = rows.length ? rows[0].wallMs / wallMs : 1;
      rows.push({ workers, wallMs, trialsPerMinute: (options.budget * 60_000) / wallMs, speedup });
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }
  console.log(`workers   wall s   trials/min   speed-up (budget ${options.budget}, ${options.questions} questions)`);
  for (const row of rows)
    console.log(
      `${String(row.workers).padStart(7)} ${(row.wallMs / 1000).toFixed(1).padStart(8)} ${row.trialsPerMinute.toFixed(1).padStart(12)} ${row.speedup.toFixed(2).padStart(10)}x`,
    );
  if (options.json) writeFileSync(join(options.json, 'workers.json'), JSON.stringify(rows, null, 2));
  return rows;
}
