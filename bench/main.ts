import { mkdirSync } from 'node:fs';
import { runWorkersBench } from './workers-throughput.js';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCacheBench } from './cache-speed.js';
import { runCorpusSpeedBench } from './corpus-speed/corpus-speed-bench.js';
import { runInspectBench } from './inspect-speed.js';
import { runSpreadBench } from './config-spread.js';
import { runPipelineSpeedBench } from './pipeline-speed.js';
import { runLlmUsageBench } from './llm-usage.js';
import { runProposerBench } from './proposer-bench.js';
import { runRetrievalBench } from './retrieval-speed.js';
import { runTabularBench, type TabularBenchTable } from './tabular-bench.js';
import { runRankAgreementBench } from './qa-generation/rank-agreement.js';
import { runUseLiteBench } from './use-lite/use-lite-bench.js';
import { runDefaultKnobsBench } from './default-knobs.js';
import { DEFAULT_SCALE_SOURCE, runScaleBench } from './scale/scale-bench.js';
import { runPgStoreBench } from './pg-store-speed.js';

/**
 * Entry of `npm run bench`. Each section is one benchmark; add new ones to SECTIONS.
 *   (default)        quick sizes: the whole run takes about two minutes on 2 cores
 *   --full           full sizes (100k chunks, 10 seeds x 30 trials, 30 tabular seeds): about 30 minutes
 *   --quick          accepted for old scripts; quick is the default
 *   --only a,b       run only these sections
 *   --json dir       also write <dir>/<section>.json (bench-results/ is git-ignored)
 *   --dataset x      dataset (name or path, repeatable) for the pipeline sections; default demo
 *   --seeds n        proposers: seeds per proposer (full 10, quick 3); tabular: seeds (full 30, quick 10)
 *   --budget n       proposers: trials per tuning run (full 30, quick 15); default-knobs: 30
 *   --questions n    default-knobs: tune on the first n questions of the seeded order (default all);
 *                    workers: questions per local trial (default all; quick 40)
 *   --table f.csv --task-column C --tasks Dev:Test[,Dev2:Test2] --objective COL
 *                    tabular: replay a results table (default: a generated grid of the same shape)
 *   --docs a,b       scale: corpus sizes in documents (default 20000; --full 20000,100000)
 *                    scale: --questions n questions (default 500); --dataset: the source folder (default SQuAD dev)
 *   --setups a,b     scale: only these retrieval setups (labels as in the table; --setups none: only the tune)
 *   --tune-trials n  scale: also a tuning run of n trials at the largest --docs size (peak RSS per trial)
 */
interface BenchSection {
  name: string;
  description: string;
  run(options: {
    quick: boolean;
    json?: string;
    datasets: string[];
    seeds?: number;
    budget?: number;
    questions?: number;
    table?: TabularBenchTable;
    /** --dataset as given (undefined when absent, unlike `datasets`). */
    source?: string;
    docs?: number[];
    setups?: string[];
    tuneTrials?: number;
  }): Promise<unknown>;
}

const SECTIONS: BenchSection[] = [
  {
    name: 'workers',
    description:
      'tune --workers 1/2/3 on the demo, LLM generator on a loopback server (+200 ms per call) and local pipeline: trials/min, speed-up, wall and CPU time (SQLite study)',
    run: ({ quick, json, budget, questions }) =>
      runWorkersBench({
        workers: [1, 2, 3],
        budget: budget ?? (quick ? 12 : 24),
        // Full: every demo question, as a user's `tune-rag --dataset demo` runs (a trial takes about
        // 1.6 s). Quick: 40 questions (0.5 s trials), where each process's own start-up (V8
        // warming up its code, reading the corpus artifacts into its memory) weighs more.
        questions: questions ?? (quick ? 40 : undefined),
        // Three rounds: a median of paired speed-ups needs an odd count (about 6 min on a quiet 2-core machine).
        repeats: quick ? 1 : 3,
        json,
      }),
  },
  {
    name: 'tabular',
    description:
      'proposers on a results table (row lookups): normalised best found at 5/10/20 evaluations, dev and test',
    run: ({ quick, json, seeds, table }) =>
      runTabularBench({ table, seeds: seeds ?? (quick ? 10 : 30), budgets: [5, 10, 20], json }),
  },
  {
    name: 'retrieval',
    description: 'index build time and query latency of dense (HNSW), BM25 and hybrid retrieval',
    run: ({ quick, json }) =>
      runRetrievalBench(
        quick
          ? { sizes: [10_000], queries: 200, repetitions: 5, json }
          : { sizes: [10_000, 100_000], queries: 1_000, repetitions: 7, json },
      ),
  },
  {
    name: 'pipeline',
    description:
      'chunk / embed / index throughput, retrieve latency per mode, cold vs warm trial time and peak RSS per retrieval setup, at 10k (and 100k) chunks',
    run: ({ quick, json }) =>
      runPipelineSpeedBench({ sizes: quick ? [10_000] : [10_000, 100_000], questions: 200, json }),
  },
  {
    name: 'corpus-speed',
    description:
      'chunking and BM25 indexing in-thread vs on worker threads, and hash-words cache bytes (dense vs sparse), on --dataset (a native folder, e.g. SQuAD dev) padded to 20k (and 100k) docs',
    run: ({ quick, datasets }) =>
      runCorpusSpeedBench({ dataset: datasets[0] as string, sizes: quick ? [20_000] : [20_000, 100_000] }),
  },
  {
    name: 'llm',
    description: 'LLM calls and tokens per trial, request-cache hit rate, judge cost share (loopback server)',
    run: ({ quick, json, datasets }) =>
      runLlmUsageBench({ dataset: datasets[0], trials: quick ? 6 : 12, questions: quick ? 10 : 20, json }),
  },
  {
    name: 'cache',
    description: 'cold vs warm wall time of the baseline configuration (stage cache), per dataset',
    run: ({ quick, json, datasets }) => runCacheBench({ datasets, repetitions: quick ? 1 : 3, json }),
  },
  {
    name: 'inspect',
    description: 'dataset load time and inspect (answers in gold docs, gold per question) wall time, per dataset',
    run: ({ quick, json, datasets }) => runInspectBench({ datasets, repetitions: quick ? 3 : 7, json }),
  },
  {
    name: 'spread',
    description: 'best vs worst answer F1 and context recall over random configurations of the default space',
    run: ({ quick, json, datasets }) =>
      runSpreadBench({ dataset: datasets[0], samples: quick ? 12 : 40, seed: 1, json }),
  },
  {
    name: 'proposers',
    description:
      'proposer overhead with 200 finished trials; best-so-far vs trials and vs question evaluations per proposer over seeds; held-out F1 of the pick',
    run: ({ quick, json, datasets, seeds, budget }) =>
      runProposerBench({
        dataset: datasets[0],
        seeds: seeds ?? (quick ? 3 : 10),
        budget: budget ?? (quick ? 15 : 30),
        json,
      }),
  },
  {
    name: 'qa-generation',
    description:
      'generated QA set vs hand-written: Spearman rho of 30 seeded configurations by quality and retrieval, and the pick gap (about 6 minutes on the demo)',
    run: ({ quick, json, datasets }) =>
      runRankAgreementBench({ dataset: datasets[0], configs: quick ? 12 : 30, questions: 100, seed: 0, json }),
  },
  {
    name: 'use-lite',
    description:
      'use-lite vs hash-words, hash-chargrams, lsa, bm25 and RRF fusions: hit@5 / recall@5 per dataset, chunks/s, model load (quick: SQuAD capped at ~500 paragraphs by whole articles)',
    run: ({ quick, json, datasets }) =>
      runUseLiteBench({ datasets, paragraphs: quick ? 500 : undefined, loadRepetitions: quick ? 3 : 5, json }),
  },
  {
    name: 'default-knobs',
    description:
      'default space (with the query and context knobs, staged by auto) vs the same without them: best quality and retrieval, trials using a knob, wall time, per dataset and seed (3 seeds x 30 trials, each cold: 26 minutes on the demo on a heavily loaded 2-core machine)',
    run: ({ json, datasets, seeds, budget, questions }) =>
      runDefaultKnobsBench({ datasets, seeds: seeds ?? 3, budget: budget ?? 30, questions, json }),
  },
  {
    name: 'scale',
    description:
      'SQuAD padded with real-sentence distractors to 20k (and 100k) docs: cold/warm trial, stage times, peak RSS, cache size, recall vs BM25 and vs exact search, per retrieval mode',
    run: ({ quick, json, source, docs, questions, setups, tuneTrials }) =>
      runScaleBench({
        source: source ?? DEFAULT_SCALE_SOURCE,
        docs: docs ?? (quick ? [20_000] : [20_000, 100_000]),
        questions: questions ?? 500,
        seed: 7,
        setups,
        tuneTrials,
        json,
      }),
  },
  {
    name: 'pg-store',
    description:
      'study store calls per second: PostgreSQL (throwaway local cluster) vs SQLite, enqueue + claim + rung + finish',
    run: ({ quick, json }) => runPgStoreBench({ cycles: quick ? 100 : 500, json }),
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
      seeds: { type: 'string' },
      budget: { type: 'string' },
      questions: { type: 'string' },
      full: { type: 'boolean', default: false },
      table: { type: 'string' },
      'task-column': { type: 'string' },
      tasks: { type: 'string' },
      objective: { type: 'string' },
      docs: { type: 'string' },
      setups: { type: 'string' },
      'tune-trials': { type: 'string' },
    },
  });
  if (values.help) {
    console.log(
      'usage: node dist/bench/main.js [--full] [--only name[,name]] [--json dir] [--dataset name|path ...] [--seeds n] [--budget n] [--questions n] [--docs a,b] [--setups a,b] [--tune-trials n]\n' +
        '         [--table f.csv --task-column C --tasks Dev:Test[,...] --objective COL]\nsections:',
    );
    for (const s of SECTIONS) console.log(`  ${s.name.padEnd(12)} ${s.description}`);
    return;
  }
  const wanted = values.only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted?.filter((name) => !SECTIONS.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) {
    console.error(`unknown section(s): ${unknown.join(', ')}. Available: ${SECTIONS.map((s) => s.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const quick = !values.full;
  let table: TabularBenchTable | undefined;
  if (values.table) {
    if (!values['task-column'] || !values.tasks || !values.objective) {
      console.error(
        '--table needs --task-column, --tasks Dev:Test[,...] and --objective (e.g. --task-column Dataset --tasks AIArxiv-Dev:AIArxiv-Test --objective LLMaaJ-AC)',
      );
      process.exitCode = 2;
      return;
    }
    table = {
      path: values.table,
      taskColumn: values['task-column'],
      tasks: values.tasks
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      objective: values.objective,
    };
  }
  const jsonDir = values.json;
  if (jsonDir) mkdirSync(jsonDir, { recursive: true });
  for (const section of SECTIONS) {
    if (wanted && !wanted.includes(section.name)) continue;
    const started = performance.now();
    console.log(`== ${section.name}${quick ? ' (quick; --full for full sizes)' : ''}`);
    await section.run({
      quick,
      table,
      json: jsonDir ? join(jsonDir, `${section.name}.json`) : undefined,
      datasets: values.dataset ?? ['demo'],
      seeds: positiveInteger('--seeds', values.seeds),
      budget: positiveInteger('--budget', values.budget),
      source: values.dataset?.[0],
      docs: values.docs?.split(',').map((d) => positiveInteger('--docs', d.trim())!),
      questions: positiveInteger('--questions', values.questions),
      setups: values.setups?.split(',').map((s) => s.trim()),
      tuneTrials: positiveInteger('--tune-trials', values['tune-trials']),
    });
    console.log(`== ${section.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

function positiveInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got "${value}"`);
  return n;
}

await main();
