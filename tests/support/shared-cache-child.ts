// One process of the shared-cache tests (tests/pipeline/shared-cache-processes.test.ts): opens the
// stage cache in the folder it is given, waits for the parent's "go" (so processes start their
// work together), runs one scenario and sends back what it saw.
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ZERO_USAGE } from '../../src/accounting/usage.js';
import { computeOnce } from '../../src/pipeline/compute-once.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { checkValue, makeValue } from './shared-cache-values.js';

/** What the parent asks for. */
export interface ChildTask {
  scenario: 'hammer' | 'hold' | 'read';
  dir: string;
  writer: string;
  /** Corpus keys computed through computeOnce (hammer), or held forever (hold). */
  keys: string[];
  /** hammer: each computation appends its key here, so the parent counts computations. */
  runsLog?: string;
  computeMs?: number;
  /** hammer: rounds of per-question writes and reads after the corpus keys. */
  rounds?: number;
  /** read: how long to keep reading. */
  readMs?: number;
}

/** What the child reports. */
export interface ChildReport {
  health: ReturnType<StageCache['health']['report']>;
  /** Values read that were not a whole value written for that key. */
  mismatches: number;
  hits: number;
  misses: number;
  computed: number;
}

const SMALL_FILES = 512;

async function hammer(task: ChildTask, cache: StageCache, report: ChildReport): Promise<void> {
  for (const key of task.keys) {
    const value = await computeOnce({
      cache,
      stage: 'embed',
      key,
      read: () => cache.get('embed', key)?.value,
      compute: async () => {
        appendFileSync(task.runsLog as string, `${key}\n`);
        report.computed += 1;
        await sleep(task.computeMs ?? 100);
        const made = makeValue({ key, writer: task.writer, seq: 0, bytes: 2000 });
        // A different latency per writer: the checksums differ even where the values agree.
        cache.put('embed', key, { value: made, latencyMs: Math.random() * 100, usage: ZERO_USAGE });
        return made;
      },
    });
    if (!checkValue(value, key)) report.mismatches += 1;
  }
  // Per-question entries: both processes rewrite the same keys (values over and under the file
  // threshold) and read them back while the other writes.
  const questions = Array.from({ length: 20 }, (_, i) => `q${i}`);
  for (let round = 0; round < (task.rounds ?? 0); round += 1) {
    cache.putMany(
      'generate',
      questions.map((key, i) => ({
        key,
        entry: {
          value: makeValue({ key, writer: task.writer, seq: round, bytes: i % 2 ? 300 : 1500 }),
          latencyMs: round,
          usage: ZERO_USAGE,
        },
      })),
    );
    for (const key of questions) readOne(cache, 'generate', key, report);
  }
}

function readOne(cache: StageCache, stage: string, key: string, report: ChildReport): void {
  const hit = cache.get(stage, key);
  if (!hit) {
    report.misses += 1;
    return;
  }
  report.hits += 1;
  if (!checkValue(hit.value, key)) report.mismatches += 1;
}

async function readLoop(task: ChildTask, cache: StageCache, report: ChildReport): Promise<void> {
  const until = Date.now() + (task.readMs ?? 1000);
  while (Date.now() < until) {
    for (const key of task.keys) readOne(cache, 'generate', key, report);
    await sleep(1);
  }
}

process.once('message', async (task: ChildTask) => {
  const cache = new StageCache({
    dir: task.dir,
    largeValueBytes: SMALL_FILES,
    lease: { pollMs: 5, maxPollMs: 40 },
  });
  const report: ChildReport = { health: cache.health.report(), mismatches: 0, hits: 0, misses: 0, computed: 0 };
  process.send?.({ ready: true, owner: cache.leases.owner });
  await new Promise((go) => process.once('message', go));
  if (task.scenario === 'hold') {
    // Takes the leases and never finishes: the parent kills this process.
    for (const key of task.keys)
      void computeOnce({ cache, stage: 'embed', key, read: () => undefined, compute: () => new Promise(() => {}) });
    setInterval(() => {}, 1000);
    await sleep(50);
    process.send?.({ holding: true });
    return;
  }
  if (task.scenario === 'hammer') await hammer(task, cache, report);
  else await readLoop(task, cache, report);
  cache.close();
  report.health = cache.health.report();
  process.send?.({ report }, () => process.exit(0));
});
