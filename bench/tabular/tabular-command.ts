import { InvalidArgumentError, type Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  BUILTIN_PROPOSERS,
  createBuiltinProposer,
  type BuiltinProposerName,
} from '../../src/optimize/proposers/builtin-proposers.js';
import { loadTabularTasks } from './load-tabular-tasks.js';
import { runTabularBenchmark } from './tabular-benchmark.js';
import { formatTabularSummary, tabularJson } from './tabular-report.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { positiveInt } from '../../src/cli/option-parsers.js';
import { createProgressReporter } from '../../src/cli/progress-bar.js';

interface TabularFlags {
  table: string;
  taskColumn: string;
  task: string;
  testTask?: string;
  objective: string;
  params?: string[];
  budgets: number[];
  seeds: number;
  proposers: BuiltinProposerName[];
  json?: string;
}

/** Registers `tune-rag bench` and its subcommands (today: `bench tabular`). */
export function registerBenchCommand(program: Command, io: CliIo): void {
  const bench = program
    .command('bench')
    .description('Benchmark proposers; `bench tabular` replays a published results table instead of running pipelines');
  bench
    .command('tabular')
    .description(
      'Compare proposers on a results table (CSV): each evaluation is a row lookup, scores are normalised over the table',
    )
    .requiredOption('--table <file>', 'CSV with a header line, one row per configuration and task')
    .requiredOption('--task-column <column>', 'column telling tasks (datasets) apart')
    .requiredOption('--task <name>', 'task to search on (a value of the task column)')
    .option('--test-task <name>', 'task on which to score the configuration each seed picked')
    .requiredOption('--objective <column>', 'numeric column to maximise')
    .option('--params <columns>', 'comma-separated parameter columns (default: inferred, see docs)', columnList)
    .option('--budgets <list>', 'comma-separated evaluation budgets', budgetList, [5, 10, 20])
    .option('--seeds <n>', 'runs per proposer and budget (seeds 0..n-1)', positiveInt, 30)
    .option('--proposers <list>', `comma-separated proposers (${BUILTIN_PROPOSERS.join(', ')})`, proposerList, [
      ...BUILTIN_PROPOSERS,
    ])
    .option('--json <file>', "also write every seed's picked configuration and scores to this file")
    .exitOverride()
    .showSuggestionAfterError(true)
    .action((flags: TabularFlags) => benchTabular(flags, io));
  bench.exitOverride().showSuggestionAfterError(true);
}

/** Runs `bench tabular`: loads the tasks, runs every proposer × budget × seed, prints the summary. */
export async function benchTabular(flags: TabularFlags, io: CliIo): Promise<void> {
  const tasks = await loadTabularTasks({
    path: resolve(io.cwd, flags.table),
    label: flags.table,
    taskColumn: flags.taskColumn,
    task: flags.task,
    testTask: flags.testTask,
    objective: flags.objective,
    params: flags.params,
  });
  const progress = createProgressReporter({ enabled: true, stream: io.stderrStream });
  const total = flags.proposers.length * flags.budgets.length * flags.seeds;
  let done = 0;
  progress.start(total, 'runs');
  const summaries = await runTabularBenchmark({
    dev: tasks.dev,
    test: tasks.test,
    proposers: flags.proposers.map((name) => ({
      name,
      make: ({ budget }) => createBuiltinProposer({ name, auto: { budget } }),
    })),
    budgets: flags.budgets,
    seeds: flags.seeds,
    objective: { name: 'score', metric: flags.objective, direction: 'max' },
    onRun: ({ proposer, budget }) => progress.update(done++, `${proposer} at ${budget}`),
  });
  progress.update(total, 'done');
  progress.stop();
  io.out(formatTabularSummary({ summaries, tasks, seeds: flags.seeds }));
  if (flags.json) {
    const report = tabularJson({
      summaries,
      tasks,
      table: flags.table,
      objective: flags.objective,
      seeds: flags.seeds,
      budgets: flags.budgets,
    });
    writeFileSync(resolve(io.cwd, flags.json), JSON.stringify(report, null, 2) + '\n');
    io.out(`wrote ${flags.json}`);
  }
}

function splitList(value: string): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new InvalidArgumentError(`expected a comma-separated list, got "${value}".`);
  return items;
}

function columnList(value: string): string[] {
  return splitList(value);
}

function budgetList(value: string): number[] {
  const budgets = splitList(value).map((item) => {
    try {
      return positiveInt(item);
    } catch {
      throw new InvalidArgumentError(`expected positive whole numbers such as 5,10,20, got "${item}" in "${value}".`);
    }
  });
  return [...new Set(budgets)].sort((a, b) => a - b);
}

function proposerList(value: string): BuiltinProposerName[] {
  const known: readonly string[] = BUILTIN_PROPOSERS;
  const names = splitList(value);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length)
    throw new InvalidArgumentError(
      `unknown proposer(s) ${unknown.map((n) => `"${n}"`).join(', ')}; choose from ${BUILTIN_PROPOSERS.join(', ')}.`,
    );
  return [...new Set(names)] as BuiltinProposerName[];
}
