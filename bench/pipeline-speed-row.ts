import type { Dataset } from '../src/data/dataset-schema.js';
import { mulberry32 } from '../src/stats/seeded-random.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PipelineRunner } from '../src/pipeline/pipeline-runner.js';
import { StageCache, type CacheEntry } from '../src/pipeline/stage-cache.js';
import type { StageKeys } from '../src/pipeline/stage-keys.js';
import type { Config } from '../src/space/parameter-schema.js';
import { openWorkspace } from '../src/workspace/workspace.js';
import { syntheticCorpus } from './synthetic-corpus.js';
import { median } from './timing.js';
import { answerRowRequest } from './fork-row.js';

/** One measured (corpus size, retrieval setup) pair of the pipeline speed section. */
export interface SpeedRow {
  size: number;
  chunks: number;
  label: string;
  config: Config;
  chunkMs: number;
  embedMs: number;
  indexMs: number;
  /** Recorded retrieve-stage latency per question of the cold trial (query embedding + search + fusion). */
  retrieveP50Ms: number;
  retrieveP95Ms: number;
  /** Recorded query-time latency per question (retrieve + rerank + generate), median. */
  questionP50Ms: number;
  coldTrialMs: number;
  warmTrialMs: number;
  questions: number;
  /** Peak resident set of the process that measured this row alone (dataset generation included). */
  peakRssMb: number;
  /** Resident set once the synthetic dataset was generated, before the pipeline ran. */
  datasetRssMb: number;
}

export interface RowRequest extends Record<string, unknown> {
  size: number;
  questions: number;
  label: string;
  overrides: Config;
}

/**
 * Measures one row: a cold trial (empty scratch cache: chunk, embed, index, then every question)
 * and a warm one (a new runner on the same cache: everything served from it). Run in a child
 * process per row by `pipeline-speed.ts`, so that peak RSS is this row's and nothing is warm.
 */
export async function measureRow(request: RowRequest): Promise<SpeedRow> {
  const workspace = openWorkspace({ cwd: process.cwd() });
  const dataset = syntheticDataset(request.size, request.questions);
  const datasetRssMb = process.memoryUsage().rss / 2 ** 20;
  const config: Config = {
    ...workspace.baseline,
    'chunk.strategy': 'recursive',
    'chunk.size': 256,
    ...request.overrides,
  };
  if (config.retrieval === 'bm25') delete config.embedder;
  if (config.retrieval !== 'hybrid') delete config.fusion;
  const dir = mkdtempSync(join(tmpdir(), 'tune-rag-bench-'));
  const cache = new FailFastCache({ dir });
  const newRunner = () => new PipelineRunner({ dataset, cache, components: workspace.components });
  try {
    // A corpus stage that fails is retried by every question (failures are not memoised), so stop
    // at the first failed cache write or failed question instead of repeating it 200 times.
    const abort = new AbortController();
    let failure: string | undefined;
    const cold = await newRunner()
      .run({
        config,
        signal: abort.signal,
        onProgress: () => {
          failure ??= cache.failure;
          if (failure) abort.abort();
        },
      })
      .catch((error: unknown) => {
        throw new Error(failure ? `stage cache write failed: ${failure}` : String(error));
      });
    const firstError = cold.outcomes.find((o) => o.error)?.error;
    if (firstError) throw new Error(`${cold.failures} question(s) failed: ${firstError}`);
    const warm = await newRunner().run({ config });
    // Index loading and building are recorded as build cost, not in any question's retrieve latency.
    const retrieve = cold.outcomes.map((o) => o.stageLatencyMs.retrieve);
    return {
      size: request.size,
      chunks: cold.chunks.length,
      label: request.label,
      config,
      ...stageCosts(cache, cold.keys),
      retrieveP50Ms: median(retrieve),
      retrieveP95Ms: percentile(retrieve, 0.95),
      questionP50Ms: median(cold.outcomes.map((o) => o.latencyMs)),
      coldTrialMs: cold.wallMs,
      warmTrialMs: warm.wallMs,
      questions: request.questions,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      datasetRssMb,
    };
  } finally {
    cache.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A stage cache that remembers the first failed write (the pipeline only sees the question fail). */
export class FailFastCache extends StageCache {
  failure: string | undefined;

  override put(stage: string, key: string, entry: CacheEntry): void {
    try {
      super.put(stage, key, entry);
    } catch (error) {
      this.failure ??= `${stage}: ${error instanceof Error ? error.message : String(error)} (${(entry.value.byteLength / 2 ** 20).toFixed(0)} MiB value)`;
      throw error;
    }
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

export function stageCosts(cache: StageCache, keys: StageKeys): { chunkMs: number; embedMs: number; indexMs: number } {
  const ms = (stage: string, key: string | null) => (key ? (cache.cost(stage, key)?.latencyMs ?? 0) : 0);
  return {
    chunkMs: ms('chunk', keys.chunk),
    embedMs: ms('embed', keys.embed),
    indexMs: ms('index', keys.denseIndex) + ms('index', keys.bm25Index),
  };
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
    return {
      id: `q${q}`,
      question: words.slice(start, start + 5).join(' '),
      answers: [words[start + 5]],
      gold_doc_ids: [`d${doc}`],
    };
  });
  return {
    name: `synthetic-${size}`,
    source: 'bench',
    format: 'native',
    docs,
    questions: qa,
    fingerprint: `synthetic-${size}-v1`,
    hasAnswers: true,
    hasGold: true,
  };
}

// Child-process entry: `node pipeline-speed-row.js` forked with IPC; receives a RowRequest, replies { row } or { error }.
answerRowRequest('--pipeline-speed-row', measureRow);
