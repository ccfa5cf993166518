import { describe, expect, it } from 'vitest';
import { newTrialRecord } from '../../src/store/trial.js';

const identity = {
  id: 7,
  studyId: 2,
  number: 3,
  config: { k: 5 },
  configHash: 'h',
  proposer: 'tpe',
  rationale: 'why',
  createdAt: 1000,
};

describe('newTrialRecord', () => {
  it('fills a freshly enqueued trial', () => {
    expect(newTrialRecord(identity)).toEqual({
      ...identity,
      state: 'waiting',
      rungs: [],
      objectives: null,
      metrics: null,
      error: null,
      startedAt: null,
      finishedAt: null,
      workerId: null,
      heartbeatAt: null,
    });
  });

  it('keeps every given field over the defaults', () => {
    const rung = { rung: 0, questions: 4, metrics: { f1: 0.5 }, objectives: { quality: 0.5 } };
    const trial = newTrialRecord({
      ...identity,
      state: 'complete',
      rungs: [rung],
      objectives: { quality: 0.5 },
      startedAt: 1100,
      finishedAt: 1200,
      workerId: 'w1',
    });
    expect([
      trial.state,
      trial.rungs,
      trial.objectives,
      trial.error,
      trial.startedAt,
      trial.finishedAt,
      trial.workerId,
    ]).toEqual(['complete', [rung], { quality: 0.5 }, null, 1100, 1200, 'w1']);
  });
});
