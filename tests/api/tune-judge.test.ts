import { describe, expect, it } from 'vitest';
import { createComponents, openStudy, tune, TuneRagError, type AnswerJudge } from '../../src/index.js';
import { useTempDirs } from '../support/temp-dirs.js';
import { tinyDataset } from '../support/tiny-dataset.js';

/** Correct when the answer contains a reference answer; faithful when the top context contains the answer. */
function containsJudge(calls: { count: number }): AnswerJudge {
  return {
    async judge({ item, outcome }) {
      calls.count += 1;
      const answer = outcome.answer ?? '';
      const correct = (item.answers ?? []).some((reference) => answer.includes(reference));
      return {
        questionId: item.id,
        correctness: correct ? 1 : 0,
        faithfulness: answer !== '' && outcome.context.includes(answer) ? 1 : 0,
        usage: { promptTokens: 10, completionTokens: 2, costUsd: 0 },
        errors: [],
      };
    },
  };
}

describe('tune() with a judge', () => {
  const tempDir = useTempDirs('tune-rag-tune-judge-');
  const base = { dataset: tinyDataset, budget: 3, proposer: 'random', seed: 3, fidelity: false } as const;

  it('scores every trial with it: the judge objective is its correctness, every question judged', async () => {
    const calls = { count: 0 };
    const result = await tune({
      ...base,
      cwd: tempDir(),
      study: 'judged',
      objectives: ['judge', 'retrieval'],
      judge: containsJudge(calls),
    });
    const trials = result.study.trials;
    expect(trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete']);
    // 3 trials x 8 questions, nothing skipped.
    expect(calls.count).toBe(24);
    for (const trial of trials) {
      expect(trial.objectives?.judge).toBe(trial.metrics?.judge_correctness);
      expect(typeof trial.objectives?.judge).toBe('number');
    }
  });

  it('takes a registered judge by name, and records the name with the study', async () => {
    const cwd = tempDir();
    const calls = { count: 0 };
    await tune({
      ...base,
      cwd,
      study: 'by-name',
      objectives: ['judge'],
      components: createComponents({ judges: { 'contains-judge': containsJudge(calls) } }),
      judge: 'contains-judge',
    });
    expect(calls.count).toBe(24);
    const study = openStudy({ cwd, name: 'by-name' });
    expect((study.settings.versions as Record<string, string>).judge).toBe('contains-judge');
  });

  it('refuses a judge objective or constraint without a judge, naming the option to add', async () => {
    const refused = (options: { objectives?: string[]; constraints?: string[] }) =>
      tune({ ...base, cwd: tempDir(), ...options }).catch((error: unknown) => error);
    for (const [options, what] of [
      [{ objectives: ['judge'] }, '"judge"'],
      [{ constraints: ['judge_faithfulness>0.5'] }, '"judge_faithfulness"'],
    ] as const) {
      const error = await refused(options);
      expect(error).toBeInstanceOf(TuneRagError);
      expect((error as TuneRagError).message).toContain(`${what} is scored by an LLM judge, and this search has none`);
    }
  });
});
