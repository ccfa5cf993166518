import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../src/data/load-dataset.js';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import type { Config } from '../../src/space/parameter-schema.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { answerRowRequest } from '../fork-row.js';
import { FailFastCache, stageCosts } from '../pipeline-speed-row.js';
import { directoryBytes } from './directory-bytes.js';
import { exactDenseCheck, type ExactCheck } from './exact-dense-check.js';
import { buildScaleCorpus } from './scale-corpus.js';

/** What one scale row measures: one retrieval setup on one corpus size. */
export interface ScaleRowRequest extends Record<string, unknown> {
  source: string;
  docs: number;
  questions: number;
  seed: number;
  label: string;
  overrides: Config;
}

/** One measured (corpus size, retrieval setup) row of the scale section. */
export interface ScaleRow {
  docs: number;
  chunks: number;
  questions: number;
  label: string;
  coldMs: number;
  warmMs: number;
  chunkMs: number;
  embedMs: number;
  indexMs: number;
  /** Retrieve stage of the cold trial, summed over its questions (recorded latencies). */
  retrieveMs: number;
  /** Peak resident set of the cold trial alone (the process had done nothing else). */
  coldRssMb: number;
  /** Peak resident set after the cold and then the warm trial (before the exact-search check). */
  peakRssMb: number;
  cacheMb: number;
  recall: number | null;
  hit: number | null;
  failures: number;
  /** What the trial reported about its dense search (dense_search, ann_recall), when it did. */
  trialMetrics: Record<string, number | null>;
  /** Dense rows only: the same embeddings searched by brute force. */
  exact: ExactCheck | null;
}

/**
 * Measures one row in its own process: a cold trial (empty scratch cache), then a warm one (a new
 * runner on the same cache), then for a dense setup the exact-search reference over the very
 * vectors the trial searched (read back from the cache).
 */
export async function measureScaleRow(request: ScaleRowRequest): Promise<ScaleRow> {
  const workspace = openWorkspace({ cwd: process.cwd() });
  const source = await loadDataset({ spec: request.source, cwd: process.cwd() });
  const dataset = buildScaleCorpus({ source, docs: request.docs, questions: request.questions, seed: request.seed });
  const config: Config = { ...workspace.baseline, ...request.overrides };
  if (config.retrieval === 'bm25') delete config.embedder;
  if (config.retrieval !== 'hybrid') delete config.fusion;
  const dir = mkdtempSync(join(tmpdir(), 'tune-rag-scale-'));
  const cache = new FailFastCache({ dir });
  const newRunner = () => new PipelineRunner({ dataset, cache, components: workspace.components });
  try {
    const cold = await newRunner().run({ config });
    const coldRssMb = process.resourceUsage().maxRSS / 1024;
    if (cache.failure) throw new Error(`stage cache write failed: ${cache.failure}`);
    const warm = await newRunner().run({ config });
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const metric = (key: string) => cold.metrics[key] ?? null;
    const exact =
      config.retrieval === 'dense' && cold.keys.embed
        ? await exactDenseCheck({ cache, embedKey: cold.keys.embed, run: cold, dataset, workspace, config })
        : null;
    return {
      docs: request.docs,
      chunks: cold.chunks.length,
      questions: dataset.questions.length,
      label: request.label,
      coldMs: cold.wallMs,
      warmMs: warm.wallMs,
      ...stageCosts(cache, cold.keys),
      retrieveMs: cold.outcomes.reduce((sum, o) => sum + (o.stageLatencyMs.retrieve ?? 0), 0),
      coldRssMb,
      peakRssMb,
      cacheMb: directoryBytes(dir) / 2 ** 20,
      recall: metric('recall_at_k'),
      hit: metric('hit_rate'),
      failures: cold.failures,
      trialMetrics: { dense_search_exact: metric('dense_search_exact'), ann_recall: metric('ann_recall') },
      exact,
    };
  } finally {
    cache.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

answerRowRequest('--scale-row', measureScaleRow);
