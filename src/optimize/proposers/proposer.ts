import type { Config, SearchSpace } from '../../space/parameter-schema.js';
import type { TrialRecord } from '../../store/trial.js';

/** One objective: which metric, and whether higher or lower is better. */
export interface Objective {
  name: string;
  metric: string;
  direction: 'max' | 'min';
}

export interface Proposal {
  config: Config;
  /** Why this configuration, in one or two sentences (shown to users and stored with the trial). */
  rationale: string;
  /**
   * Who made it when that is not the proposer asked (e.g. `llm→auto` for the agent's fallback);
   * stored as the trial's proposer. Default: the name of the proposer asked.
   */
  proposer?: string;
}

export interface ProposeRequest {
  space: SearchSpace;
  /** Every trial of the study so far (any state), oldest first. */
  history: readonly TrialRecord[];
  /** How many proposals are wanted; return exactly this many unless the space is exhausted. */
  n: number;
  /** Seed for this call; the same request with the same seed gives the same proposals. */
  seed: number;
  objectives: readonly Objective[];
  /** Weights per objective name for scalarising (sum need not be 1). */
  weights: Readonly<Record<string, number>>;
}

/**
 * Proposes whole configurations. Proposers only read; the study enqueues what they return.
 * Contract (tests/optimize/proposer-contract.ts): proposals are inside the space and its
 * conditions (only active keys), deterministic for a seed, never repeat a configuration already in
 * the history or in the same batch, cope with an empty history, and honour n.
 */
export interface Proposer {
  readonly name: string;
  propose(request: ProposeRequest): Promise<Proposal[]>;
}
