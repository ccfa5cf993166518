import { describe, expect, it } from 'vitest';
import type { QaItem } from '../../src/data/dataset-schema.js';
import { makeStudySettings } from '../../src/optimize/study-settings.js';
import { countsTowardBudget, INTERRUPTED, Study } from '../../src/optimize/study.js';
import { runTuningLoop } from '../../src/optimize/tuning-loop.js';
import type { QuestionResult, RungResult } from '../../src/store/trial.js';
import { RunAbortedError, type PipelineRun, type PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import { MemoryStudyStore } from '../../src/store/memory-study-store.js';
import { StoreFailureError } from '../../src/store/store-failure.js';

const FULL = new StoreFailureError({
  path: '/data/tune-rag.db',
  message: 'the disk holding the study database /data/tune-rag.db is full',
  hint: 'free space',
});

/** The in-memory store with one injected fault: recording a rung of trial #1 fails like a full disk. */
class FullOnTrialOne extends MemoryStudyStore {
  override recordRung(options: { trialId: number; rung: RungResult; questions: QuestionResult[] }): void {
    if (this.getTrial(options.trialId)?.number === 1) throw FULL;
    super.recordRung(options);
  }
}

/**
 * Trial #0 runs until it is aborted; every other trial answers at once. So with two workers, #1
 * hits the store fault while #0 is still running, whatever the timing.
 */
const runner = {
  async run(options: {
    config: Record<string, unknown>;
    questions: readonly QaItem[];
    signal?: AbortSignal;
  }): Promise<PipelineRun> {
    if (options.config.n === 0) {
      await new Promise((_, reject) =>
        options.signal!.addEventListener('abort', () => reject(new RunAbortedError()), { once: true }),
      );
    }
    return {
      config: options.config,
      keys: {},
      chunks: [],
      outcomes: [],
      scores: [],
      metrics: { f1: 0.5 },
      failures: 0,
      wallMs: 1,
    } as unknown as PipelineRun;
  },
} as unknown as PipelineRunner;

describe('a store failure inside the tuning loop', () => {
  it('stops every worker and rejects with it; no trial uses budget, and resume re-queues both cut trials', async () => {
    const settings = makeStudySettings({
      dataset: { name: 'tiny', source: 'memory', fingerprint: 'f', documents: 1 },
      questionCount: 1,
      space: {},
      spaceHash: 'h',
      objectives: [{ name: 'quality', metric: 'f1', direction: 'max' }],
      weights: { quality: 1 },
      constraints: [],
      seed: 0,
      budget: 4,
      proposer: 'test',
      rungs: [1],
      eta: 3,
      baseline: {},
      versions: {},
    });
    const study = Study.create({ store: new FullOnTrialOne(), name: 's', settings });
    study.enqueue({ proposals: [0, 1, 2, 3].map((n) => ({ config: { n }, rationale: `n=${n}` })), proposer: 'test' });
    const proposer = { name: 'none', propose: async () => [] };
    const loop = runTuningLoop({
      study,
      runner,
      space: {},
      proposer,
      budget: 4,
      concurrency: 2,
      questionOrder: [{ id: 'q', question: 'q?', answers: ['a'] } as QaItem],
    });
    await expect(loop).rejects.toBe(FULL);
    // #1 is left running (not failed: the fault is not its result); #0 was cut short like Ctrl-C;
    // nobody took #2 or #3 after the failure.
    expect(study.trials().map((t) => [t.number, t.state, t.error ?? null])).toEqual([
      [0, 'failed', INTERRUPTED],
      [1, 'running', null],
      [2, 'waiting', null],
      [3, 'waiting', null],
    ]);
    expect(study.trials().filter(countsTowardBudget)).toHaveLength(0);
    const requeued = study.recoverInterrupted({ graceMs: 0 });
    expect(requeued.map((t) => t.config)).toEqual([{ n: 0 }, { n: 1 }]);
    expect(study.trials().filter(countsTowardBudget)).toHaveLength(0);
  });
});
