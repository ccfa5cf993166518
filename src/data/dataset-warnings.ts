import { answerWarnings } from './answer-warnings.js';
import type { Dataset } from './dataset-schema.js';
import type { DatasetWarning } from './dataset-warning.js';
import { type ChunkSizeReference, documentWarnings } from './document-warnings.js';
import { groundTruthKeyWarnings } from './ground-truth-keys.js';
import { questionWarnings } from './question-warnings.js';

/**
 * Every warning about a loaded dataset, in a fixed order: what the loader noted (code `loading`),
 * then the answers, the question keys, the questions, the documents. None is fatal: the dataset
 * loads and runs, but some scores on it would mislead. Computed by `inspectDataset`, which
 * `datasets inspect` prints and `tune`/`run` show before they start.
 *
 * `chunk` enables the long-document check (the largest chunk size the run may use).
 */
export function datasetWarnings(options: {
  dataset: Dataset;
  answersInCorpus: number | null;
  chunk?: ChunkSizeReference;
}): DatasetWarning[] {
  const { dataset } = options;
  const { docs, questions } = dataset;
  return [
    ...(dataset.warnings ?? []).map((message): DatasetWarning => ({ code: 'loading', message })),
    ...answerWarnings({ questions, answersInCorpus: options.answersInCorpus }),
    ...groundTruthKeyWarnings({
      questions,
      label: dataset.format === 'native' || dataset.format === 'folder' ? 'qa.jsonl' : 'questions',
    }),
    ...questionWarnings({ questions }),
    ...documentWarnings({ docs, questions, chunk: options.chunk }),
  ];
}
