import { parse } from 'csv-parse/sync';
import { readTextFile } from '../../src/data/read-text-file.js';
import { TuneRagError } from '../../src/errors.js';

/** A CSV file read as text cells: the trimmed header and one record per data row. */
export interface CsvTable {
  /** How messages name the file (the path as the user gave it). */
  label: string;
  columns: string[];
  /** Cells by column name, trimmed. */
  rows: Array<{ line: number; cells: Record<string, string> }>;
}

/**
 * Reads a results table: a header line naming the columns, then one row per evaluated
 * configuration (and task). Cells are kept as trimmed text; callers decide what is numeric.
 *
 * @throws TuneRagError ('io') when the file cannot be read, ('dataset') when it is not CSV with a
 *   unique, non-empty header or has no data row, naming the file and line.
 */
export async function readTableCsv(options: { path: string; label: string }): Promise<CsvTable> {
  const { path, label } = options;
  const text = await readTextFile({
    path,
    label,
    what: 'a CSV table with a header line and one row per configuration',
  });
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  let columns: string[] = [];
  try {
    records = parse(text, {
      columns: (header: string[]) => (columns = header.map((h) => h.trim())),
      info: true,
      skip_empty_lines: true,
      bom: true,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new TuneRagError(
      'dataset',
      `${line === undefined ? label : `${label}:${line}`}: ${(error as Error).message}`,
      {
        hint: 'Fix the CSV quoting or the number of cells on that line; every row needs one cell per header column.',
      },
    );
  }
  const blank = columns.indexOf('');
  if (blank >= 0)
    throw new TuneRagError('dataset', `${label}:1: header column ${blank + 1} has no name`, {
      hint: 'Name every column in the first line.',
    });
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i);
  if (repeated)
    throw new TuneRagError('dataset', `${label}:1: column "${repeated}" appears twice in the header`, {
      hint: 'Give every column a distinct name.',
    });
  if (records.length === 0)
    throw new TuneRagError('dataset', `${label}: no data rows after the header`, {
      hint: 'The table needs one row per evaluated configuration.',
    });
  const rows = records.map(({ record, info }) => {
    const cells: Record<string, string> = {};
    for (const column of columns) cells[column] = (record[column] ?? '').trim();
    return { line: info.lines, cells };
  });
  return { label, columns, rows };
}
