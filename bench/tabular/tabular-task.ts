import { TuneRagError } from '../../src/errors.js';
import { didYouMean } from '../../src/names/suggest-name.js';
import { SearchSpaceSchema, type Config, type ParamValue, type SearchSpace } from '../../src/space/parameter-schema.js';
import { configIdentity } from '../../src/optimize/proposers/sampling/config-identity.js';
import type { CsvTable } from './read-table-csv.js';
import { isNumericCell } from './tabular-columns.js';

/** One parameter column of a table and the search-space name it goes by. */
export interface TabularParam {
  /** Sanitised name (lower-case words joined by "_"), as the search space requires. */
  name: string;
  column: string;
  /** Every cell of the column in the file reads as a number, so values are numbers (sorted ascending). */
  numeric: boolean;
}

/** One task of a results table: the configurations evaluated on it and their objective values. */
export interface TabularTask {
  name: string;
  /** Every parameter categorical over the values seen in this task's rows, all in one group. */
  space: SearchSpace;
  /** The distinct configurations in the table, in row order. */
  configs: Config[];
  /** Objective value of a configuration, undefined when the table has no row for it. */
  lookup(config: Config): number | undefined;
  best: number;
  worst: number;
  /** (value − worst) / (best − worst): 1 for the table's best, 0 for its worst (1 when all are equal). */
  normalise(value: number): number;
}

/**
 * Maps parameter columns to search-space names: lower-cased, runs of other characters turned
 * into "_", a "p_" prefix when the result does not start with a letter, and a numeric suffix
 * when two columns would collide ("Top-K" → "top_k", "Chunk Size" → "chunk_size").
 */
export function tabularParams(options: { table: CsvTable; columns: readonly string[] }): TabularParam[] {
  const used = new Set<string>();
  return options.columns.map((column) => {
    let base = column
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
    if (!/^[a-z]/.test(base)) base = `p_${base}`.replace(/_+$/, '');
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    return { name, column, numeric: options.table.rows.every((r) => isNumericCell(r.cells[column])) };
  });
}

/**
 * Builds one task from the rows whose `taskColumn` equals `task`. Rows repeating a configuration
 * (repeated measurements) are averaged. The search space is generic on purpose: every column is
 * a categorical in the "retrieval" group, in column order, so nothing depends on what a column
 * means; greedy orders them by kind alone (text choices such as models before numeric levels, see
 * coordinateOrder in greedy-moves.ts), then left to right.
 *
 * @throws TuneRagError ('cli') when no row has that task (listing the tasks there are), ('dataset')
 *   when an objective cell is not a number (naming file, line and column).
 */
export function buildTabularTask(options: {
  table: CsvTable;
  taskColumn: string;
  task: string;
  objective: string;
  params: readonly TabularParam[];
  flag: string;
}): TabularTask {
  const { table, taskColumn, task, objective, params, flag } = options;
  const rows = table.rows.filter((r) => r.cells[taskColumn] === task);
  if (rows.length === 0) {
    const tasks = [...new Set(table.rows.map((r) => r.cells[taskColumn]))];
    throw new TuneRagError(
      'cli',
      `${flag} "${task}": no row of ${table.label} has ${taskColumn} = "${task}".${didYouMean(task, tasks)} Tasks: ${tasks.join(', ')}`,
      {
        hint: `Pass one of the values of column "${taskColumn}".`,
      },
    );
  }
  const parse = (param: TabularParam, cell: string): ParamValue => (param.numeric ? Number(cell) : cell);
  const sums = new Map<string, { config: Config; sum: number; count: number }>();
  for (const row of rows) {
    const cell = row.cells[objective];
    if (!isNumericCell(cell)) {
      throw new TuneRagError(
        'dataset',
        `${table.label}:${row.line}: objective column "${objective}" holds "${cell}", not a number`,
        {
          hint: 'Fill in the score or remove the row; the objective must be numeric on every row of the task.',
        },
      );
    }
    const config: Config = {};
    for (const param of params) config[param.name] = parse(param, row.cells[param.column]);
    const id = configIdentity(config);
    const entry = sums.get(id) ?? { config, sum: 0, count: 0 };
    entry.sum += Number(cell);
    entry.count++;
    sums.set(id, entry);
  }
  const values = new Map([...sums].map(([id, e]) => [id, e.sum / e.count]));
  const all = [...values.values()];
  const best = Math.max(...all);
  const worst = Math.min(...all);
  return {
    name: task,
    space: tabularSpace({ task, params, configs: [...sums.values()].map((e) => e.config), label: table.label }),
    configs: [...sums.values()].map((e) => e.config),
    lookup: (config) => values.get(configIdentity(config)),
    best,
    worst,
    normalise: (value) => (best === worst ? 1 : (value - worst) / (best - worst)),
  };
}

function tabularSpace(options: {
  task: string;
  params: readonly TabularParam[];
  configs: readonly Config[];
  label: string;
}): SearchSpace {
  const { task, params, configs, label } = options;
  const compare = (a: ParamValue, b: ParamValue) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  return SearchSpaceSchema.parse({
    name: `tabular:${task}`,
    description: `Configurations of task "${task}" in ${label}`,
    parameters: params.map((param) => ({
      name: param.name,
      type: 'categorical',
      group: 'retrieval',
      description: `column "${param.column}"`,
      values: [...new Set(configs.map((c) => c[param.name]))].sort(compare),
    })),
  });
}
