import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startLoopbackServer } from '../tests/support/loopback-openai-server.js';

const BIN = fileURLToPath(new URL('../src/cli/bin.js', import.meta.url));

/** One scenario: the tune flags of its run and the environment its processes need. */
interface Scenario {
  name: string;
  args: string[];
  env: Record<string, string>;
  budget: number;
}

/** One `tune --workers N` run: wall time, CPU time of tune and its workers, and the span of its trials. */
interface RunTiming {
  wallMs: number;
  cpuMs: number;
  /** First trial's start to the last one's end: the throughput without start-up (dataset load, index). */
  trialSpanMs: number;
  /**
   * How long after the first trial the last worker process to join started its first trial: the
   * start-up (module loading, study and dataset) a later worker pays inside the span.
   */
  lastJoinMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `tune --workers N` under /usr/bin/time (user + system CPU of tune and of the worker
 * processes it waits for) in a fresh folder (empty stage cache, new SQLite study).
 */
function runOnce(scenario: Scenario, workers: number): Promise<RunTiming> {
  const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-bench-workers-'));
  const args = [...scenario.args, '--budget', String(scenario.budget), '--workers', String(workers)];
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', 'cpu.txt', process.execPath, BIN, ...args], {
    cwd,
    env: { ...process.env, ...scenario.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => {
      const wallMs = performance.now() - started;
      try {
        if (code !== 0) throw new Error(`tune --workers ${workers} (${scenario.name}) exited ${code}: ${stderr}`);
        const [user, system] = readFileSync(join(cwd, 'cpu.txt'), 'utf8').trim().split(/\s+/).map(Number);
        const db = new Database(join(cwd, '.tune-rag', 'tune-rag.db'), { readonly: true });
        const span = db
          .prepare("SELECT MIN(started_at) AS first, MAX(finished_at) AS last FROM trials WHERE state = 'complete'")
          .get() as { first: number; last: number };
        const joins = db
          .prepare("SELECT MIN(started_at) AS first FROM trials WHERE state = 'complete' GROUP BY worker_id")
          .all() as { first: number }[];
        db.close();
        const lastJoinMs = Math.max(...joins.map((j) => j.first)) - span.first;
        resolve({ wallMs, cpuMs: (user + system) * 1000, trialSpanMs: span.last - span.first, lastJoinMs });
      } catch (error) {
        reject(error);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    }),
  );
}

/**
 * Throughput of `tune --workers N` (tune plus N - 1 `tune-rag worker` processes on one SQLite
 * study) on the demo, in two scenarios: an LLM generator on a loopback OpenAI-compatible server
 * answering each call after `replyMs` (latency-bound: workers overlap their waits), and the local
 * pipeline (CPU-bound: workers use more cores). Each configuration runs `repeats` times, in rounds
 * that interleave the worker counts; the table shows medians: trials/min over the trials' span, the
 * speed-up over the same round's 1-worker run, when the last
 * worker to join started its first trial (after the first trial), wall time
 * (start-up included) and CPU time (tune plus its workers; a shared machine inflates wall, not CPU).
 */
export async function runWorkersBench(options: {
  workers: number[];
  budget: number;
  /** Questions per local trial; undefined: all of the demo's, as `tune-rag --dataset demo` runs. */
  questions?: number;
  repeats: number;
  replyMs?: number;
  json?: string;
}): Promise<unknown> {
  const replyMs = options.replyMs ?? 200;
  const server = await startLoopbackServer();
  server.setFallback('chat', () => ({ kind: 'delay', ms: replyMs, then: { kind: 'text', text: 'Paris' } }));
  const dir = mkdtempSync(join(tmpdir(), 'tune-rag-bench-space-'));
  const space = join(dir, 'llm-space.json');
  writeFileSync(
    space,
    JSON.stringify({
      parameters: [
        { name: 'generator', type: 'categorical', group: 'generator', values: ['llm:gpt-4o-mini'] },
        { name: 'top_k', type: 'int', group: 'retrieval', low: 1, high: 12 },
        { name: 'temperature', type: 'float', group: 'generator', low: 0, high: 1 },
      ],
    }),
  );
  const common = ['--dataset', 'demo', '--proposer', 'random', '--seed', '1', '--no-fidelity', '--json', 'out.json'];
  const scenarios: Scenario[] = [
    {
      name: `llm (+${replyMs} ms/call)`,
      args: [...common, '--questions', '8', '--space', space, '--llm', 'openai:gpt-4o-mini'],
      env: { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-bench-workers' },
      budget: options.budget,
    },
    {
      name: options.questions === undefined ? 'local' : `local (${options.questions} questions)`,
      args: options.questions === undefined ? common : [...common, '--questions', String(options.questions)],
      env: {},
      budget: options.budget,
    },
  ];
  const rows: Record<string, unknown>[] = [];
  try {
    for (const scenario of scenarios) {
      // Rounds interleave the worker counts (1, 2, 3, 1, 2, 3, ...) and each round's speed-up is
      // paired with its own 1-worker run: on a shared machine the speed drifts by a third between
      // minutes (one 1-worker trial span measured 9.5 s, then 13.3 s), which a block of 1-worker
      // runs followed by a block of 2-worker runs reads as a speed-up or a slow-down.
      const runs = new Map<number, RunTiming[]>(options.workers.map((w) => [w, []]));
      for (let i = 0; i < options.repeats; i++)
        for (const workers of options.workers) runs.get(workers)!.push(await runOnce(scenario, workers));
      const base = runs.get(options.workers[0])!;
      for (const workers of options.workers) {
        const own = runs.get(workers)!;
        const spanMs = median(own.map((r) => r.trialSpanMs));
        rows.push({
          scenario: scenario.name,
          workers,
          trialsPerMinute: (scenario.budget * 60_000) / spanMs,
          speedup: median(own.map((r, i) => base[i].trialSpanMs / r.trialSpanMs)),
          lastJoinMs: median(own.map((r) => r.lastJoinMs)),
          wallMs: median(own.map((r) => r.wallMs)),
          cpuMs: median(own.map((r) => r.cpuMs)),
          runs: own,
        });
      }
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `budget ${options.budget}, medians of ${options.repeats} interleaved round(s), speed-up paired with each round's ${options.workers[0]}-worker run; targets: llm 3 workers >= 2.5x, local 2 workers >= 1.6x`,
  );
  console.log('scenario               workers   trials/min   speed-up   last join s   wall s   cpu s');
  for (const r of rows as {
    scenario: string;
    workers: number;
    trialsPerMinute: number;
    speedup: number;
    lastJoinMs: number;
    wallMs: number;
    cpuMs: number;
  }[])
    console.log(
      `${r.scenario.padEnd(22)} ${String(r.workers).padStart(7)} ${r.trialsPerMinute.toFixed(1).padStart(12)} ${r.speedup.toFixed(2).padStart(9)}x ${(r.lastJoinMs / 1000).toFixed(2).padStart(13)} ${(r.wallMs / 1000).toFixed(1).padStart(8)} ${(r.cpuMs / 1000).toFixed(1).padStart(7)}`,
    );
  if (options.json) writeFileSync(options.json, JSON.stringify(rows, null, 2));
  return rows;
}
