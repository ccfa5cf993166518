import type { Objective, Proposer } from '../../src/optimize/proposers/proposer.js';
import type { ObjectiveValues, TrialRecord } from '../../src/store/trial.js';
import type { Config, SearchSpace } from '../../src/space/parameter-schema.js';
import { makeTrial } from './fixtures.js';

/**
 * A sequential ask/tell loop without a store: one proposal per step, evaluated at once by
 * `evaluate`, appended as a complete trial. Returns the whole history.
 */
export async function runLoop(options: {
  proposer: Proposer;
  space: SearchSpace;
  trials: number;
  seed: number;
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
  evaluate: (config: Config) => ObjectiveValues;
}): Promise<TrialRecord[]> {
  const history: TrialRecord[] = [];
  for (let step = 0; step < options.trials; step++) {
    const [proposal] = await options.proposer.propose({
      space: options.space,
      history,
      n: 1,
      seed: options.seed * 1000 + step,
      objectives: options.objectives,
      weights: options.weights,
    });
    if (!proposal) break;
    const trial = makeTrial({
      number: history.length,
      config: proposal.config,
      objectives: options.evaluate(proposal.config),
      proposer: options.proposer.name,
    });
    history.push({ ...trial, rationale: proposal.rationale });
  }
  return history;
}
