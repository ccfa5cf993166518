import { Document } from '@langchain/core/documents';
import { RunnableLambda } from '@langchain/core/runnables';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dirs.js';
import { runConfiguration, toUserPipeline, tune, type Dataset } from '../../src/index.js';
import { singleSpanDemo } from '../support/oracle-pipeline.js';

const tempDir = useTempDirs('tune-rag-runnable-');

let dataset: Dataset;
beforeAll(async () => {
  dataset = await singleSpanDemo();
});

/**
 * A LangChain RunnableLambda reading only `{ question }` from its input and the configuration
 * from `RunnableConfig.configurable`; it returns LangChain Documents. With `gold: true` the first
 * Document is the gold document (named by metadata.doc_id); with `gold: false` only non-gold
 * documents come back, and those name themselves by `id`, not metadata.
 */
function runnable(data: Dataset, seen: Record<string, unknown>[]) {
  const byQuestion = new Map(data.questions.map((q) => [q.question, q]));
  return RunnableLambda.from(async (input: { question: string }, options) => {
    const configurable = (options?.configurable ?? {}) as Record<string, unknown>;
    seen.push(configurable);
    const item = byQuestion.get(input.question)!;
    const goldId = item.answer_spans![0].doc_id;
    const gold = data.docs.find((d) => d.id === goldId)!;
    const other = data.docs.find((d) => d.id !== goldId && !item.gold_doc_ids?.includes(d.id))!;
    const contexts = configurable.gold
      ? [new Document({ pageContent: gold.text, metadata: { doc_id: gold.id } })]
      : [new Document({ pageContent: other.text, id: other.id, metadata: {} })];
    return { answer: { content: item.answers[0] }, contexts, usage: { costUsd: 0 } };
  });
}

describe('a LangChain Runnable as the pipeline', () => {
  it('gets the configuration as configurable; Documents are matched to gold by doc id', async () => {
    const cwd = tempDir();
    const seen: Record<string, unknown>[] = [];
    const pipeline = {
      name: 'lc-rag',
      version: '1',
      run: runnable(dataset, seen),
      space: { parameters: [{ name: 'gold', type: 'categorical' as const, values: [true, false] }] },
    };
    const hit = await runConfiguration({ dataset, cwd, pipeline, config: { gold: true }, questions: 20 });
    expect(seen).toHaveLength(20);
    expect(seen[0]).toMatchObject({ gold: true });
    expect(hit.metrics).toMatchObject({
      questions: 20,
      failed_questions: 0,
      recall_at_k: 1,
      precision_at_k: 1,
      hit_rate: 1,
      f1: 1,
      exact_match: 1,
      context_chunks: 1,
      tokens_per_query: 0,
      cost_usd_per_query: 0,
    });
    const miss = await runConfiguration({ dataset, cwd, pipeline, config: { gold: false }, questions: 20 });
    expect(miss.metrics).toMatchObject({ recall_at_k: 0, precision_at_k: 0, hit_rate: 0, mrr: 0, f1: 1 });
    // The context the answer was scored against is the Document's text.
    const first = hit.outcomes[0];
    const item = dataset.questions.find((q) => q.id === first.questionId)!;
    expect(first.context).toBe(dataset.docs.find((d) => d.id === item.answer_spans![0].doc_id)!.text);
  });

  it("tune searches the Runnable's declared parameter", async () => {
    const seen: Record<string, unknown>[] = [];
    const pipeline = {
      name: 'lc-rag',
      version: '1',
      run: runnable(dataset, seen),
      space: { parameters: [{ name: 'gold', type: 'categorical' as const, values: [false, true] }] },
    };
    const result = await tune({ dataset, cwd: tempDir(), pipeline, budget: 2, fidelity: false, questions: 15 });
    expect(result.study.trials.map((t) => [t.config, t.state, t.metrics?.hit_rate])).toEqual([
      [{ gold: false }, 'complete', 0],
      [{ gold: true }, 'complete', 1],
    ]);
    expect(result.study.best?.config).toEqual({ gold: true });
    expect(seen).toHaveLength(30);
  });

  it('toUserPipeline takes a bare Runnable (named after it, unversioned) and invokes it with { question, config }', async () => {
    const inputs: unknown[] = [];
    const lambda = RunnableLambda.from(async (input: unknown) => {
      inputs.push(input);
      return { answer: 'a', contexts: ['b'] };
    });
    lambda.name = 'my-chain';
    const pipeline = toUserPipeline(lambda);
    expect(pipeline.name).toBe('my-chain');
    expect(pipeline.version).toBeNull();
    expect(await pipeline.call({ question: 'q?', config: { x: 1 } })).toEqual({ answer: 'a', contexts: ['b'] });
    expect(inputs).toEqual([{ question: 'q?', config: { x: 1 } }]);
    // A pipeline without declared output usage has unknown cost, never a silent 0.
    const run = await runConfiguration({ dataset, cwd: tempDir(), pipeline: lambda, questions: 3 });
    expect(run.metrics.cost_usd_per_query).toBeNull();
    expect(run.metrics.tokens_per_query).toBe(0);
  });
});
