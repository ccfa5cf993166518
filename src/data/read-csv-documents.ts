import { parse } from 'csv-parse/sync';
import type { DatasetIssues } from './dataset-issues.js';
import { at } from './dataset-records.js';
import type { DocumentFileInput, LocatedDoc } from './located-doc.js';
import { csvHeader, parseCsvRecords } from './parse-csv-records.js';

/** Between the cells of a row when a whole table becomes one document. */
export const CSV_CELL_SEPARATOR = ' | ';

/**
 * Reads a CSV document file. With a `text` column in the header (any case) it is a table of
 * documents: one document a row, its id from the `id` column (else `<file id>#<row>`, rows
 * counted from 1 after the header) and its title from `title`. Without one it is a data table
 * that becomes a single document: every line (header first) with its cells trimmed and joined by
 * ` | `. Broken CSV goes to `issues` as `label:LINE: ...`.
 */
export function readCsvDocuments(options: DocumentFileInput & { text: string }): LocatedDoc[] {
  const { text, id, label, fallbackTitle, issues } = options;
  const header = csvHeader(text);
  const column = (name: string): string | undefined => header.find((h) => h.toLowerCase() === name);
  const textColumn = column('text');
  if (textColumn === undefined) {
    const table = tableText({ text, label, issues });
    return table === null ? [] : [{ doc: { id, title: fallbackTitle, text: table } }];
  }

  const idColumn = column('id');
  const titleColumn = column('title');
  const rows = parseCsvRecords({ text, label, issues }) ?? [];
  return rows.map(({ record, line }, i) => {
    const title = titleColumn === undefined ? '' : (record[titleColumn] ?? '').trim();
    const rowId = idColumn === undefined ? '' : (record[idColumn] ?? '').trim();
    return {
      doc: { id: rowId || `${id}#${i + 1}`, title: title || undefined, text: (record[textColumn] ?? '').trim() },
      source: at(label, line),
    };
  });
}

/** The table as lines of cells; null (a problem added) when the CSV is broken. */
function tableText(options: { text: string; label: string; issues: DatasetIssues }): string | null {
  const { text, label, issues } = options;
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    issues.add(
      `${line === undefined ? label : `${label}:${line}`}: ${(error as Error).message} — fix the CSV quoting on that line`,
    );
    return null;
  }
  return rows.map((cells) => cells.map((cell) => cell.trim()).join(CSV_CELL_SEPARATOR)).join('\n');
}
