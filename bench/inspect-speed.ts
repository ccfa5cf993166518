import { writeFileSync } from 'node:fs';
import { inspectDataset } from '../src/data/inspect-dataset.js';
import { loadDataset } from '../src/data/load-dataset.js';
import { median, timed } from './timing.js';

/**
 * Wall time of `tune-rag inspect`'s analysis (inspectDataset) per dataset, median over
 * repetitions after one warm-up; loading is timed apart. Speed lives here, not in unit tests:
 * the shared-datasets test asserts what inspect finds, this measures how long it takes.
 */
export async function runInspectBench(options: {
  datasets: string[];
  repetitions: number;
  json?: string;
}): Promise<unknown> {
  const rows: { dataset: string; docs: number; questions: number; loadMs: number; inspectMs: number }[] = [];
  for (const spec of options.datasets) {
    const started = performance.now();
    const dataset = await loadDataset({ spec, cwd: process.cwd() });
    const loadMs = performance.now() - started;
    inspectDataset({ dataset });
    const inspectMs = median(
      Array.from({ length: options.repetitions }, () => timed(() => inspectDataset({ dataset })).ms),
    );
    rows.push({
      dataset: dataset.name,
      docs: dataset.docs.length,
      questions: dataset.questions.length,
      loadMs,
      inspectMs,
    });
  }
  console.log('dataset                       docs  questions   load ms  inspect ms');
  for (const row of rows) {
    console.log(
      `${row.dataset.padEnd(24)} ${String(row.docs).padStart(9)} ${String(row.questions).padStart(10)} ${row.loadMs.toFixed(0).padStart(9)} ${row.inspectMs.toFixed(1).padStart(11)}`,
    );
  }
  if (options.json) writeFileSync(options.json, JSON.stringify({ repetitions: options.repetitions, rows }, null, 2));
  return rows;
}
