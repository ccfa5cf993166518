import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BUILTIN_PROPOSERS, createBuiltinProposer } from '../src/optimize/proposers/builtin-proposers.js';
import { loadTabularTasks } from './tabular/load-tabular-tasks.js';
import { runTabularBenchmark } from './tabular/tabular-benchmark.js';
import { formatTabularSummary, tabularJson } from './tabular/tabular-report.js';
import { syntheticGridCsv } from './synthetic-grid-table.js';

/** A results table and the dev:test task pairs to replay on it. */
export interface TabularBenchTable {
  path: string;
  taskColumn: string;
  /** Pairs "Dev:Test" (test optional). */
  tasks: string[];
  objective: string;
}

/**
 * Proposers on results tables (`tune-rag bench tabular` for several tasks at once): each
 * evaluation is a row lookup, scores are normalised over the table. Without a table it replays a
 * generated grid of the same shape (synthetic-grid-table.ts), so it runs anywhere; pass a real
 * table (e.g. ../shared/bench/rag-hpo-bench) with --table, --task-column, --tasks, --objective.
 */
export async function runTabularBench(options: {
  table?: TabularBenchTable;
  seeds: number;
  budgets: number[];
  json?: string;
}): Promise<unknown> {
  let scratch: string | null = null;
  let table = options.table;
  if (!table) {
    scratch = mkdtempSync(join(tmpdir(), 'tune-rag-tabular-'));
    const path = join(scratch, 'synthetic-grid.csv');
    writeFileSync(path, syntheticGridCsv(11));
    table = { path, taskColumn: 'Task', tasks: ['Dev:Test'], objective: 'Score' };
    console.log(
      'no --table given: a generated 162-configuration grid (synthetic-grid-table.ts); pass a published table for real figures',
    );
  }
  try {
    const reports: unknown[] = [];
    for (const pair of table.tasks) {
      const [task, testTask] = pair.split(':');
      const tasks = await loadTabularTasks({
        path: resolve(table.path),
        label: table.path,
        taskColumn: table.taskColumn,
        task,
        testTask: testTask || undefined,
        objective: table.objective,
      });
      const summaries = await runTabularBenchmark({
        dev: tasks.dev,
        test: tasks.test,
        proposers: BUILTIN_PROPOSERS.map((name) => ({
          name,
          make: ({ budget }) => createBuiltinProposer({ name, auto: { budget } }),
        })),
        budgets: options.budgets,
        seeds: options.seeds,
        objective: { name: 'score', metric: table.objective, direction: 'max' },
      });
      console.log(formatTabularSummary({ summaries, tasks, seeds: options.seeds }));
      reports.push(
        tabularJson({
          summaries,
          tasks,
          table: table.path,
          objective: table.objective,
          seeds: options.seeds,
          budgets: options.budgets,
        }),
      );
    }
    if (options.json) writeFileSync(options.json, JSON.stringify(reports, null, 2) + '\n');
    return reports;
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
