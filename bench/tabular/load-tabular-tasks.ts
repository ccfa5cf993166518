import { TuneRagError } from '../../src/errors.js';
import { readTableCsv } from './read-table-csv.js';
import { inferParamColumns, requireColumn } from './tabular-columns.js';
import { buildTabularTask, tabularParams, type TabularParam, type TabularTask } from './tabular-task.js';

/** The dev task (searched) and optional test task (generalisation check) of a results table. */
export interface TabularTasks {
  dev: TabularTask;
  test?: TabularTask;
  params: TabularParam[];
}

/**
 * Loads a results CSV and builds its dev (and test) task. Parameter columns are `params` when
 * given, else inferred from the dev task's rows (see inferParamColumns); the same columns and value
 * parsing serve both tasks, so a configuration picked on dev can be looked up on test.
 *
 * @throws TuneRagError naming the file, flag and column for every bad input.
 */
export async function loadTabularTasks(options: {
  path: string;
  label: string;
  taskColumn: string;
  task: string;
  testTask?: string;
  objective: string;
  params?: readonly string[];
}): Promise<TabularTasks> {
  const { taskColumn, task, testTask, objective } = options;
  const table = await readTableCsv({ path: options.path, label: options.label });
  requireColumn({ table, column: taskColumn, flag: '--task-column' });
  requireColumn({ table, column: objective, flag: '--objective' });
  if (objective === taskColumn)
    throw new TuneRagError('cli', `--objective and --task-column both name "${objective}"`, {
      hint: 'The objective is the score column to maximise; the task column tells tasks apart.',
    });
  let columns: string[];
  if (options.params) {
    for (const column of options.params) requireColumn({ table, column, flag: '--params' });
    const clash = options.params.find((c) => c === taskColumn || c === objective);
    if (clash)
      throw new TuneRagError(
        'cli',
        `--params includes "${clash}", which is the ${clash === objective ? 'objective' : 'task'} column`,
        { hint: 'List only the columns that describe a configuration.' },
      );
    if (new Set(options.params).size !== options.params.length)
      throw new TuneRagError('cli', '--params names a column twice', { hint: 'List each parameter column once.' });
    columns = [...options.params];
  } else {
    const rows = table.rows.filter((r) => r.cells[taskColumn] === task);
    columns = inferParamColumns({ table, rows: rows.length ? rows : table.rows, exclude: [taskColumn, objective] });
  }
  const params = tabularParams({ table, columns });
  const dev = buildTabularTask({ table, taskColumn, task, objective, params, flag: '--task' });
  if (!options.params && dev.configs.length < table.rows.filter((r) => r.cells[taskColumn] === task).length) {
    throw new TuneRagError(
      'cli',
      `rows of task "${task}" in ${table.label} repeat the same values of the inferred parameter columns ${columns.join(', ')}`,
      {
        hint: `A parameter column was probably taken for a score: name every parameter column with --params (columns: ${table.columns.join(', ')}). Repeated rows are averaged when --params is given.`,
      },
    );
  }
  const test =
    testTask === undefined
      ? undefined
      : buildTabularTask({ table, taskColumn, task: testTask, objective, params, flag: '--test-task' });
  return { dev, test, params };
}
