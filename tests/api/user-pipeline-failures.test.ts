import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dirs.js';
import { tuneTotalFailure } from '../../src/cli/total-failure.js';
import {
  defineSearchSpace,
  runConfiguration,
  tune,
  TuneRagError,
  type Dataset,
  type UserPipelineDeclaration,
} from '../../src/index.js';
import { oraclePipeline, singleSpanDemo } from '../support/oracle-pipeline.js';

const tempDir = useTempDirs('tune-rag-user-fail-');

let dataset: Dataset;
beforeAll(async () => {
  dataset = await singleSpanDemo();
});

/** The oracle, except that it throws on every question when k = 3 and on the questions in `failOn` otherwise. */
function flaky(failOn: ReadonlySet<string>): { declaration: UserPipelineDeclaration; calls: () => number } {
  const { declaration } = oraclePipeline(dataset);
  let calls = 0;
  const run = declaration.run as Extract<UserPipelineDeclaration['run'], (...args: never[]) => unknown>;
  return {
    declaration: {
      ...declaration,
      run: async (input) => {
        calls += 1;
        if (input.config.k === 3) throw new Error('index offline');
        if (failOn.has(input.question)) throw new Error(`no answer for "${input.question.slice(0, 12)}"`);
        return run(input);
      },
    },
    calls: () => calls,
  };
}

describe('a failing user pipeline', () => {
  it('a throwing call is a failed question: counted, scored 0, shown with its error, and not cached', async () => {
    const cwd = tempDir();
    const questions = dataset.questions.slice(0, 20);
    const failOn = new Set([questions[3].question, questions[11].question]);
    const { declaration, calls } = flaky(failOn);
    const subset = { ...dataset, questions };
    const run = await runConfiguration({ dataset: subset, cwd, pipeline: declaration, config: { k: 1 } });
    expect(run.failures).toBe(2);
    expect(run.metrics.failed_questions).toBe(2);
    expect(run.metrics.questions).toBe(20);
    // Failures score 0 where a metric applies; the 18 others are the oracle's 1s.
    expect(run.metrics.f1).toBeCloseTo(18 / 20, 12);
    expect(run.metrics.recall_at_k).toBeCloseTo(18 / 20, 12);
    expect(run.outcomes[3].error).toBe(`no answer for "${questions[3].question.slice(0, 12)}"`);
    expect(run.scores[3].f1).toBe(0);
    expect(run.outcomes.filter((o) => o.error).map((o) => o.questionId)).toEqual([questions[3].id, questions[11].id]);
    expect(calls()).toBe(20);
    // Errors are never cached: the next run calls only the two failed questions again.
    const again = await runConfiguration({ dataset: subset, cwd, pipeline: declaration, config: { k: 1 } });
    expect(calls()).toBe(22);
    expect(again.stageExecutions).toEqual({ pipeline: 0 });
    expect(again.failures).toBe(2);
  });

  it('an invalid result and a call over timeoutMs are failed questions naming the cause', async () => {
    const cwd = tempDir();
    const subset = { ...dataset, questions: dataset.questions.slice(0, 3) };
    const [a, b] = subset.questions;
    const pipeline: UserPipelineDeclaration = {
      name: 'odd',
      version: '1',
      timeoutMs: 50,
      run: async ({ question }) => {
        if (question === a.question) return { answer: 'x', contexts: [{ txt: 'oops' }] } as never;
        if (question === b.question) await new Promise((resolve) => setTimeout(resolve, 400));
        return { answer: 'x', contexts: [] };
      },
    };
    const run = await runConfiguration({ dataset: subset, cwd, pipeline });
    expect(run.outcomes.map((o) => o.error)).toEqual([
      'pipeline "odd" returned an invalid result: contexts[0]: expected a string, { text, id?, doc_id? } or a LangChain Document { pageContent, metadata }',
      'pipeline "odd" took longer than its timeoutMs (50 ms)',
      undefined,
    ]);
    expect(run.metrics.failed_questions).toBe(2);
  });

  it('a run where every question fails is an error, not a score', async () => {
    const cwd = tempDir();
    const { declaration } = flaky(new Set());
    const error = await runConfiguration({
      dataset,
      cwd,
      pipeline: declaration,
      config: { k: 3 },
      questions: 12,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TuneRagError);
    expect((error as TuneRagError).code).toBe('pipeline');
    expect((error as TuneRagError).message).toBe(
      'pipeline "oracle" failed on every question (12 of 12): index offline (x12)',
    );
  });

  it('tune: trials failing more questions than maxFailureRate fail with the reason; all failed is a total failure', async () => {
    const cwd = tempDir();
    const { declaration } = flaky(new Set());
    const result = await tune({
      dataset,
      cwd,
      pipeline: { ...declaration, baseline: { k: 3 } },
      space: defineSearchSpace(
        { parameters: [{ name: 'k', type: 'int', low: 3, high: 3 }] },
        { pipeline: declaration },
      ),
      budget: 1,
      fidelity: false,
      study: 'all-fail',
    });
    expect(result.study.trials.map((t) => [t.config, t.state])).toEqual([[{ answer: 'exact', k: 3 }, 'failed']]);
    expect(result.study.trials[0].error).toMatch(/^141 of 141 questions failed .*index offline/);
    const total = tuneTotalFailure({ summary: result.study, llm: null, maxFailureRate: 0.2 });
    expect(total?.message).toMatch(/^every trial failed \(1 of 1\)/);
  });
});
