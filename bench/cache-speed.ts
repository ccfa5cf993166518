import { writeFileSync } from 'node:fs';
import { loadDataset } from '../src/data/load-dataset.js';
import { openWorkspace } from '../src/workspace/workspace.js';
import { withScratchCache } from './bench-pipeline.js';
import { median } from './timing.js';

/**
 * Cold vs warm wall time of one configuration (the baseline) on a dataset: cold = empty stage
 * cache, warm = the same configuration again in a new runner (a new process would see the same
 * cache). Median over repetitions, each with its own fresh cache.
 */
export async function runCacheBench(options: {
  datasets: string[];
  repetitions: number;
  json?: string;
}): Promise<unknown> {
  const workspace = openWorkspace({ cwd: process.cwd() });
  const rows: { dataset: string; questions: number; coldMs: number; warmMs: number; ratio: number }[] = [];
  for (const spec of options.datasets) {
    const dataset = await loadDataset({ spec, cwd: process.cwd() });
    const cold: number[] = [];
    const warm: number[] = [];
    for (let r = 0; r < options.repetitions; r++) {
      await withScratchCache(
        async (newRunner) => {
          cold.push((await newRunner().run({ config: workspace.baseline })).wallMs);
          warm.push((await newRunner().run({ config: workspace.baseline })).wallMs);
        },
        { dataset, workspace },
      );
    }
    const coldMs = median(cold);
    const warmMs = median(warm);
    rows.push({ dataset: dataset.name, questions: dataset.questions.length, coldMs, warmMs, ratio: coldMs / warmMs });
  }
  console.log('dataset                  questions   cold ms   warm ms   cold/warm');
  for (const row of rows) {
    console.log(
      `${row.dataset.padEnd(24)} ${String(row.questions).padStart(9)} ${row.coldMs.toFixed(0).padStart(9)} ${row.warmMs.toFixed(0).padStart(9)} ${row.ratio.toFixed(1).padStart(10)}x`,
    );
  }
  if (options.json) writeFileSync(options.json, JSON.stringify({ repetitions: options.repetitions, rows }, null, 2));
  return rows;
}
