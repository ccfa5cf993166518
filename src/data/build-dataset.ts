import type { DatasetIssues } from './dataset-issues.js';
import type { DatasetRecords } from './dataset-records.js';
import type { Dataset } from './dataset-schema.js';
import { computeFingerprint } from './fingerprint.js';
import { validateDataset } from './validate-dataset.js';

/**
 * The last step of every loader: validates the records across each other, throws one
 * TuneRagError listing all problems (parse problems already in `issues` included), and
 * otherwise returns the immutable Dataset with its fingerprint and capability flags.
 */
export function buildDataset(options: {
  records: DatasetRecords;
  issues: DatasetIssues;
  name: string;
  source: string;
}): Dataset {
  const { records, issues, name, source } = options;
  // Cross checks on a partly parsed dataset would mostly repeat the parse errors (a gold id
  // "missing" because its document line was malformed), so report those first.
  issues.throwIfAny({ dataset: source });
  validateDataset({ records, issues });
  issues.throwIfAny({ dataset: source });
  const { docs, questions, format, warnings } = records;
  return {
    name,
    source,
    format,
    docs,
    questions,
    fingerprint: computeFingerprint({ docs, questions }),
    hasAnswers: questions.some((q) => q.answers.length > 0),
    hasGold: questions.some((q) => (q.gold_doc_ids?.length ?? 0) > 0 || (q.answer_spans?.length ?? 0) > 0),
    warnings,
  };
}
