import { describe, expect, it } from 'vitest';
import type { QaItem } from '../../src/data/dataset-schema.js';
import { SpendCapReachedError } from '../../src/llm/llm-error.js';
import { evaluateTrial } from '../../src/optimize/evaluate-trial.js';
import { KNOWN_OBJECTIVES } from '../../src/optimize/objectives.js';
import { createPruner } from '../../src/optimize/pruners/create-pruner.js';
import type { PruneDecision } from '../../src/optimize/pruners/pruner.js';
import { makeStudySettings } from '../../src/optimize/study-settings.js';
import { INTERRUPTED, Study } from '../../src/optimize/study.js';
import { RunAbortedError } from '../../src/pipeline/pipeline-runner.js';
import { stableHash } from '../../src/json/canonical-json.js';
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

function newStudy(eta: number, store = new MemoryStudyStore()): Study {
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
    eta,
    baseline: {},
    versions: {},
  });
  return Study.create({ store, name: 'eval', settings });
}

type Response = Parameters<PendingRun['release']>[0] | Error;

/**
 * Enqueues {k}, claims it and evaluates it with a runner answering `respond` (f1 is dyadic, so
 * means are exact); returns the finished trial, the question counts run and the rung events.
 */
async function evaluate(study: Study, k: number, respond: (questions: number) => Response, signal?: AbortSignal) {
  study.enqueue({ proposals: [{ config: { k }, rationale: `k=${k}` }], proposer: 'test' });
  const trial = study.ask('w')!;
  const runner = new FakeRunner((_config: Config, questions) => respond(questions));
  const decisions: (PruneDecision | null)[] = [];
  const finished = await evaluateTrial({
    study,
    trial,
    runner: runner.asRunner,
    questionOrder: QUESTIONS,
    rungs: RUNGS,
    objectives: OBJECTIVES,
    weights: { quality: 1 },
    pruner: createPruner({ name: study.settings.pruner, eta: study.settings.eta }),
    signal,
    events: { onRung: (_t, _rung, decision) => decisions.push(decision) },
  });
  return { finished, runs: runner.calls.map((c) => c.questions), decisions };
}
const constant = (f1: number) => () => ({ f1 });

describe('evaluateTrial (successive halving over nested rungs)', () => {
  it('runs a trial with no peers through every rung on growing prefixes and stores each rung', async () => {
    const store = new MemoryStudyStore();
    const study = newStudy(3, store);
    const { finished, runs, decisions } = await evaluate(study, 1, constant(0.75));
    expect(runs).toEqual([3, 6, 10]);
    expect(finished.state).toBe('complete');
    expect(finished.objectives).toEqual({ quality: 0.75 });
    expect(finished.rungs.map((r) => [r.rung, r.questions, r.objectives.quality])).toEqual([
      [0, 3, 0.75],
      [1, 6, 0.75],
      [2, 10, 0.75],
    ]);
    // Alone at a rung, it goes on (fewer than eta peers); the last rung has no decision.
    expect(decisions).toEqual([
      { promote: true, rank: 1, of: 1, slots: 1 },
      { promote: true, rank: 1, of: 1, slots: 1 },
      null,
    ]);
    // Each rung's per-question results are the first questions of the study's order.
    expect(store.questionResults({ trialId: finished.id, rung: 1 }).map((q) => q.questionId)).toEqual([
      'q0',
      'q1',
      'q2',
      'q3',
      'q4',
      'q5',
    ]);
  });

  it('prunes a trial outside the top 1/eta of its rung, keeping that rung as its result', async () => {
    const study = newStudy(3);
    await evaluate(study, 1, constant(0.75));
    await evaluate(study, 2, constant(0.5));
    const third = await evaluate(study, 3, constant(0.25));
    expect(third.runs).toEqual([3]);
    expect(third.decisions).toEqual([{ promote: false, rank: 3, of: 3, slots: 1 }]);
    expect(third.finished.state).toBe('pruned');
    expect(third.finished.objectives).toEqual({ quality: 0.25 });
    // A better one goes on: first at rung 0 among four, first at rung 1 among three.
    const fourth = await evaluate(study, 4, constant(0.875));
    expect(fourth.runs).toEqual([3, 6, 10]);
    expect(fourth.decisions).toEqual([
      { promote: true, rank: 1, of: 4, slots: 1 },
      { promote: true, rank: 1, of: 3, slots: 1 },
      null,
    ]);
    expect(study.trials().map((t) => [t.config.k, t.state])).toEqual([
      [1, 'complete'],
      [2, 'complete'],
      [3, 'pruned'],
      [4, 'complete'],
    ]);
  });

  it('counts pruned trials as peers of their rung but never failed ones', async () => {
    // eta 2: #4 (second best at rung 0) goes on only if four trials share the rung (2 slots).
    const run = async (secondFails: boolean) => {
      const study = newStudy(2);
      await evaluate(study, 1, constant(0.75));
      const second = await evaluate(study, 2, () => (secondFails ? { f1: 0.125, failedQuestions: 1 } : { f1: 0.125 }));
      await evaluate(study, 3, constant(0.25));
      const fourth = await evaluate(study, 4, constant(0.5));
      return { second: second.finished, fourth };
    };
    const pruned = await run(false);
    expect(pruned.second.state).toBe('pruned');
    expect(pruned.fourth.decisions[0]).toEqual({ promote: true, rank: 2, of: 4, slots: 2 });
    const failed = await run(true);
    expect(failed.second.state).toBe('failed');
    expect(failed.second.error).toBe('1 of 3 questions failed (33%, limit 20%): upstream timeout (x1)');
    expect(failed.second.objectives).toEqual({ quality: (0.125 * 2) / 3 });
    expect(failed.fourth.decisions[0]).toEqual({ promote: false, rank: 2, of: 3, slots: 1 });
    expect(failed.fourth.finished.state).toBe('pruned');
  });

  it('ranks exact ties at a rung by config hash, not by age: the youngest goes on when its hash sorts first', async () => {
    // The hash order of {k: 1..3} is 2, 3, 1; the first two arrivals go on (fewer than eta peers).
    expect([1, 2, 3].sort((a, b) => (stableHash({ k: a }) < stableHash({ k: b }) ? -1 : 1))).toEqual([2, 3, 1]);
    const arrive = async (order: number[]) => {
      const study = newStudy(3);
      const results = [];
      for (const k of order) results.push(await evaluate(study, k, constant(0.5)));
      return results.map((r) => [r.finished.config.k, r.finished.state, r.decisions[0]]);
    };
    expect((await arrive([1, 3, 2]))[2]).toEqual([2, 'complete', { promote: true, rank: 1, of: 3, slots: 1 }]);
    expect((await arrive([2, 3, 1]))[2]).toEqual([1, 'pruned', { promote: false, rank: 3, of: 3, slots: 1 }]);
  });

  it('fails a trial whose run crashes, keeping the last finished rung', async () => {
    const study = newStudy(3);
    const { finished, runs } = await evaluate(study, 1, (questions) =>
      questions === 6 ? new Error('reranker exploded') : { f1: 0.75 },
    );
    expect(runs).toEqual([3, 6]);
    expect(finished).toMatchObject({ state: 'failed', error: 'reranker exploded', objectives: { quality: 0.75 } });
    expect(finished.rungs.map((r) => r.questions)).toEqual([3]);
  });

  it('finishes an aborted trial as interrupted (re-run on resume), and rethrows what stops the whole search', async () => {
    const study = newStudy(3);
    const aborted = await evaluate(study, 1, (questions) => (questions === 6 ? new RunAbortedError() : { f1: 0.75 }));
    expect(aborted.finished).toMatchObject({ state: 'failed', error: INTERRUPTED, objectives: { quality: 0.75 } });
    const cap = new SpendCapReachedError({ capUsd: 1, spentUsd: 1, predictedUsd: 0.01 });
    await expect(evaluate(study, 2, () => cap)).rejects.toBe(cap);
    expect(study.trials().map((t) => [t.config.k, t.state, t.error, t.objectives])).toEqual([
      [1, 'failed', INTERRUPTED, { quality: 0.75 }],
      [2, 'failed', INTERRUPTED, null],
    ]);
  });
});
