import type { Config } from '../../src/space/parameter-schema.js';
import type { Objective, Proposer } from '../../src/optimize/proposers/proposer.js';
import { bestSmoothedTrial, smoothedScores } from '../../src/optimize/proposers/auto/smoothed-scores.js';
import { runTabularSearch, type TabularRun } from './tabular-run.js';
import type { TabularTask } from './tabular-task.js';

/** Normalised score from which a seed counts as having found (nearly) the table's best. */
export const NEAR_BEST = 0.98;

/** A proposer under test; `make` is called once per run with that run's budget as a hint. */
export interface BenchProposer {
  name: string;
  make: (options: { budget: number }) => Proposer;
}

/**
 * What one seed picked at one budget. The pick is what a study would report as its best: the
 * evaluated configuration with the highest smoothed score (smoothed-scores.ts), which need not be
 * the highest raw dev value, the "found" one, when that value looks like a lucky outlier.
 */
export interface TabularSeedResult {
  seed: number;
  config: Config;
  /** The pick's dev value (its table value on the dev task) and its normalised score. */
  devValue: number;
  devNormalised: number;
  /** The picked configuration's value on the test task; null without a test task or when it has no such row. */
  testValue: number | null;
  testNormalised: number | null;
  /** The highest dev value evaluated (earliest on ties): what the search found. */
  found: { config: Config; devValue: number; devNormalised: number; testNormalised: number | null };
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
  /** Mean normalised dev score of the best found (search quality, as published tabular benchmarks report it). */
  meanFound: number;
  /** Share of seeds whose best found has a dev normalised score of at least {@link NEAR_BEST}. */
  shareNearBest: number;
  /** Mean normalised dev score of the pick. */
  meanDev: number;
  /** Mean test normalised score over the seeds whose pick is in the test table; null without a test task. */
  meanTest: number | null;
  /** The same for the best found, i.e. what picking the raw best would give; null without a test task. */
  meanFoundTest: number | null;
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
 * picks is the one with the best smoothed dev score (see {@link pickOfRun}), the same rule a study's
 * pick uses; with a test task its value there measures whether the choice generalises. The best
 * found (highest raw dev value) is reported beside it.
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
        const found = run.evaluations.reduce((a, b) => (b.value > a.value ? b : a));
        const pick = pickOfRun({ run, dev, objective });
        const testOf = (config: Config) => {
          const value = test?.lookup(config);
          return value === undefined ? null : value;
        };
        const testValue = testOf(pick.config);
        const foundTest = testOf(found.config);
        results.push({
          seed,
          config: pick.config,
          devValue: pick.value,
          devNormalised: dev.normalise(pick.value),
          testValue,
          testNormalised: test && testValue !== null ? test.normalise(testValue) : null,
          found: {
            config: found.config,
            devValue: found.value,
            devNormalised: dev.normalise(found.value),
            testNormalised: test && foundTest !== null ? test.normalise(foundTest) : null,
          },
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

/**
 * The evaluation a study would pick from this run: the complete trial with the highest smoothed
 * score over the whole history (smoothed-scores.ts), earliest on ties.
 *
 * Why over all evaluations rather than the top few raw: the posterior mean at an evaluated
 * configuration is the model's estimate of its true value given everything observed, so taking
 * its maximum is the decision that maximises the expected true value; limiting it to the top raw
 * values would bring back the selection bias the smoothing removes.
 */
export function pickOfRun(options: { run: TabularRun; dev: TabularTask; objective: Objective }): {
  config: Config;
  value: number;
} {
  const { run, dev, objective } = options;
  const smoothed = smoothedScores({
    space: dev.space,
    history: run.history,
    objectives: [objective],
    weights: { [objective.name]: 1 },
  });
  const trial = bestSmoothedTrial({ history: run.history, smoothed });
  const index = trial ? run.history.indexOf(trial) : 0;
  return run.evaluations[index];
}

function summarise(options: {
  proposer: string;
  budget: number;
  results: TabularSeedResult[];
  hasTest: boolean;
}): TabularSummary {
  const { proposer, budget, results, hasTest } = options;
  const mean = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0);
  const tested = results.map((r) => r.testNormalised).filter((v): v is number => v !== null);
  const foundTested = results.map((r) => r.found.testNormalised).filter((v): v is number => v !== null);
  return {
    proposer,
    budget,
    meanFound: mean(results.map((r) => r.found.devNormalised)),
    shareNearBest: results.filter((r) => r.found.devNormalised >= NEAR_BEST - 1e-12).length / results.length,
    meanDev: mean(results.map((r) => r.devNormalised)),
    meanTest: hasTest && tested.length ? mean(tested) : null,
    meanFoundTest: hasTest && foundTested.length ? mean(foundTested) : null,
    testMissing: hasTest ? results.length - tested.length : 0,
    meanProposeMs: mean(results.map((r) => r.proposeMs / Math.max(1, r.proposerCalls))),
    seeds: results,
  };
}
