import Table from 'cli-table3';
import { NEAR_BEST, type TabularSummary } from './tabular-benchmark.js';
import type { TabularTasks } from './load-tabular-tasks.js';

/**
 * Terminal table of a tabular benchmark: one block per budget, one row per proposer, with the
 * mean normalised dev score of the best found and the share of seeds near the table's best (search
 * quality), then the mean normalised dev and test scores of the pick (the best smoothed estimate,
 * what a study reports), and the test score the raw best found would have had (when there is a
 * test task).
 */
export function formatTabularSummary(options: {
  summaries: readonly TabularSummary[];
  tasks: TabularTasks;
  seeds: number;
}): string {
  const { summaries, tasks, seeds } = options;
  const hasTest = tasks.test !== undefined;
  const head = [
    'budget',
    'proposer',
    `found ${tasks.dev.name}`,
    `share ≥${NEAR_BEST}`,
    `pick ${tasks.dev.name}`,
    ...(hasTest ? [`pick ${tasks.test!.name}`, `found ${tasks.test!.name}`] : []),
    'ms/proposal',
  ];
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  const budgets = [...new Set(summaries.map((s) => s.budget))];
  for (const budget of budgets) {
    for (const s of summaries.filter((x) => x.budget === budget)) {
      const test =
        s.meanTest === null ? 'n/a' : s.meanTest.toFixed(3) + (s.testMissing ? ` (${s.testMissing} missing)` : '');
      const foundTest = s.meanFoundTest === null ? 'n/a' : s.meanFoundTest.toFixed(3);
      table.push([
        String(budget),
        s.proposer,
        s.meanFound.toFixed(3),
        s.shareNearBest.toFixed(2),
        s.meanDev.toFixed(3),
        ...(hasTest ? [test, foundTest] : []),
        s.meanProposeMs.toFixed(2),
      ]);
    }
  }
  const describe = (t: TabularTasks['dev']) =>
    `${t.name}: ${t.configs.length} configurations, objective ${t.worst.toPrecision(4)}..${t.best.toPrecision(4)}`;
  const lines = [
    describe(tasks.dev),
    ...(tasks.test ? [describe(tasks.test)] : []),
    `parameters: ${tasks.params.map((p) => `${p.column} (${levels(tasks, p.name)} values)`).join(', ')}`,
    `scores are normalised (value − worst) / (best − worst) over each task's table, averaged over ${seeds} seeds; "found" is the highest dev value evaluated, "pick" the evaluated configuration with the best smoothed score (the GP posterior mean a study uses to break ties within noise; a table has no per-question noise, so here it decides alone)`,
    table.toString(),
  ];
  const extra = summaries.filter((s) => s.seeds.some((r) => r.rejected > 0 || r.fallbacks > 0));
  for (const s of extra) {
    const rejected = s.seeds.reduce((n, r) => n + r.rejected, 0);
    const fallbacks = s.seeds.reduce((n, r) => n + r.fallbacks, 0);
    lines.push(
      `${s.proposer} at ${s.budget}: ${rejected} proposals not in the table rejected, ${fallbacks} random fallbacks`,
    );
  }
  return lines.join('\n');
}

function levels(tasks: TabularTasks, name: string): number {
  const param = tasks.dev.space.parameters.find((p) => p.name === name);
  return param?.type === 'categorical' ? param.values.length : 0;
}

/** The `--json` report: settings, both tasks' ranges, and every seed's pick per proposer and budget. */
export function tabularJson(options: {
  summaries: readonly TabularSummary[];
  tasks: TabularTasks;
  table: string;
  objective: string;
  seeds: number;
  budgets: readonly number[];
}) {
  const { summaries, tasks, table, objective, seeds, budgets } = options;
  const task = (t: TabularTasks['dev']) => ({
    name: t.name,
    configurations: t.configs.length,
    best: t.best,
    worst: t.worst,
  });
  return {
    table,
    objective,
    seeds,
    budgets,
    params: tasks.params.map((p) => ({ name: p.name, column: p.column, numeric: p.numeric })),
    dev: task(tasks.dev),
    test: tasks.test ? task(tasks.test) : null,
    results: summaries.map((s) => ({
      proposer: s.proposer,
      budget: s.budget,
      mean_found: s.meanFound,
      share_near_best: s.shareNearBest,
      mean_dev: s.meanDev,
      mean_test: s.meanTest,
      mean_found_test: s.meanFoundTest,
      test_missing: s.testMissing,
      mean_propose_ms: s.meanProposeMs,
      seeds: s.seeds.map((r) => ({
        seed: r.seed,
        config: Object.fromEntries(tasks.params.map((p) => [p.column, r.config[p.name]])),
        dev_value: r.devValue,
        dev_normalised: r.devNormalised,
        test_value: r.testValue,
        test_normalised: r.testNormalised,
        found: {
          config: Object.fromEntries(tasks.params.map((p) => [p.column, r.found.config[p.name]])),
          dev_value: r.found.devValue,
          dev_normalised: r.found.devNormalised,
          test_normalised: r.found.testNormalised,
        },
        evaluations: r.evaluations,
        proposer_calls: r.proposerCalls,
        rejected: r.rejected,
        fallbacks: r.fallbacks,
      })),
    })),
  };
}
