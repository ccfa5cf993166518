import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeStudySettings } from '../../src/optimize/study-settings.js';
import { Study } from '../../src/optimize/study.js';
import { MemoryStudyStore } from '../../src/store/memory-study-store.js';
import { SqliteStudyStore } from '../../src/store/sqlite-study-store.js';
import type { StudyStore } from '../../src/store/study-store.js';
import type { QuestionResult } from '../../src/store/trial.js';

const root = mkdtempSync(join(tmpdir(), 'tune-rag-study-queries-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const settings = makeStudySettings({
  dataset: { name: 'tiny', source: 'memory', fingerprint: 'f', documents: 1 },
  questionCount: 8,
  space: {},
  spaceHash: 'h',
  objectives: [
    { name: 'quality', metric: 'f1', direction: 'max' },
    { name: 'retrieval', metric: 'recall_at_k', direction: 'max' },
  ],
  weights: { quality: 0.8, retrieval: 0.2 },
  constraints: [],
  seed: 0,
  budget: 5,
  proposer: 'random',
  rungs: [8],
  eta: 3,
  baseline: {},
  versions: {},
});

function question(questionId: string, f1: number, recall: number): QuestionResult {
  return {
    questionId,
    scores: { f1, recall_at_k: recall },
    answer: 'a',
    retrieved: ['d:0-1'],
    latencyMs: 10,
    usage: { promptTokens: 1, completionTokens: 1, costUsd: 0 },
  } as QuestionResult;
}

/** Eight questions: enough for the paired comparisons of the noise-aware Pareto front to separate trials. */
const QUESTIONS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'];

/**
 * Three trials on eight questions: #0 precise, #1 recalling but imprecise, #2 worse than #0 on both
 * objectives (off the Pareto front); #3 stays waiting.
 */
function storedStudy(store: StudyStore): Study {
  const study = Study.create({ store, name: 'small', settings });
  const rows: [string, number, number][] = [
    ['precise', 0.9, 0.25],
    ['recalling', 0.25, 0.75],
    ['worse', 0.5, 0.125],
  ];
  study.enqueue({
    proposals: [...rows, ['later', 0.5, 0.5] as [string, number, number]].map(([name]) => ({
      config: { name },
      rationale: name,
    })),
    proposer: 'test',
  });
  for (const [, f1, recall] of rows) {
    const trial = study.ask('w1')!;
    const objectives = { quality: f1, retrieval: recall };
    // Questions alternate 1/16 above and below the trial's values, so paired differences have a spread.
    const spread = (i: number) => (i % 2 === 0 ? 1 : -1) / 16;
    study.tellRung({
      trialId: trial.id,
      rung: { rung: 0, questions: 8, metrics: { f1, recall_at_k: recall }, objectives },
      questions: QUESTIONS.map((id, i) => question(id, f1 + spread(i), recall + spread(i))),
    });
    study.finish({ trialId: trial.id, state: 'complete', objectives, metrics: null });
  }
  return study;
}

const stores: [string, () => StudyStore][] = [
  ['memory', () => new MemoryStudyStore()],
  ['sqlite', () => new SqliteStudyStore({ path: join(root, `${Math.random().toString(36).slice(2)}.db`) })],
];

describe.each(stores)('Study queries over a %s store', (_, makeStore) => {
  it('answers trials by state, one trial, and question results of a rung', () => {
    const study = storedStudy(makeStore());
    expect(study.trials().map((t) => [t.number, t.state])).toEqual([
      [0, 'complete'],
      [1, 'complete'],
      [2, 'complete'],
      [3, 'waiting'],
    ]);
    expect(study.trials({ states: ['waiting'] }).map((t) => t.number)).toEqual([3]);
    const recalling = study.trials()[1];
    expect(study.trial(recalling.id)?.config).toEqual({ name: 'recalling' });
    expect(study.trial(9999)).toBeUndefined();
    expect(
      study
        .questionResults({ trialId: recalling.id, rung: 0 })
        .slice(0, 2)
        .map((q) => [q.questionId, q.scores.f1, q.scores.recall_at_k]),
    ).toEqual([
      ['q1', 0.3125, 0.8125],
      ['q2', 0.1875, 0.6875],
    ]);
    expect(study.questionResults({ trialId: recalling.id, rung: 1 })).toEqual([]);
  });

  it('picks the best and the Pareto front, and steering changes the best', () => {
    const study = storedStudy(makeStore());
    expect(study.best()?.config).toEqual({ name: 'precise' });
    expect(study.paretoFront().map((t) => t.number)).toEqual([0, 1]);
    expect(study.summary().counts).toEqual({ waiting: 1, running: 0, complete: 3, pruned: 0, failed: 0 });

    const record = study.recordSteering({
      atTrial: 3,
      action: { type: 'weights', weights: { quality: 0, retrieval: 1 } },
      message: 'recall matters',
    });
    expect([record.atTrial, record.action, record.message]).toEqual([
      3,
      { type: 'weights', weights: { quality: 0, retrieval: 1 } },
      'recall matters',
    ]);
    expect(study.steeringRecords().map((r) => r.message)).toEqual(['recall matters']);
    expect(study.steeringState().weights).toEqual({ quality: 0, retrieval: 1 });
    expect(study.steeringState({ budget: 9 }).budget).toBe(9);
    expect(study.best()?.config).toEqual({ name: 'recalling' });
  });

  it('cancels a waiting trial once, and keeps spend and its cap', () => {
    const study = storedStudy(makeStore());
    const [waiting] = study.trials({ states: ['waiting'] });
    expect(study.cancelWaiting(waiting.id)).toBe(true);
    expect(study.cancelWaiting(waiting.id)).toBe(false);
    expect(study.trials().length).toBe(3);

    expect(study.spend()).toEqual({ spentUsd: 0, costUnknown: false, capUsd: null });
    study.addSpend(0.25);
    study.addSpend(null);
    study.setSpendCap(2);
    expect(study.spend()).toEqual({ spentUsd: 0.25, costUnknown: true, capUsd: 2 });
  });
});
