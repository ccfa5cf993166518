import { suggestName } from '../names/suggest-name.js';
import type { DatasetIssues } from './dataset-issues.js';
import type { QaItem } from './dataset-schema.js';
import { csvHeader, parseCsvRecords } from './parse-csv-records.js';
import type { JsonlRecord } from './read-jsonl.js';
import { readTextFile } from './read-text-file.js';

/** The columns of qa.csv; only `question` is required. */
export const QA_CSV_COLUMNS = ['id', 'question', 'answers', 'gold_doc_ids'] as const;
/** Separator of several answers or gold ids inside one cell. */
export const QA_CSV_LIST_SEPARATOR = '|';

/**
 * Reads `qa.csv`: a header line naming the columns `id,question,answers,gold_doc_ids` (any
 * order; only `question` required), then one question a row. `answers` and `gold_doc_ids` hold
 * several values separated by `|`; an empty `id` becomes the row number. Problems go to
 * `issues` as `qa.csv:LINE: ...`; a column that looks like a misspelt known column is an error,
 * other unknown columns are ignored with a warning.
 */
export async function readQaCsv(options: {
  path: string;
  label: string;
  issues: DatasetIssues;
  warnings: string[];
}): Promise<Array<JsonlRecord<QaItem>>> {
  const { path, label, issues, warnings } = options;
  const text = await readTextFile({
    path,
    label,
    what: `questions as CSV with a header line: ${QA_CSV_COLUMNS.join(',')}`,
  });
  const rows = parseCsvRecords({ text, label, issues });
  if (rows === null) return [];
  if (!checkHeader({ text, label, issues, warnings })) return [];

  const items: Array<JsonlRecord<QaItem>> = [];
  rows.forEach(({ record, line }, index) => {
    if (issues.full) return;
    const info = { lines: line };
    const question = (record.question ?? '').trim();
    if (question === '') {
      issues.add(`${label}:${info.lines}: column "question" is empty — write the question or remove the row`);
      return;
    }
    const goldDocIds = splitList(record.gold_doc_ids);
    const item: QaItem = { id: record.id?.trim() || String(index + 1), question, answers: splitList(record.answers) };
    if (goldDocIds.length > 0) item.gold_doc_ids = goldDocIds;
    items.push({ line: info.lines, value: item });
  });
  return items;
}

/** Validates the header line; false when no row can be read meaningfully. */
function checkHeader(options: { text: string; label: string; issues: DatasetIssues; warnings: string[] }): boolean {
  const { text, label, issues, warnings } = options;
  const header = csvHeader(text);
  const known: readonly string[] = QA_CSV_COLUMNS;
  let ok = true;
  for (const raw of header) {
    const column = raw.trim();
    if (known.includes(column)) continue;
    const suggestion = suggestName(column, [...known]);
    if (suggestion) {
      issues.add(
        `${label}:1: unknown column "${column}" (did you mean "${suggestion}"?) — rename it; columns are ${QA_CSV_COLUMNS.join(',')}`,
      );
      ok = false;
    } else warnings.push(`${label}: column "${column}" is not one of ${QA_CSV_COLUMNS.join(',')}; ignored`);
  }
  if (!header.includes('question')) {
    issues.add(
      `${label}:1: no "question" column — the first line must be a header such as ${QA_CSV_COLUMNS.join(',')}`,
    );
    ok = false;
  }
  return ok;
}

function splitList(cell: string | undefined): string[] {
  if (cell === undefined) return [];
  const values = cell
    .split(QA_CSV_LIST_SEPARATOR)
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return [...new Set(values)];
}
