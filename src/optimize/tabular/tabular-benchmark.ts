import type { Config } from '../../space/parameter-schema.js';
import type { Objective, Proposer } from '../proposers/proposer.js';
import { runTabularSearch } from './tabular-run.js';
import type { TabularTask } from './tabular-task.js';

/** Normalised score from which a seed counts as having found (nearly) the table's best. */
export const NEAR_BEST = 0.98;

/** A proposer under test; `make` is called once per run with that run's budget as a hint. */
export interface BenchProposer {
  name: string;
  make: (options: { budget: number }) => Proposer;
}

/** What one seed picked at one budget: the best configuration found on the dev task. */
export interface TabularSeedResult {
  seed: number;
  config: Config;
  devValue: number;
  devNormalised: number;
  /** The picked configuration's value on the test task; null without a test task or when it has no such row. */
  testValue: number | null;
  testNormalised: number | null;
  evaluations: number;
  proposerCalls: number;
  rejected: number;
  fallbacks: number;
  proposeMs: number;
}

/** One proposer at one budget, over all seeds. */
export interface TabularSummary {
  proposer: string;
  budget: number;
  meanDev: number;
  /** Share of seeds with a dev normalised score of at least {@link NEAR_BEST}. */
  shareNearBest: number;
  /** Mean test normalised score over the seeds whose pick is in the test table; null without a test task. */
  meanTest: number | null;
  /** Seeds whose pick has no row in the test task. */
  testMissing: number;
  meanProposeMs: number;
  seeds: TabularSeedResult[];
}

/**
 * Runs every proposer with seeds 0..seeds-1 at every budget on the dev task and summarises.
 *
 * Each budget is a separate run rather than a prefix of the longest, so a proposer that plans its
 * exploration around the budget hint is measured as it would be used. The configuration a seed
 * picks is the best found on the dev task (earliest on ties); with a test task its value there
 * measures whether the choice generalises.
 */
export async function runTabularBenchmark(options: {
  dev: TabularTask;
  test?: TabularTask;
  proposers: readonly BenchProposer[];
  budgets: readonly number[];
  seeds: number;
  objective: Objective;
  onRun?: (info: { proposer: string; budget: number; seed: number }) => void;
}): Promise<TabularSummary[]> {
  const { dev, test, proposers, budgets, seeds, objective } = options;
  const summaries: TabularSummary[] = [];
  for (const entry of proposers) {
    for (const budget of budgets) {
      const results: TabularSeedResult[] = [];
      for (let seed = 0; seed < seeds; seed++) {
        options.onRun?.({ proposer: entry.name, budget, seed });
        const run = await runTabularSearch({ proposer: entry.make({ budget }), task: dev, budget, seed, objective });
        const best = run.evaluations.reduce((a, b) => (b.value > a.value ? b : a));
        const testValue = test?.lookup(best.config) ?? null;
        results.push({
          seed,
          config: best.config,
          devValue: best.value,
          devNormalised: dev.normalise(best.value),
          testValue,
          testNormalised: test && testValue !== null ? test.normalise(testValue) : null,
          evaluations: run.evaluations.length,
          proposerCalls: run.proposerCalls,
          rejected: run.rejected,
          fallbacks: run.fallbacks,
          proposeMs: run.proposeMs,
        });
      }
      summaries.push(summarise({ proposer: entry.name, budget, results, hasTest: test !== undefined }));
    }
  }
  return summaries;
}

function summarise(options: { proposer: string; budget: number; results: TabularSeedResult[]; hasTest: boolean }): TabularSummary {
  const { proposer, budget, results, hasTest } = options;
  const mean = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0);
  const tested = results.map((r) => r.testNormalised).filter((v): v is number => v !== null);
  return {
    proposer,
    budget,
    meanDev: mean(results.map((r) => r.devNormalised)),
    shareNearBest: results.filter((r) => r.devNormalised >= NEAR_BEST - 1e-12).length / results.length,
    meanTest: hasTest && tested.length ? mean(tested) : null,
    testMissing: hasTest ? results.length - tested.length : 0,
    meanProposeMs: mean(results.map((r) => r.proposeMs / Math.max(1, r.proposerCalls))),
    seeds: results,
  };
}
