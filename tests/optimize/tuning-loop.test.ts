import { describe, expect, it } from 'vitest';
import type { QaItem } from '../../src/data/dataset-schema.js';
import { KNOWN_OBJECTIVES } from '../../src/optimize/objectives.js';
import type { Proposer, ProposeRequest } from '../../src/optimize/proposers/proposer.js';
import { makeStudySettings } from '../../src/optimize/study-settings.js';
import { countsTowardBudget, INTERRUPTED, Study } from '../../src/optimize/study.js';
import { runTuningLoop, type LoopControl } from '../../src/optimize/tuning-loop.js';
import { MemoryStudyStore } from '../../src/store/memory-study-store.js';
import { FakeRunner } from './fake-runner.js';
import { TINY_SPACE } from './fixtures.js';

const QUESTIONS: QaItem[] = Array.from({ length: 10 }, (_, i) => ({
  id: `q${i}`,
  question: `question ${i}?`,
  answers: [`answer ${i}`],
  gold_doc_ids: [],
}));
const OBJECTIVES = [KNOWN_OBJECTIVES.quality];
// Released f1 values are dyadic (k/8), so a mean over 10 questions is exact and compared with toEqual.

/** Proposes {k: 0}, {k: 1}, … in order, `limit` in all, and records what each call was asked. */
function countingProposer(
  limit = 1000,
): Proposer & { requests: { n: number; history: number; historyStates: string[] }[] } {
  let next = 0;
  const requests: { n: number; history: number; historyStates: string[] }[] = [];
  return {
    name: 'counting',
    requests,
    async propose(request: ProposeRequest) {
      requests.push({
        n: request.n,
        history: request.history.length,
        historyStates: request.history.map((t) => t.state),
      });
      const proposals = [];
      while (proposals.length < request.n && next < limit)
        proposals.push({ config: { k: next++ }, rationale: `k=${next - 1}` });
      return proposals;
    },
  };
}

function newStudy(budget: number): Study {
  const settings = makeStudySettings({
    dataset: { name: 'fake', source: 'memory', fingerprint: 'fake-v1', documents: 0 },
    questionCount: QUESTIONS.length,
    space: TINY_SPACE,
    spaceHash: 'h',
    objectives: OBJECTIVES,
    weights: { quality: 1 },
    constraints: [],
    seed: 7,
    budget,
    proposer: 'counting',
    rungs: [QUESTIONS.length],
    eta: 3,
    baseline: {},
    versions: {},
  });
  return Study.create({ store: new MemoryStudyStore(), name: 'loop', settings });
}

function startLoop(options: {
  study: Study;
  runner: FakeRunner;
  proposer: Proposer;
  budget: number;
  concurrency: number;
  signal?: AbortSignal;
  control?: LoopControl;
}): Promise<void> {
  return runTuningLoop({
    study: options.study,
    runner: options.runner.asRunner,
    space: TINY_SPACE,
    proposer: options.proposer,
    budget: options.budget,
    concurrency: options.concurrency,
    questionOrder: QUESTIONS,
    signal: options.signal,
    control: options.control,
  });
}

const ks = (configs: { config: Record<string, unknown> }[]) => configs.map((c) => c.config.k);
const summary = (study: Study) =>
  study.trials().map((t) => [t.config.k, t.state, t.state === 'complete' ? t.objectives?.quality : t.error]);

describe('runTuningLoop with two workers', () => {
  it('runs two trials at once, each exactly once, and stops at the budget exactly, whatever order they finish in', async () => {
    const study = newStudy(5);
    const runner = new FakeRunner();
    const proposer = countingProposer();
    const loop = startLoop({ study, runner, proposer, budget: 5, concurrency: 2 });

    expect(ks(await runner.untilPending(2, loop))).toEqual([0, 1]);
    // Both workers waited on one proposal round of two, not two rounds.
    expect(proposer.requests.map((r) => r.n)).toEqual([2]);
    // The second finishes first: its worker proposes again (3 left, 1 running: a batch of 2) and takes k=2.
    runner.pendingOf(1).release({ f1: 0.875 });
    expect(ks(await runner.untilPending(2, loop))).toEqual([0, 2]);
    // k=3 is waiting, so the next free worker takes it without proposing.
    runner.pendingOf(0).release({ f1: 0.125 });
    expect(ks(await runner.untilPending(2, loop))).toEqual([2, 3]);
    expect(proposer.requests.map((r) => r.n)).toEqual([2, 2]);
    // 3 finished, 1 running: one trial of budget is left, so the batch is 1.
    runner.pendingOf(3).release({ f1: 0.375 });
    expect(ks(await runner.untilPending(2, loop))).toEqual([2, 4]);
    runner.pendingOf(2).release({ f1: 0.25 });
    runner.pendingOf(4).release({ f1: 0.5 });
    await loop;

    expect(proposer.requests.map((r) => r.n)).toEqual([2, 2, 1]);
    expect(ks(runner.calls)).toEqual([0, 1, 2, 3, 4]);
    expect(runner.calls.every((c) => c.questions === 10)).toBe(true);
    expect(runner.maxInFlight).toBe(2);
    expect(runner.inFlight).toBe(0);
    expect(summary(study)).toEqual([
      [0, 'complete', 0.125],
      [1, 'complete', 0.875],
      [2, 'complete', 0.25],
      [3, 'complete', 0.375],
      [4, 'complete', 0.5],
    ]);
    expect(study.trials().filter(countsTowardBudget)).toHaveLength(5);
  });

  it('keeps as many trials in flight as there are workers (1, 2, 3) and never more', async () => {
    for (const concurrency of [1, 2, 3]) {
      const budget = 6;
      const study = newStudy(budget);
      const runner = new FakeRunner();
      const loop = startLoop({ study, runner, proposer: countingProposer(), budget, concurrency });
      for (let done = 0; done < budget; done++) {
        const pending = await runner.untilPending(Math.min(concurrency, budget - done), loop);
        expect(pending).toHaveLength(Math.min(concurrency, budget - done));
        pending[0].release({ f1: done / 8 });
      }
      await loop;
      expect(runner.maxInFlight).toBe(concurrency);
      expect(ks(runner.calls)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(study.trials().map((t) => t.state)).toEqual(Array(budget).fill('complete'));
    }
  });

  it('runs enqueued trials first, in order, before asking the proposer for anything', async () => {
    const study = newStudy(4);
    study.enqueue({ proposals: [100, 101, 102].map((k) => ({ config: { k }, rationale: 'user' })), proposer: 'user' });
    const runner = new FakeRunner();
    const proposer = countingProposer();
    const loop = startLoop({ study, runner, proposer, budget: 4, concurrency: 2 });

    expect(ks(await runner.untilPending(2, loop))).toEqual([100, 101]);
    runner.pendingOf(101).release({ f1: 0.5 });
    expect(ks(await runner.untilPending(2, loop))).toEqual([100, 102]);
    expect(proposer.requests).toEqual([]);
    // Three enqueued trials used three of the four; the proposer is asked for the last one only.
    runner.pendingOf(100).release({ f1: 0.5 });
    expect(ks(await runner.untilPending(2, loop))).toEqual([102, 0]);
    expect(proposer.requests).toEqual([{ n: 1, history: 3, historyStates: ['complete', 'complete', 'running'] }]);
    runner.pendingOf(102).release({ f1: 0.5 });
    runner.pendingOf(0).release({ f1: 0.5 });
    await loop;
    expect(ks(runner.calls)).toEqual([100, 101, 102, 0]);
    expect(study.trials().map((t) => [t.config.k, t.proposer, t.state])).toEqual([
      [100, 'user', 'complete'],
      [101, 'user', 'complete'],
      [102, 'user', 'complete'],
      [0, 'counting', 'complete'],
    ]);
  });

  it('counts failed trials toward the budget (a crash, too many failed questions)', async () => {
    const study = newStudy(4);
    const runner = new FakeRunner();
    const loop = startLoop({ study, runner, proposer: countingProposer(), budget: 4, concurrency: 2 });
    await runner.untilPending(2, loop);
    runner.pendingOf(0).crash(new Error('index exploded'));
    expect(ks(await runner.untilPending(2, loop))).toEqual([1, 2]);
    runner.pendingOf(1).release({ f1: 0.8, failedQuestions: 5 });
    expect(ks(await runner.untilPending(2, loop))).toEqual([2, 3]);
    runner.pendingOf(3).release({ f1: 0.625 });
    runner.pendingOf(2).release({ f1: 0.75 });
    await loop;
    expect(ks(runner.calls)).toEqual([0, 1, 2, 3]);
    expect(summary(study)).toEqual([
      [0, 'failed', 'index exploded'],
      [1, 'failed', '5 of 10 questions failed (50%, limit 20%): upstream timeout (x5)'],
      [2, 'complete', 0.75],
      [3, 'complete', 0.625],
    ]);
  });

  it('stops when the proposer has nothing new, below the budget', async () => {
    const study = newStudy(10);
    const runner = new FakeRunner();
    const proposer = countingProposer(3);
    const loop = startLoop({ study, runner, proposer, budget: 10, concurrency: 2 });
    await runner.untilPending(2, loop);
    runner.pendingOf(0).release({ f1: 0.5 });
    expect(ks(await runner.untilPending(2, loop))).toEqual([1, 2]);
    runner.pendingOf(1).release({ f1: 0.5 });
    runner.pendingOf(2).release({ f1: 0.5 });
    await loop;
    expect(ks(runner.calls)).toEqual([0, 1, 2]);
    expect(proposer.requests.map((r) => r.n)).toEqual([2, 2, 2]);
    expect(study.trials().map((t) => t.state)).toEqual(['complete', 'complete', 'complete']);
  });

  it('on abort finishes the running trials as interrupted, starts nothing more, and a resumed loop re-runs them first', async () => {
    const study = newStudy(10);
    const runner = new FakeRunner();
    const controller = new AbortController();
    const loop = startLoop({
      study,
      runner,
      proposer: countingProposer(),
      budget: 10,
      concurrency: 2,
      signal: controller.signal,
    });
    await runner.untilPending(2, loop);
    runner.pendingOf(0).release({ f1: 0.5 });
    expect(ks(await runner.untilPending(2, loop))).toEqual([1, 2]);
    controller.abort();
    await loop;

    expect(ks(runner.calls)).toEqual([0, 1, 2]);
    expect(runner.inFlight).toBe(0);
    expect(summary(study)).toEqual([
      [0, 'complete', 0.5],
      [1, 'failed', INTERRUPTED],
      [2, 'failed', INTERRUPTED],
      [3, 'waiting', null],
    ]);
    // Interrupted trials use no budget.
    expect(study.trials().filter(countsTowardBudget)).toHaveLength(1);

    // Resume (as `tune --resume` does): the interrupted configurations are queued again behind
    // the one still waiting, and all of them run before the proposer is asked.
    expect(ks(study.recoverInterrupted({ graceMs: 0 }))).toEqual([1, 2]);
    const resumed = new FakeRunner();
    const proposer = countingProposer();
    const again = new AbortController();
    const loop2 = startLoop({ study, runner: resumed, proposer, budget: 10, concurrency: 2, signal: again.signal });
    expect(ks(await resumed.untilPending(2, loop2))).toEqual([3, 1]);
    resumed.pendingOf(3).release({ f1: 0.25 });
    expect(ks(await resumed.untilPending(2, loop2))).toEqual([1, 2]);
    expect(proposer.requests).toEqual([]);
    again.abort();
    await loop2;
    expect(
      study
        .trials()
        .filter(countsTowardBudget)
        .map((t) => t.config.k),
    ).toEqual([0, 3]);
  });

  it('follows live steering: a raised budget is used at once, and a stop lets the running trials finish', async () => {
    const study = newStudy(2);
    const runner = new FakeRunner();
    const proposer = countingProposer();
    let budget = 2;
    let stopped = false;
    const control: LoopControl = {
      beforeTrial: async () => !stopped,
      budget: () => budget,
      weights: () => ({ quality: 1 }),
    };
    const loop = startLoop({ study, runner, proposer, budget: 2, concurrency: 2, control });
    await runner.untilPending(2, loop);
    // Raised from 2 to 10 while two run: the next free worker proposes (8 left, a batch of 2) and goes on.
    budget = 10;
    runner.pendingOf(0).release({ f1: 0.5 });
    expect(ks(await runner.untilPending(2, loop))).toEqual([1, 2]);
    stopped = true;
    runner.pendingOf(1).release({ f1: 0.5 });
    runner.pendingOf(2).release({ f1: 0.25 });
    await loop;
    expect(proposer.requests.map((r) => r.n)).toEqual([2, 2]);
    // Stopped, not aborted: what was running finished as complete, the waiting k=3 was not started.
    expect(ks(runner.calls)).toEqual([0, 1, 2]);
    expect(summary(study)).toEqual([
      [0, 'complete', 0.5],
      [1, 'complete', 0.5],
      [2, 'complete', 0.25],
      [3, 'waiting', null],
    ]);
  });

  it('starts nothing when the signal is already aborted', async () => {
    const study = newStudy(5);
    const runner = new FakeRunner();
    const proposer = countingProposer();
    await startLoop({ study, runner, proposer, budget: 5, concurrency: 2, signal: AbortSignal.abort() });
    expect(runner.calls).toEqual([]);
    expect(proposer.requests).toEqual([]);
    expect(study.trials()).toEqual([]);
  });

  it('proposes again after a round that ended without awaiting (re-queued an interrupted trial), and uses the budget', async () => {
    const study = newStudy(3);
    const proposer = countingProposer();
    const first = new AbortController();
    const runner = new FakeRunner();
    const loop = startLoop({ study, runner, proposer, budget: 3, concurrency: 1, signal: first.signal });
    await runner.untilPending(1, loop);
    first.abort();
    await loop;
    // k=0 is interrupted and nothing waits: the next round re-queues it and returns before any await.
    // Such a round's outcome was once kept for good, so the worker later spun on it ("added", with
    // nothing to take) and never yielded to a signal; the count caps that spin so the test fails, not hangs.
    let rounds = 0;
    const control: LoopControl = {
      beforeTrial: async () => ++rounds < 1_000,
      budget: () => 3,
      weights: () => ({ quality: 1 }),
    };
    await startLoop({
      study,
      runner: new FakeRunner(() => ({ f1: 0.5 })),
      proposer,
      budget: 3,
      concurrency: 1,
      control,
    });
    expect(rounds).toBeLessThan(10);
    expect(summary(study)).toEqual([
      [0, 'failed', INTERRUPTED],
      [0, 'complete', 0.5],
      [1, 'complete', 0.5],
      [2, 'complete', 0.5],
    ]);
  });
});
