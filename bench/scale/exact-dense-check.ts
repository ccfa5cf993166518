import type { Dataset } from '../../src/data/dataset-schema.js';
import { hitAtK } from '../../src/metrics/hit-rate.js';
import { judgeRanking } from '../../src/metrics/chunk-relevance.js';
import { recallAtK } from '../../src/metrics/recall-at-k.js';
import { decodeEmbeddings } from '../../src/pipeline/embedding-codec.js';
import type { PipelineRun } from '../../src/pipeline/pipeline-runner.js';
import type { StageCache } from '../../src/pipeline/stage-cache.js';
import { topK } from '../../src/providers/local/top-k.js';
import type { Config } from '../../src/space/parameter-schema.js';
import type { Workspace } from '../../src/workspace/workspace.js';

/** A dense trial's ranking against brute-force search over the same vectors. */
export interface ExactCheck {
  /** Recall@k and hit@k of the exact top k. */
  recall: number | null;
  hit: number | null;
  /** Mean share of the exact top k the trial also returned in its top k (1 = no search loss). */
  overlap: number;
  /** Time of the brute-force search of every question (one thread, no blocking). */
  searchMs: number;
}

/**
 * The reference for a dense trial: the corpus vectors it searched (read back from the embed
 * stage's cache entry), each question embedded by the same embedder, and every chunk scored by
 * a plain dot product. Deliberately naive, so it checks the pipeline's search rather than sharing
 * its code.
 */
export async function exactDenseCheck(options: {
  cache: StageCache;
  embedKey: string;
  run: PipelineRun;
  dataset: Dataset;
  workspace: Workspace;
  config: Config;
}): Promise<ExactCheck> {
  const { cache, embedKey, run, dataset, workspace, config } = options;
  const entry = cache.get('embed', embedKey);
  if (!entry) throw new Error(`the embed stage's entry ${embedKey} is not in the cache`);
  const { vectors, state } = decodeEmbeddings(entry.value);
  const factory = workspace.components.embedder(String(config.embedder));
  const embedder = await factory.create({ corpus: [], state });
  const k = Number(config.top_k);
  const started = performance.now();
  const queries = (
    await embedder.embed(
      dataset.questions.map((q) => q.question),
      'query',
    )
  ).vectors;
  const scores = new Float32Array(vectors.length);
  const candidates = Int32Array.from(vectors.keys());
  let recall = 0;
  let hit = 0;
  let judged = 0;
  let overlap = 0;
  dataset.questions.forEach((item, q) => {
    const query = queries[q];
    for (let c = 0; c < vectors.length; c++) {
      const v = vectors[c];
      let dot = 0;
      for (let d = 0; d < v.length; d++) dot += v[d] * query[d];
      scores[c] = dot;
    }
    const best = topK({ scores, candidates, count: vectors.length, k }).map((s) => s.chunkIndex);
    const ranking = judgeRanking({ retrieved: best.map((i) => run.chunks[i]), item });
    const r = recallAtK({ ranking, k });
    if (r !== null) {
      recall += r;
      hit += hitAtK({ ranking, k }) ?? 0;
      judged++;
    }
    const used = new Set(run.outcomes[q].retrieved.slice(0, k));
    overlap += best.filter((i) => used.has(i)).length / Math.max(1, best.length);
  });
  return {
    recall: judged ? recall / judged : null,
    hit: judged ? hit / judged : null,
    overlap: overlap / dataset.questions.length,
    searchMs: performance.now() - started,
  };
}
