import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dirs.js';
import { evaluateRegression, loadDataset, tune, type Dataset, type TrialRecord } from '../../src/index.js';
import { oraclePipeline, singleSpanDemo } from '../support/oracle-pipeline.js';

const tempDir = useTempDirs('tune-rag-user-eval-');

let dataset: Dataset;
beforeAll(async () => {
  dataset = await singleSpanDemo();
});

/** The single-span demo written as a native dataset folder, for eval jobs (which name a dataset path). */
function writeDataset(dir: string): string {
  const folder = join(dir, 'single-span');
  const lines = (rows: readonly unknown[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
  mkdirSync(folder);
  writeFileSync(join(folder, 'corpus.jsonl'), lines(dataset.docs));
  writeFileSync(join(folder, 'qa.jsonl'), lines(dataset.questions));
  return folder;
}

describe('a user pipeline in eval jobs and under multi-fidelity', () => {
  it('evaluateRegression runs the pipeline on both sides, checks job configurations against its parameters', async () => {
    const cwd = tempDir();
    const folder = writeDataset(cwd);
    const loaded = await loadDataset({ spec: folder, cwd });
    expect(loaded.questions).toHaveLength(141);
    const { declaration, counter } = oraclePipeline(loaded);
    writeFileSync(join(cwd, 'worse.json'), JSON.stringify({ answer: 'wrong', k: 2 }));
    writeFileSync(join(cwd, 'same.json'), JSON.stringify({ answer: 'exact' }));
    const report = await evaluateRegression({
      cwd,
      pipeline: declaration,
      jobs: [
        { name: 'worse', dataset: folder, config: 'worse.json', questions: 40 },
        { name: 'same', dataset: folder, config: 'same.json', questions: 40 },
      ],
    });
    expect(report.regressed).toEqual(['worse']);
    const [worse, same] = report.results;
    expect(worse.metrics.map((m) => [m.metric, m.n, m.baselineMean, m.candidateMean, m.verdict])).toEqual([
      ['f1', 40, 1, 0, 'regression'],
      ['recall_at_context', 40, 1, 1, 'ok'],
    ]);
    expect(worse.candidate.components).toEqual({ 'pipeline:oracle': '1' });
    expect(worse.baseline).toMatchObject({
      config: { answer: 'exact', k: 2 },
      source: 'the baseline of pipeline "oracle"',
    });
    expect(same.candidate.config).toEqual({ answer: 'exact', k: 2 });
    expect(same.metrics.map((m) => m.verdict)).toEqual(['ok', 'ok']);
    // Baseline of both jobs is the same configuration on the same 40 questions: served from the cache.
    expect(counter.calls).toBe(40 + 40);

    writeFileSync(join(cwd, 'bad.json'), JSON.stringify({ 'chunk.size': 256 }));
    await expect(
      evaluateRegression({ cwd, pipeline: declaration, jobs: [{ name: 'bad', dataset: folder, config: 'bad.json' }] }),
    ).rejects.toThrow(/unknown key "chunk\.size"\. Known keys: answer, k/);
  });

  it('rungs evaluate nested question prefixes (answers reused, not re-asked) and weak trials are pruned', async () => {
    const cwd = tempDir();
    const { declaration, counter } = oraclePipeline(dataset);
    const ended: TrialRecord[] = [];
    await tune({
      dataset,
      cwd,
      pipeline: declaration,
      budget: 6,
      proposer: 'grid',
      seed: 1,
      study: 'rungs',
      events: { onTrialEnd: (t) => ended.push(t) },
    });
    expect(ended).toHaveLength(6);
    // Rungs of 0.11, 0.33 and all of the 141 questions; the baseline (#0) climbs all three.
    expect(ended[0].config).toEqual({ answer: 'exact', k: 2 });
    expect([ended[0].state, ended[0].rungs.map((r) => r.questions)]).toEqual(['complete', [16, 47, 141]]);
    // Wrong answers (f1 0 against 1) never pass the first rung.
    const wrong = ended.filter((t) => t.config.answer === 'wrong');
    expect(wrong.map((t) => [t.state, t.rungs.map((r) => r.questions)])).toEqual([
      ['pruned', [16]],
      ['pruned', [16]],
      ['pruned', [16]],
    ]);
    // A promoted trial's next rung re-asks none of the questions its earlier rungs answered.
    const lastRungQuestions = ended.map((t) => t.rungs[t.rungs.length - 1].questions);
    expect(counter.calls).toBe(lastRungQuestions.reduce((a, b) => a + b, 0));
  });
});
