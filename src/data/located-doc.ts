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
