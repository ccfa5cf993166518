import type { DatasetIssues } from './dataset-issues.js';
import type { CorpusDoc } from './dataset-schema.js';

/**
 * A document read from a file, and where in the file when it holds several (a CSV row, a JSONL
 * line, a JSON array item), so messages about it can say `faq.csv:7` rather than `faq.csv`.
 */
export interface LocatedDoc {
  doc: CorpusDoc;
  /** `file:line` or `file[index]`; undefined when the document is the whole file. */
  source?: string;
}

/** What every format reader of a document file is given besides the content. */
export interface DocumentFileInput {
  /** The file's document id (its relative path without extension). */
  id: string;
  /** How messages name the file (relative path, posix separators). */
  label: string;
  /** The title when the file names none: its name without extension. */
  fallbackTitle: string;
  /** Where the reader adds what is wrong with the file, naming `label` and the fix. */
  issues: DatasetIssues;
}
