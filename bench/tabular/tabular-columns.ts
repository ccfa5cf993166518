import { TuneRagError } from '../../src/errors.js';
import { didYouMean } from '../../src/names/suggest-name.js';
import type { CsvTable } from './read-table-csv.js';

/**
 * A numeric column with more distinct values than this is taken for a score, not a parameter,
 * when parameter columns are inferred: benchmark grids rarely try more than ten levels of one
 * knob, while scores are almost all distinct.
 */
export const MAX_INFERRED_LEVELS = 10;

/** Whether a cell reads as a finite number ("0.25", "1e-3", "10"); empty cells do not. */
export function isNumericCell(cell: string): boolean {
  return cell !== '' && Number.isFinite(Number(cell));
}

/** Throws an actionable error unless `column` is in the table's header. */
export function requireColumn(options: { table: CsvTable; column: string; flag: string }): void {
  const { table, column, flag } = options;
  if (table.columns.includes(column)) return;
  throw new TuneRagError(
    'cli',
    `${flag} "${column}": no such column in ${table.label}.${didYouMean(column, table.columns)} Columns: ${table.columns.join(', ')}`,
    {
      hint: 'Column names are matched exactly, spaces and case included; quote names with spaces.',
    },
  );
}

/**
 * The parameter columns of a table when `--params` is not given: every column except the task
 * and objective columns, minus score-like columns (all numeric with more than
 * {@link MAX_INFERRED_LEVELS} distinct values among `rows`) and constant columns.
 *
 * A text column with that many distinct values (ids, notes, timestamps) could be either, so
 * guessing would silently change the benchmark: that is an error asking for `--params`.
 */
export function inferParamColumns(options: {
  table: CsvTable;
  rows: CsvTable['rows'];
  exclude: readonly string[];
}): string[] {
  const { table, rows, exclude } = options;
  const params: string[] = [];
  const ambiguous: string[] = [];
  for (const column of table.columns) {
    if (exclude.includes(column)) continue;
    const distinct = new Set(rows.map((r) => r.cells[column]));
    if (distinct.size <= 1) continue;
    if (distinct.size <= MAX_INFERRED_LEVELS) params.push(column);
    else if (![...distinct].every(isNumericCell)) ambiguous.push(column);
  }
  if (ambiguous.length > 0) {
    throw new TuneRagError(
      'cli',
      `cannot tell whether column(s) ${ambiguous.map((c) => `"${c}"`).join(', ')} of ${table.label} are parameters: they hold more than ${MAX_INFERRED_LEVELS} distinct text values`,
      {
        hint: `Name the parameter columns with --params, e.g. --params "${params.concat(ambiguous).join(',')}" (columns: ${table.columns.join(', ')}).`,
      },
    );
  }
  if (params.length === 0) {
    throw new TuneRagError(
      'cli',
      `found no parameter columns in ${table.label}: every column other than ${exclude.join(' and ')} is constant or looks like a score`,
      {
        hint: `Name the parameter columns with --params (columns: ${table.columns.join(', ')}).`,
      },
    );
  }
  return params;
}
