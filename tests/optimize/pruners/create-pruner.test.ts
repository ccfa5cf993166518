import { describe, expect, it } from 'vitest';
import { TuneRagError } from '../../../src/errors.js';
import type { Objective } from '../../../src/optimize/proposers/proposer.js';
import { checkPrunerName, createPruner } from '../../../src/optimize/pruners/create-pruner.js';
import { PRUNER_NAMES, type PruneContext, type RungPeer } from '../../../src/optimize/pruners/pruner.js';

const QUALITY: Objective[] = [{ name: 'quality', metric: 'f1', direction: 'max' }];
const peer = (trialId: number, quality: number): RungPeer => ({
  trialId,
  objectives: { quality },
  configHash: `h${trialId}`,
  questions: 20,
  state: 'complete',
});
/** Trial 3 (0.25, running) after two completed trials scoring 0.75 and 0.5. */
const CONTEXT: PruneContext = {
  candidateId: 3,
  rung: 0,
  rungCount: 3,
  peers: [peer(1, 0.75), peer(2, 0.5), { ...peer(3, 0.25), state: 'running' }],
  objectives: QUALITY,
  weights: { quality: 1 },
};

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof TuneRagError ? { message: error.message, hint: error.hint } : error;
  }
  throw new Error('expected a TuneRagError');
};

describe('createPruner', () => {
  it('builds each built-in pruner by name; each decides the same trial its own way', async () => {
    expect(PRUNER_NAMES).toEqual(['successive-halving', 'median', 'none']);
    expect(PRUNER_NAMES.map((name) => createPruner({ name }).name)).toEqual(['successive-halving', 'median', 'none']);
    // Three peers, eta 3: one slot, and trial 3 is third.
    expect(await createPruner({ name: 'successive-halving', eta: 3 }).decide(CONTEXT)).toEqual({
      promote: false,
      rank: 3,
      of: 3,
      slots: 1,
    });
    // Two completed trials are below the default startup of 5. With 2: scores are normalised over
    // 0.25..0.75 (1, 0.5 and the candidate's 0), so the median of the completed is 0.75.
    expect(await createPruner({ name: 'median' }).decide(CONTEXT)).toEqual({
      promote: true,
      reason: 'startup',
      completed: 2,
      score: null,
      median: null,
    });
    expect(await createPruner({ name: 'median', startupTrials: 2 }).decide(CONTEXT)).toEqual({
      promote: false,
      reason: 'below-median',
      completed: 2,
      score: 0,
      median: 0.75,
    });
    expect(await createPruner({ name: 'median', startupTrials: 2, warmupRungs: 1 }).decide(CONTEXT)).toMatchObject({
      promote: true,
      reason: 'warmup',
    });
    expect(await createPruner({ name: 'none' }).decide(CONTEXT)).toEqual({ promote: true });
  });

  it('names the option of an unknown pruner or a bad parameter', () => {
    expect(failure(() => createPruner({ name: 'medain' }))).toEqual({
      message: 'pruner: unknown pruner "medain". Did you mean "median"?',
      hint: 'Available: successive-halving, median, none',
    });
    expect(failure(() => checkPrunerName('asha'))).toEqual({
      message: 'pruner: unknown pruner "asha".',
      hint: 'Available: successive-halving, median, none',
    });
    expect(failure(() => createPruner({ name: 'successive-halving', eta: 0 }))).toEqual({
      message: 'eta: expected a whole number of at least 1, got 0',
      hint: undefined,
    });
    expect(failure(() => createPruner({ name: 'median', startupTrials: 1.5 }))).toEqual({
      message: 'startupTrials: expected a whole number of at least 0, got 1.5',
      hint: undefined,
    });
    expect(failure(() => createPruner({ name: 'median', warmupRungs: -1 }))).toEqual({
      message: 'warmupRungs: expected a whole number of at least 0, got -1',
      hint: undefined,
    });
  });
});
