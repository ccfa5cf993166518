import { writeFileSync } from 'node:fs';
import type { Dataset } from '../src/data/dataset-schema.js';
import { mulberry32 } from '../src/eval/seeded-random.js';
import type { StageCache } from '../src/pipeline/stage-cache.js';
import type { StageKeys } from '../src/pipeline/stage-keys.js';
import type { Config } from '../src/space/parameter-schema.js';
import { openWorkspace } from '../src/workspace.js';
import { withScratchCache } from './bench-pipeline.js';
import { syntheticCorpus } from './synthetic-corpus.js';

interface SpeedRow {
  chunks: number;
  label: string;
  chunkMs: number;
  embedMs: number;
  indexMs: number;
  coldTrialMs: number;
  warmTrialMs: number;
  questions: number;
  peakRssMb: number;
}

/**
 * Whole-pipeline speed on a synthetic corpus (one ~130-token document per chunk at chunk.size
 * 256): chunking, embedding and indexing throughput from the stage cache's recorded costs, and
 * the wall time of a cold trial (everything built) against a warm one (everything cached).
 */
export async function runPipelineSpeedBench(options: { sizes: number[]; questions: number; json?: string }): Promise<unknown> {
  const workspace = openWorkspace({ cwd: process.cwd() });
  const rows: SpeedRow[] = [];
  for (const size of options.sizes) {
    const dataset = syntheticDataset(size, options.questions);
    const configs: [string, Config][] = [
      ['bm25', { retrieval: 'bm25' }],
      ['dense hash-words', { retrieval: 'dense', embedder: 'hash-words' }],
      ['dense hash-chargrams', { retrieval: 'dense', embedder: 'hash-chargrams' }],
      ['dense lsa', { retrieval: 'dense', embedder: 'lsa' }],
      ['hybrid hash-words', { retrieval: 'hybrid', embedder: 'hash-words', fusion: 'rrf' }],
    ];
    // Dense indexes of 100k high-dimensional vectors take minutes each on 2 cores; the retrieval
    // section covers dense at 100k with 384 dimensions.
    const selected = size > 20_000 ? configs.filter(([label]) => label === 'bm25') : configs;
    for (const [label, overrides] of selected) {
      const config: Config = { ...workspace.baseline, 'chunk.strategy': 'recursive', 'chunk.size': 256, ...overrides };
      if (config.retrieval === 'bm25') delete config.embedder;
      if (config.retrieval !== 'hybrid') delete config.fusion;
      await withScratchCache(async (newRunner, cache) => {
        const cold = await newRunner().run({ config });
        const warm = await newRunner().run({ config });
        const cost = stageCosts(cache, cold.keys);
        rows.push({ chunks: cold.chunks.length, label, ...cost, coldTrialMs: cold.wallMs, warmTrialMs: warm.wallMs, questions: options.questions, peakRssMb: process.resourceUsage().maxRSS / 1024 });
      }, { dataset, workspace });
      const row = rows[rows.length - 1];
      const perSecond = (ms: number) => (ms > 0 ? Math.round((row.chunks / ms) * 1000).toLocaleString('en') : '-');
      console.log(`${row.chunks.toLocaleString('en').padStart(8)} chunks  ${label.padEnd(22)} chunk ${perSecond(row.chunkMs).padStart(8)}/s  embed ${perSecond(row.embedMs).padStart(8)}/s  index ${perSecond(row.indexMs).padStart(9)}/s  ` +
        `trial cold ${(row.coldTrialMs / 1000).toFixed(2)} s, warm ${(row.warmTrialMs / 1000).toFixed(3)} s (${(row.coldTrialMs / row.warmTrialMs).toFixed(0)}x)  peak RSS ${row.peakRssMb.toFixed(0)} MB`);
    }
  }
  if (options.json) writeFileSync(options.json, JSON.stringify(rows, null, 2));
  return rows;
}

function stageCosts(cache: StageCache, keys: StageKeys): { chunkMs: number; embedMs: number; indexMs: number } {
  const ms = (stage: string, key: string | null) => (key ? cache.cost(stage, key)?.latencyMs ?? 0 : 0);
  return { chunkMs: ms('chunk', keys.chunk), embedMs: ms('embed', keys.embed), indexMs: ms('index', keys.denseIndex) + ms('index', keys.bm25Index) };
}

function syntheticDataset(size: number, questions: number): Dataset {
  // 40-60 pseudo-words are ~150 cl100k tokens: one chunk per document at chunk.size 256.
  const { chunks } = syntheticCorpus({ chunks: size, minWords: 40, maxWords: 60, seed: 3 });
  const random = mulberry32(5);
  const docs = chunks.map((text, i) => ({ id: `d${i}`, text }));
  const qa = Array.from({ length: questions }, (_, q) => {
    const doc = Math.floor(random() * size);
    const words = chunks[doc].split(' ');
    const start = Math.floor(random() * (words.length - 6));
    return { id: `q${q}`, question: words.slice(start, start + 5).join(' '), answers: [words[start + 5]], gold_doc_ids: [`d${doc}`] };
  });
  return { name: `synthetic-${size}`, source: 'bench', format: 'native', docs, questions: qa, fingerprint: `synthetic-${size}-v1`, hasAnswers: true, hasGold: true };
}
