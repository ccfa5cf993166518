import { describe, expect, it } from 'vitest';
import type { QaItem } from '../../src/data/dataset-schema.js';
import { evaluateTrial } from '../../src/optimize/evaluate-trial.js';
import { KNOWN_OBJECTIVES } from '../../src/optimize/objectives.js';
import type { Proposer } from '../../src/optimize/proposers/proposer.js';
import { createPruner } from '../../src/optimize/pruners/create-pruner.js';
import type { PruneDecision, Pruner } from '../../src/optimize/pruners/pruner.js';
import { makeStudySettings } from '../../src/optimize/study-settings.js';
import { Study } from '../../src/optimize/study.js';
import { runTuningLoop } from '../../src/optimize/tuning-loop.js';
import type { Config } from '../../src/space/parameter-schema.js';
import { MemoryStudyStore } from '../../src/store/memory-study-store.js';
import { FakeRunner, type PendingRun } from './fake-runner.js';
import { TINY_SPACE } from './fixtures.js';

const QUESTIONS: QaItem[] = Array.from({ length: 10 }, (_, i) => ({
  id: `q${i}`,
  question: `question ${i}?`,
  answers: [`answer ${i}`],
  gold_doc_ids: [],
}));
const OBJECTIVES = [KNOWN_OBJECTIVES.quality];
const RUNGS = [3, 6, 10];

function newStudy(pruner?: string): Study {
  const settings = makeStudySettings({
    dataset: { name: 'fake', source: 'memory', fingerprint: 'fake-v1', documents: 0 },
    questionCount: QUESTIONS.length,
    space: TINY_SPACE,
    spaceHash: 'h',
    objectives: OBJECTIVES,
    weights: { quality: 1 },
    constraints: [],
    seed: 1,
    budget: 10,
    proposer: 'test',
    rungs: RUNGS,
    eta: 3,
    pruner,
    baseline: {},
    versions: {},
  });
  return Study.create({ store: new MemoryStudyStore(), name: 'pruners', settings });
}

type Response = Parameters<PendingRun['release']>[0];

/** Enqueues {k}, evaluates it with `pruner` on a runner scoring every question `f1`; returns the state, the question counts run and the decisions. */
async function evaluate(study: Study, pruner: Pruner, k: number, response: Response) {
  study.enqueue({ proposals: [{ config: { k }, rationale: `k=${k}` }], proposer: 'test' });
  const runner = new FakeRunner(() => response);
  const decisions: (PruneDecision | null)[] = [];
  const finished = await evaluateTrial({
    study,
    trial: study.ask('w')!,
    runner: runner.asRunner,
    questionOrder: QUESTIONS,
    rungs: RUNGS,
    objectives: OBJECTIVES,
    weights: { quality: 1 },
    pruner,
    events: { onRung: (_t, _rung, decision) => decisions.push(decision) },
  });
  return { state: finished.state, runs: runner.calls.map((c) => c.questions), decisions, rungs: finished.rungs.length };
}

describe('evaluateTrial with each pruner', () => {
  it('successive-halving prunes the third of three at rung 0 (one slot with eta 3)', async () => {
    const study = newStudy();
    const pruner = createPruner({ name: 'successive-halving', eta: 3 });
    await evaluate(study, pruner, 1, { f1: 0.75 });
    await evaluate(study, pruner, 2, { f1: 0.5 });
    expect(await evaluate(study, pruner, 3, { f1: 0.25 })).toEqual({
      state: 'pruned',
      runs: [3],
      decisions: [{ promote: false, rank: 3, of: 3, slots: 1 }],
      rungs: 1,
    });
  });

  it('median compares with completed trials only, after startupTrials of them, and never counts a failed one', async () => {
    const study = newStudy('median');
    const pruner = createPruner({ name: 'median', startupTrials: 2 });
    const startup = { promote: true, reason: 'startup', score: null, median: null };
    expect(await evaluate(study, pruner, 1, { f1: 0.75 })).toEqual({
      state: 'complete',
      runs: [3, 6, 10],
      decisions: [{ ...startup, completed: 0 }, { ...startup, completed: 0 }, null],
      rungs: 3,
    });
    // Fails at rung 0 (1 of 3 questions failed, above 20%): not a score for anyone's median.
    expect(await evaluate(study, pruner, 2, { f1: 0.125, failedQuestions: 1 })).toMatchObject({
      state: 'failed',
      runs: [3],
    });
    expect(await evaluate(study, pruner, 3, { f1: 0.25 })).toMatchObject({
      state: 'complete',
      decisions: [{ ...startup, completed: 1 }, { ...startup, completed: 1 }, null],
    });
    // Completed 0.75 and 0.25: 0.5 is their median and goes on (scores normalised over 0.25..0.75).
    const half = { promote: true, reason: 'not-below-median', completed: 2, score: 0.5, median: 0.5 };
    expect(await evaluate(study, pruner, 4, { f1: 0.5 })).toEqual({
      state: 'complete',
      runs: [3, 6, 10],
      decisions: [half, half, null],
      rungs: 3,
    });
    // Completed 0.75, 0.25, 0.5: 0.375 scores 0.25 against a median of 0.5, and stops at rung 0.
    expect(await evaluate(study, pruner, 5, { f1: 0.375 })).toEqual({
      state: 'pruned',
      runs: [3],
      decisions: [{ promote: false, reason: 'below-median', completed: 3, score: 0.25, median: 0.5 }],
      rungs: 1,
    });
    expect(study.trials().map((t) => [t.config.k, t.state])).toEqual([
      [1, 'complete'],
      [2, 'failed'],
      [3, 'complete'],
      [4, 'complete'],
      [5, 'pruned'],
    ]);
  });

  it('none runs every trial through every rung, one rung after the other, and stores each', async () => {
    const study = newStudy('none');
    const pruner = createPruner({ name: 'none' });
    await evaluate(study, pruner, 1, { f1: 0.75 });
    await evaluate(study, pruner, 2, { f1: 0.5 });
    expect(await evaluate(study, pruner, 3, { f1: 0.25 })).toEqual({
      state: 'complete',
      runs: [3, 6, 10],
      decisions: [{ promote: true }, { promote: true }, null],
      rungs: 3,
    });
  });
});

/** Proposes {k: 0}, {k: 1}, … scored f1 = 0.75, 0.5, 0.25, … by the runner below. */
const proposer: Proposer = {
  name: 'counting',
  async propose(request) {
    const start = request.history.length;
    return Array.from({ length: request.n }, (_, i) => ({ config: { k: start + i }, rationale: `k=${start + i}` }));
  },
};
const byK = () => new FakeRunner((config: Config) => ({ f1: [0.75, 0.5, 0.25, 0.125][config.k as number] ?? 0 }));

describe('runTuningLoop picks the pruner the study was started with', () => {
  const run = (study: Study, pruner?: Pruner) =>
    runTuningLoop({
      study,
      runner: byK().asRunner,
      space: TINY_SPACE,
      proposer,
      budget: 4,
      concurrency: 1,
      questionOrder: QUESTIONS,
      ...(pruner ? { pruner } : {}),
    });

  it('prunes by successive halving by default and not at all with none', async () => {
    const halving = newStudy();
    await run(halving);
    expect(halving.trials().map((t) => t.state)).toEqual(['complete', 'complete', 'pruned', 'pruned']);
    const none = newStudy('none');
    await run(none);
    expect(none.trials().map((t) => [t.state, t.rungs.length])).toEqual([
      ['complete', 3],
      ['complete', 3],
      ['complete', 3],
      ['complete', 3],
    ]);
  });

  it('refuses a pruner other than the stored one', async () => {
    await expect(run(newStudy('median'), createPruner({ name: 'none' }))).rejects.toThrow(
      'study "pruners" was started with pruner "median", not "none"',
    );
  });
});
