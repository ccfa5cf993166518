import { Document } from '@langchain/core/documents';
import type { Runnable } from '@langchain/core/runnables';
import { ZERO_USAGE } from '../accounting/usage.js';
import type { Dataset } from '../data/dataset-schema.js';
import { scoreQuestion } from '../metrics/score-question.js';
import { summarizeMetrics, type MetricsSummary } from '../metrics/summarize-metrics.js';
import { CONTEXT_SEPARATOR } from '../pipeline/context-packing.js';
import { documentToChunk } from './chunk-document-view.js';

/** What an exported pipeline returns for one question. */
export interface PipelineAnswer {
  answer: string;
  /** The chunks the generator saw, in rank order (a cut chunk as the prefix it saw). */
  contexts: Document[];
  /** The top_k chunks after reranking, before context packing. */
  retrieved: Document[];
}

/** A dataset's documents as LangChain Documents (`metadata.id`, `metadata.title`), in corpus order. */
export function datasetDocuments(dataset: Dataset): Document[] {
  return dataset.docs.map(
    (doc) =>
      new Document({
        pageContent: doc.text,
        metadata: { id: doc.id, ...(doc.title !== undefined ? { title: doc.title } : {}) },
      }),
  );
}

/**
 * Answers every question of `dataset` with `pipeline` and scores the answers and contexts with
 * tune-rag's own metrics (src/metrics), one question at a time. A question whose pipeline throws
 * is counted in `failed_questions` and scores 0 where a score applies, as in tune-rag.
 */
export async function evaluatePipeline(options: {
  pipeline: Runnable<{ question: string }, PipelineAnswer>;
  dataset: Dataset;
  topK: number;
}): Promise<{ questions: number; failed: number; metrics: MetricsSummary }> {
  const { pipeline, dataset, topK } = options;
  const perQuestion = [];
  let failed = 0;
  for (const item of dataset.questions) {
    const started = performance.now();
    let result: PipelineAnswer | null = null;
    try {
      result = await pipeline.invoke({ question: item.question });
    } catch {
      failed += 1;
    }
    const latencyMs = performance.now() - started;
    const seen = result?.contexts.map(documentToChunk) ?? [];
    const scores = scoreQuestion({
      item,
      retrieved: result?.retrieved.map(documentToChunk) ?? [],
      seen,
      k: topK,
      answer: result?.answer ?? null,
      context: seen.map((c) => c.text).join(CONTEXT_SEPARATOR),
      failed: result === null,
    });
    perQuestion.push({
      scores,
      latencyMs,
      stageLatencyMs: {},
      usage: ZERO_USAGE,
      failed: result === null,
      contextChunks: seen.length,
    });
  }
  return { questions: dataset.questions.length, failed, metrics: summarizeMetrics({ perQuestion, k: topK }) };
}
