import { writeFileSync } from 'node:fs';
import { loadDataset } from '../src/data/load-dataset.js';
import { createRandomProposer } from '../src/optimize/proposers/random-proposer.js';
import { loadSearchSpace } from '../src/space/load-space.js';
import type { Config } from '../src/space/parameter-schema.js';
import { openWorkspace } from '../src/workspace/workspace.js';
import { withScratchCache } from './bench-pipeline.js';

interface SpreadRow {
  label: string;
  config: Config;
  f1: number;
  recall: number;
}

/**
 * How much configuration matters on a dataset: runs the baseline and `samples` seeded random
 * configurations of the default space on every question, and prints the best and worst answer
 * F1 and recall over the generator's context with the configurations behind them. A dataset on which every configuration
 * scores alike cannot tell a good tuner from a bad one.
 */
export async function runSpreadBench(options: {
  dataset: string;
  samples: number;
  seed: number;
  json?: string;
}): Promise<unknown> {
  const workspace = openWorkspace({ cwd: process.cwd() });
  const dataset = await loadDataset({ spec: options.dataset, cwd: process.cwd() });
  const space = loadSearchSpace({
    path: workspace.defaultSpacePath,
    catalogue: workspace.catalogue,
    fixed: workspace.defaults,
  });
  const proposals = await createRandomProposer().propose({
    space,
    history: [],
    n: options.samples,
    seed: options.seed,
    objectives: [],
    weights: {},
  });
  const rows: SpreadRow[] = [];
  await withScratchCache(
    async (newRunner) => {
      const runner = newRunner();
      const entries: [string, Config][] = [
        ['baseline', workspace.baseline],
        ...proposals.map((p, i): [string, Config] => [`random #${i}`, p.config]),
      ];
      for (const [label, config] of entries) {
        const { metrics } = await runner.run({ config });
        rows.push({ label, config, f1: metrics.f1 ?? 0, recall: metrics.recall_at_context ?? 0 });
      }
    },
    { dataset, workspace },
  );
  const by = (key: 'f1' | 'recall') => [...rows].sort((a, b) => b[key] - a[key]);
  console.log(
    `dataset ${dataset.name}: baseline + ${options.samples} random configurations (seed ${options.seed}), all ${dataset.questions.length} questions`,
  );
  for (const key of ['f1', 'recall'] as const) {
    const sorted = by(key);
    const best = sorted[0];
    const worst = sorted[sorted.length - 1];
    console.log(
      `  ${key === 'f1' ? 'answer F1 ' : 'recall@ctx'} best ${best[key].toFixed(3)} (${best.label})  worst ${worst[key].toFixed(3)} (${worst.label})  spread ${((best[key] - worst[key]) * 100).toFixed(1)} points  baseline ${rows[0][key].toFixed(3)}`,
    );
    console.log(`     best:  ${describe(best.config)}`);
    console.log(`     worst: ${describe(worst.config)}`);
  }
  if (options.json)
    writeFileSync(options.json, JSON.stringify({ dataset: dataset.name, seed: options.seed, rows }, null, 2));
  return rows;
}

function describe(config: Config): string {
  return Object.entries(config)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}
