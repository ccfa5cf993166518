import { parse } from 'csv-parse/sync';
import type { DatasetIssues } from './dataset-issues.js';

/** One CSV row as column → cell (header names trimmed) and the line it starts on. */
export interface CsvRecord {
  record: Record<string, string>;
  line: number;
}

/**
 * Parses CSV text whose first line is a header into records with their start lines. Broken
 * quoting or a row with the wrong number of cells adds `label:LINE: ...` to `issues` and gives
 * `null`, since the rows after it cannot be trusted.
 */
export function parseCsvRecords(options: { text: string; label: string; issues: DatasetIssues }): CsvRecord[] | null {
  const { text, label, issues } = options;
  let rows: Array<{ record: Record<string, string>; raw: string }>;
  try {
    rows = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim()),
      info: true,
      raw: true,
      skip_empty_lines: true,
      bom: true,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    issues.add(
      `${line === undefined ? label : `${label}:${line}`}: ${(error as Error).message} — fix the CSV quoting or column count on that line`,
    );
    return null;
  }
  const lines = recordStartLines({ text, raws: rows.map((r) => r.raw) });
  return rows.map(({ record }, i) => ({ record, line: lines[i]! }));
}

/** The header line's cells, trimmed (empty for an empty file). */
export function csvHeader(text: string): string[] {
  return ((parse(text, { to_line: 1, bom: true }) as string[][])[0] ?? []).map((h) => h.trim());
}

/**
 * The line each record starts on, as an editor numbers lines ("\n" ends a line). csv-parse's own
 * `info.lines` is the line a record ends on, and it counts a "\r\n" inside a quoted cell as two
 * lines, so a row after a multi-line cell in a Windows file was named one line too late. Each
 * record's raw text is found in order after the header line; lines are counted up to it.
 */
function recordStartLines(options: { text: string; raws: readonly string[] }): number[] {
  const { text, raws } = options;
  let pos = text.indexOf('\n') + 1;
  let line = 2;
  return raws.map((raw) => {
    const at = text.indexOf(raw, pos);
    if (at < 0) return line; // cannot happen: raw is the record's own input text
    for (; pos < at; pos++) if (text.charCodeAt(pos) === 10) line++;
    const start = line;
    for (; pos < at + raw.length; pos++) if (text.charCodeAt(pos) === 10) line++;
    return start;
  });
}
