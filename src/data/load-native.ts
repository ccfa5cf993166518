import { basename, join, resolve } from 'node:path';
import { buildDataset } from './build-dataset.js';
import { DatasetIssues } from './dataset-issues.js';
import { at } from './dataset-records.js';
import { CorpusDocSchema, type Dataset, QaItemSchema } from './dataset-schema.js';
import { readJsonl } from './read-jsonl.js';

/**
 * Loads tune-rag's own format: a folder with `corpus.jsonl` (`{"id","title"?,"text"}` a line)
 * and `qa.jsonl` (`{"id","question","answers","gold_doc_ids"?,"answer_spans"?}` a line).
 * Extra keys (type, level, ...) are tolerated. Throws one TuneRagError listing every problem.
 */
export async function loadNativeDataset(options: { dir: string; name?: string }): Promise<Dataset> {
  const dir = resolve(options.dir);
  const issues = new DatasetIssues();
  const corpus = await readJsonl({
    path: join(dir, 'corpus.jsonl'),
    label: 'corpus.jsonl',
    what: 'the corpus, one JSON document a line: {"id", "title"?, "text"}',
    schema: CorpusDocSchema,
    issues,
  });
  const qa = await readJsonl({
    path: join(dir, 'qa.jsonl'),
    label: 'qa.jsonl',
    what: 'the questions, one JSON object a line: {"id", "question", "answers", "gold_doc_ids"?}',
    schema: QaItemSchema,
    issues,
  });
  const records = {
    format: 'native' as const,
    docs: corpus.map((r) => r.value),
    questions: qa.map((r) => r.value),
    docSources: corpus.map((r) => at('corpus.jsonl', r.line)),
    questionSources: qa.map((r) => at('qa.jsonl', r.line)),
    warnings: [],
    corpusLabel: 'corpus.jsonl',
    questionsLabel: 'qa.jsonl',
  };
  return buildDataset({ records, issues, name: options.name ?? basename(dir), source: dir });
}
