import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dirs.js';
import { defineSearchSpace, runConfiguration, tune, type Dataset, type TrialRecord } from '../../src/index.js';
import { oraclePipeline, singleSpanDemo } from '../support/oracle-pipeline.js';

const tempDir = useTempDirs('tune-rag-user-');

let dataset: Dataset;
beforeAll(async () => {
  dataset = await singleSpanDemo();
});

/** The oracle's metrics for a configuration, in closed form (see oraclePipeline). */
function expectOracleMetrics(metrics: Record<string, number | null>, config: Record<string, unknown>, n: number) {
  const k = config.k as number;
  const right = config.answer === 'exact' ? 1 : 0;
  expect(metrics.questions).toBe(n);
  expect(metrics.failed_questions).toBe(0);
  for (const key of ['recall_at_k', 'hit_rate', 'mrr', 'ndcg_at_k', 'recall_at_context', 'hit_at_context'])
    expect(metrics[key], key).toBe(1);
  expect(metrics.precision_at_k).toBeCloseTo(1 / k, 12);
  expect(metrics.precision_at_context).toBeCloseTo(1 / k, 12);
  expect(metrics.context_chunks).toBe(k);
  expect(metrics.f1).toBe(right);
  expect(metrics.exact_match).toBe(right);
  expect(metrics.tokens_per_query).toBe(12);
  expect(metrics.cost_usd_per_query).toBeCloseTo(0.001, 12);
  expect(metrics.latency_p50_ms).toBeGreaterThanOrEqual(0);
}

describe('a function pipeline with two declared parameters', () => {
  it('the demo has the single-span questions the oracle needs', () => {
    expect(dataset.questions.length).toBe(141);
  });

  it('runConfiguration scores known configurations exactly', async () => {
    const cwd = tempDir();
    const { declaration, counter } = oraclePipeline(dataset);
    for (const config of [
      { answer: 'exact', k: 1 },
      { answer: 'wrong', k: 3 },
    ]) {
      const run = await runConfiguration({ dataset, cwd, pipeline: declaration, config });
      expect(run.config).toEqual(config);
      expectOracleMetrics(run.metrics, config, 141);
      expect(run.failures).toBe(0);
      expect(run.stageExecutions).toEqual({ pipeline: 141 });
    }
    expect(counter.calls).toBe(2 * 141);
    // Without `config`, the baseline: the first categorical value and the middle of 1..3.
    const baseline = await runConfiguration({ dataset, cwd, pipeline: declaration, questions: 5 });
    expect(baseline.config).toEqual({ answer: 'exact', k: 2 });
  });

  it('tune searches only the declared parameters; every trial scores as the closed form says', async () => {
    const cwd = tempDir();
    const { declaration, counter } = oraclePipeline(dataset);
    const ended: TrialRecord[] = [];
    const result = await tune({
      dataset,
      cwd,
      pipeline: declaration,
      budget: 4,
      proposer: 'grid',
      seed: 7,
      fidelity: false,
      study: 'oracle',
      events: { onTrialEnd: (t) => ended.push(t) },
    });
    expect(ended.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'complete']);
    expect(ended[0].config).toEqual({ answer: 'exact', k: 2 });
    const configs = new Set(ended.map((t) => JSON.stringify(t.config)));
    expect(configs.size).toBe(4);
    for (const trial of ended) {
      expect(Object.keys(trial.config).sort()).toEqual(['answer', 'k']);
      expectOracleMetrics(trial.metrics!, trial.config, 141);
    }
    expect(counter.calls).toBe(4 * 141);
    expect(result.study.best?.config.answer).toBe('exact');
  });

  it('another pipeline version is another study; the same one reopens it', async () => {
    const cwd = tempDir();
    const run = (version: string) =>
      tune({
        dataset,
        cwd,
        pipeline: oraclePipeline(dataset, { version }).declaration,
        budget: 1,
        fidelity: false,
        questions: 5,
      });
    const first = await run('1');
    const bumped = await run('2');
    const again = await run('1');
    expect(bumped.studyName).not.toBe(first.studyName);
    expect([first.opening, bumped.opening, again.opening]).toEqual(['created', 'created', 'same-command']);
    expect(again.studyName).toBe(first.studyName);
  });

  it('defineSearchSpace with the pipeline narrows its declared space; a built-in parameter is unknown there', () => {
    const { declaration } = oraclePipeline(dataset);
    const space = defineSearchSpace(
      { parameters: [{ name: 'k', type: 'int', low: 1, high: 2 }] },
      { pipeline: declaration },
    );
    expect(
      space.parameters.map((p) => [p.name, p.group, p.type === 'categorical' ? p.values : [p.low, p.high]]),
    ).toEqual([
      ['answer', 'pipeline', ['exact']],
      ['k', 'pipeline', [1, 2]],
    ]);
    expect(() =>
      defineSearchSpace(
        { parameters: [{ name: 'chunk.size', type: 'int', low: 64, high: 128 }] },
        { pipeline: declaration },
      ),
    ).toThrow(/parameter "chunk\.size" is not a known parameter\. Known: answer, k/);
    expect(() =>
      defineSearchSpace({ parameters: [{ name: 'k', type: 'int', low: 1, high: 9 }] }, { pipeline: declaration }),
    ).toThrow(/parameter "k": range \[1, 9\] exceeds the supported \[1, 3\]/);
  });

  it('a bad configuration or baseline names the key and the fix', async () => {
    const cwd = tempDir();
    const { declaration } = oraclePipeline(dataset);
    await expect(runConfiguration({ dataset, cwd, pipeline: declaration, config: { k: 7 } })).rejects.toThrow(
      /invalid configuration in config:\n {2}- "k" = 7 is out of range \[1, 3\]/,
    );
    await expect(
      runConfiguration({ dataset, cwd, pipeline: { ...declaration, baseline: { top_k: 3 } } }),
    ).rejects.toThrow(/invalid configuration in pipeline\.baseline:\n {2}- unknown key "top_k"/);
    await expect(runConfiguration({ dataset, cwd, pipeline: { ...declaration, name: 'my pipe' } })).rejects.toThrow(
      /^pipeline\.name must be a name of letters, digits/,
    );
    await expect(runConfiguration({ dataset, cwd, pipeline: 42 as never })).rejects.toThrow(
      /^pipeline must be a function \(\{ question, config \}\) => \{ answer, contexts \}, a LangChain Runnable/,
    );
    await expect(
      tune({ dataset, cwd, pipeline: async () => ({ answer: 'x', contexts: [] }), budget: 1 }),
    ).rejects.toThrow(/^pipeline "pipeline" declares no parameters to tune/);
  });
});
