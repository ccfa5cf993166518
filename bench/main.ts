import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCacheBench } from './cache-speed.js';
import { runSpreadBench } from './config-spread.js';
import { runPipelineSpeedBench } from './pipeline-speed.js';
import { runLlmUsageBench } from './llm-usage.js';
import { runProposerBench } from './proposer-bench.js';
import { runRetrievalBench } from './retrieval-speed.js';

/**
 * Entry of `npm run bench`. Each section is one benchmark; add new ones to SECTIONS.
 *   --quick          smaller sizes (the whole run well under a minute)
 *   --only a,b       run only these sections
 *   --json dir       also write <dir>/<section>.json (bench-results/ is git-ignored)
 *   --dataset x      dataset (name or path, repeatable) for the pipeline sections; default demo
 */
interface BenchSection {
  name: string;
  description: string;
  run(options: { quick: boolean; json?: string; datasets: string[] }): Promise<unknown>;
}

const SECTIONS: BenchSection[] = [
  {
    name: 'retrieval',
    description: 'index build time and query latency of dense (HNSW), BM25 and hybrid retrieval',
    run: ({ quick, json }) =>
      runRetrievalBench(quick ? { sizes: [10_000], queries: 200, repetitions: 5, json } : { sizes: [10_000, 100_000], queries: 1_000, repetitions: 7, json }),
  },
  {
    name: 'pipeline',
    description: 'chunk / embed / index throughput and cold vs warm trial time per retrieval setup, at 10k (and 100k) chunks',
    run: ({ quick, json }) => runPipelineSpeedBench({ sizes: quick ? [10_000] : [10_000, 100_000], questions: 200, json }),
  },
  {
    name: 'llm',
    description: 'LLM calls and tokens per trial, request-cache hit rate, judge cost share (loopback server)',
    run: ({ quick, json, datasets }) => runLlmUsageBench({ dataset: datasets[0], trials: quick ? 6 : 12, questions: quick ? 10 : 20, json }),
  },
  {
    name: 'cache',
    description: 'cold vs warm wall time of the baseline configuration (stage cache), per dataset',
    run: ({ quick, json, datasets }) => runCacheBench({ datasets, repetitions: quick ? 1 : 3, json }),
  },
  {
    name: 'spread',
    description: 'best vs worst answer F1 and recall@k over random configurations of the default space',
    run: ({ quick, json, datasets }) => runSpreadBench({ dataset: datasets[0], samples: quick ? 12 : 40, seed: 1, json }),
  },
  {
    name: 'proposers',
    description: 'proposer overhead with 200 finished trials; best-so-far vs trials per proposer over seeds',
    run: ({ quick, json, datasets }) => runProposerBench({ dataset: datasets[0], seeds: quick ? 3 : 10, budget: quick ? 15 : 30, json }),
  },
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
      dataset: { type: 'string', multiple: true },
    },
  });
  if (values.help) {
    console.log('usage: node dist/bench/main.js [--quick] [--only name[,name]] [--json dir] [--dataset name|path ...]\nsections:');
    for (const s of SECTIONS) console.log(`  ${s.name.padEnd(12)} ${s.description}`);
    return;
  }
  const wanted = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted?.filter((name) => !SECTIONS.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) {
    console.error(`unknown section(s): ${unknown.join(', ')}. Available: ${SECTIONS.map((s) => s.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const jsonDir = values.json;
  for (const section of SECTIONS) {
    if (wanted && !wanted.includes(section.name)) continue;
    const started = performance.now();
    console.log(`== ${section.name}${values.quick ? ' (quick)' : ''}`);
    await section.run({ quick: values.quick ?? false, json: jsonDir ? join(jsonDir, `${section.name}.json`) : undefined, datasets: values.dataset ?? ['demo'] });
    console.log(`== ${section.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

await main();
