import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../../src/stats/seeded-random.js';
import type { Config } from '../../src/space/parameter-schema.js';
import { configIdentity } from '../../src/optimize/proposers/sampling/config-identity.js';
import type { Objective, Proposer } from '../../src/optimize/proposers/proposer.js';
import { newTrialRecord, type TrialRecord } from '../../src/store/trial.js';
import type { TabularTask } from './tabular-task.js';

/** One evaluation (table lookup) of a tabular search. */
export interface TabularEvaluation {
  config: Config;
  value: number;
  rationale: string;
  /** The proposer offered nothing that is in the table, so a random untried row was taken. */
  fallback: boolean;
}

/** What one proposer did on one task with one seed. */
export interface TabularRun {
  evaluations: TabularEvaluation[];
  /** The evaluations as the complete trials the proposer saw (ids 1.., same order). */
  history: TrialRecord[];
  /** Calls of propose(), re-asks included. */
  proposerCalls: number;
  /** Proposals not in the table (incomplete grids); never evaluated. */
  rejected: number;
  fallbacks: number;
  proposeMs: number;
}

/** Batch sizes asked for in turn when the proposals so far are not in the table. */
const REASK_SIZES = [1, 4, 16];

/**
 * Runs a sequential search over a results table: the proposer is asked for one configuration at a
 * time, its value is looked up, and the trial is appended to the history as complete, until
 * `budget` evaluations (or the whole table) are done.
 *
 * A proposal absent from the table (an incomplete grid) is rejected, never counted as an
 * evaluation: the proposer is asked again for a larger batch, with the same history, and the first
 * proposal that is in the table is taken, as a constraint-aware proposer would. When none is, a
 * seeded random untried row is evaluated instead (a fallback).
 */
export async function runTabularSearch(options: {
  proposer: Proposer;
  task: TabularTask;
  budget: number;
  seed: number;
  objective: Objective;
}): Promise<TabularRun> {
  const { proposer, task, budget, seed, objective } = options;
  const history: TrialRecord[] = [];
  const tried = new Set<string>();
  const run: TabularRun = { evaluations: [], history, proposerCalls: 0, rejected: 0, fallbacks: 0, proposeMs: 0 };
  const limit = Math.min(budget, task.configs.length);
  while (run.evaluations.length < limit) {
    const step = run.evaluations.length;
    let picked: { config: Config; rationale: string } | undefined;
    for (let attempt = 0; attempt < REASK_SIZES.length && !picked; attempt++) {
      const started = performance.now();
      const proposals = await proposer.propose({
        space: task.space,
        history,
        n: REASK_SIZES[attempt],
        seed: callSeed(seed, step, attempt),
        objectives: [objective],
        weights: { [objective.name]: 1 },
      });
      run.proposeMs += performance.now() - started;
      run.proposerCalls++;
      for (const proposal of proposals) {
        const id = configIdentity(proposal.config);
        if (tried.has(id)) continue;
        if (task.lookup(proposal.config) === undefined) {
          run.rejected++;
          continue;
        }
        picked = proposal;
        break;
      }
    }
    const fallback = !picked;
    if (!picked) {
      const untried = task.configs.filter((c) => !tried.has(configIdentity(c)));
      const random = mulberry32(callSeed(seed, step, REASK_SIZES.length));
      picked = {
        config: untried[Math.floor(random() * untried.length)],
        rationale: 'bench: nothing proposed is in the table; random untried row',
      };
      run.fallbacks++;
    }
    const value = task.lookup(picked.config) as number;
    tried.add(configIdentity(picked.config));
    history.push(
      trialRecord({
        number: step,
        config: picked.config,
        rationale: picked.rationale,
        proposer: proposer.name,
        objective: objective.name,
        value,
      }),
    );
    run.evaluations.push({ config: picked.config, value, rationale: picked.rationale, fallback });
  }
  return run;
}

/** Distinct, reproducible seeds per (run seed, step, attempt), inside mulberry32's 32 bits. */
function callSeed(seed: number, step: number, attempt: number): number {
  return (seed * 100_003 + step * 17 + attempt) >>> 0;
}

function trialRecord(options: {
  number: number;
  config: Config;
  rationale: string;
  proposer: string;
  objective: string;
  value: number;
}): TrialRecord {
  const { number, config, rationale, proposer, objective, value } = options;
  return newTrialRecord({
    id: number + 1,
    studyId: 0,
    number,
    state: 'complete',
    config,
    configHash: configIdentity(config),
    proposer,
    rationale,
    objectives: { [objective]: value },
    createdAt: number,
    startedAt: number,
    finishedAt: number,
  });
}
