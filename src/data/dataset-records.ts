import type { CorpusDoc, DatasetFormat, QaItem } from './dataset-schema.js';

/**
 * What a loader produces before cross-record validation: the records plus where each came from,
 * so validation messages can say `corpus.jsonl:17` or `docs/intro.md`.
 *
 * Invariant: `docSources[i]` describes `docs[i]` and `questionSources[i]` describes `questions[i]`.
 */
export interface DatasetRecords {
  format: DatasetFormat;
  docs: CorpusDoc[];
  questions: QaItem[];
  /** `file:line` (or a file, or a JSON path) per document, for messages. */
  docSources: string[];
  /** `file:line` (or a JSON path) per question, for messages. */
  questionSources: string[];
  /** Non-fatal findings so far (dropped or skipped records). */
  warnings: string[];
  /** How messages name the corpus and the questions when there are none, e.g. `corpus.jsonl`. */
  corpusLabel: string;
  questionsLabel: string;
}

/** `label:line`, the location prefix every per-record message starts with. */
export function at(label: string, line: number): string {
  return `${label}:${line}`;
}
