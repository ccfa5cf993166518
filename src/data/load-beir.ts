import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { TuneRagError } from '../errors.js';
import { buildDataset } from './build-dataset.js';
import { DatasetIssues } from './dataset-issues.js';
import { at, type DatasetRecords } from './dataset-records.js';
import type { Dataset, QaItem } from './dataset-schema.js';
import { readJsonl } from './read-jsonl.js';
import { readQrels } from './read-qrels.js';

// BEIR ids are strings, but some conversions write numbers; accept both rather than fail.
const BeirId = z
  .union([z.string('expected a string'), z.number()], 'expected a string id')
  .transform(String)
  .pipe(z.string().min(1, 'expected a non-empty id'));
const BeirDocSchema = z.looseObject({
  _id: BeirId,
  title: z.string().nullish(),
  text: z.string('expected a string (the document text)').nullish(),
});
const BeirQuerySchema = z.looseObject({
  _id: BeirId,
  text: z.string('expected a string (the query)').min(1, 'expected a non-empty query'),
});

/**
 * Loads a BEIR folder: `corpus.jsonl` (`_id`, `title`, `text`), `queries.jsonl` (`_id`, `text`)
 * and `qrels/test.tsv` (or the first `qrels/*.tsv`). Judgements with score > 0 become
 * gold_doc_ids; BEIR has no reference answers, so `answers` is always empty.
 *
 * Lenient where BEIR data itself is messy (it is downloaded, not written by the user): queries
 * without a positive judgement, judgements naming unknown documents and documents with neither
 * title nor text are dropped and counted in `warnings`.
 */
export async function loadBeirDataset(options: { dir: string; name?: string; split?: string }): Promise<Dataset> {
  const dir = resolve(options.dir);
  const issues = new DatasetIssues();
  const qrelsFile = await pickQrelsFile({ dir, split: options.split ?? 'test' });
  const corpus = await readJsonl({
    path: join(dir, 'corpus.jsonl'),
    label: 'corpus.jsonl',
    what: 'the BEIR corpus: {"_id", "title", "text"} a line',
    schema: BeirDocSchema,
    issues,
  });
  const queries = await readJsonl({
    path: join(dir, 'queries.jsonl'),
    label: 'queries.jsonl',
    what: 'BEIR queries: {"_id", "text"} a line',
    schema: BeirQuerySchema,
    issues,
  });
  const qrels = await readQrels({ path: join(dir, qrelsFile), label: qrelsFile, issues });
  const warnings: string[] = [];

  const records: DatasetRecords = {
    format: 'beir',
    docs: [],
    questions: [],
    docSources: [],
    questionSources: [],
    warnings,
    corpusLabel: 'corpus.jsonl',
    questionsLabel: 'queries.jsonl',
  };
  let emptyDocs = 0;
  for (const { line, value } of corpus) {
    const title = value.title?.trim() ? value.title : undefined;
    // A title-only document is still retrievable; text is what chunkers read, so use the title.
    const text = value.text?.trim() ? value.text : title;
    if (text === undefined) {
      emptyDocs++;
      continue;
    }
    records.docs.push({ id: value._id, ...(title === undefined ? {} : { title }), text });
    records.docSources.push(at('corpus.jsonl', line));
  }
  if (emptyDocs > 0) warnings.push(`corpus.jsonl: ${emptyDocs} document(s) with neither title nor text were dropped`);

  const docIds = new Set(records.docs.map((d) => d.id));
  const gold = new Map<string, string[]>();
  let unknownDocs = 0;
  let example = '';
  for (const q of qrels) {
    if (q.score <= 0) continue;
    if (!docIds.has(q.docId)) {
      unknownDocs++;
      example ||= `${qrelsFile}:${q.line} "${q.docId}"`;
      continue;
    }
    const list = gold.get(q.queryId) ?? [];
    if (!list.includes(q.docId)) list.push(q.docId);
    gold.set(q.queryId, list);
  }
  if (unknownDocs > 0)
    warnings.push(
      `${qrelsFile}: ${unknownDocs} relevant judgement(s) name documents not in corpus.jsonl (first: ${example}); ignored`,
    );

  let dropped = 0;
  for (const { line, value } of queries) {
    const goldDocIds = gold.get(value._id);
    if (!goldDocIds) {
      dropped++;
      continue;
    }
    const item: QaItem = { id: value._id, question: value.text, answers: [], gold_doc_ids: goldDocIds };
    records.questions.push(item);
    records.questionSources.push(at('queries.jsonl', line));
  }
  if (dropped > 0)
    warnings.push(
      `queries.jsonl: ${dropped} of ${queries.length} queries have no relevant document in ${qrelsFile} and were dropped`,
    );

  return buildDataset({ records, issues, name: options.name ?? basename(dir), source: dir });
}

/** `qrels/<split>.tsv` when present, else the alphabetically first `qrels/*.tsv`. */
async function pickQrelsFile(options: { dir: string; split: string }): Promise<string> {
  let names: string[];
  try {
    names = (await readdir(join(options.dir, 'qrels'))).filter((n) => n.endsWith('.tsv')).sort();
  } catch {
    names = [];
  }
  if (names.length === 0) {
    throw new TuneRagError(
      'dataset',
      `BEIR dataset ${options.dir}: no qrels/*.tsv file — expected qrels/test.tsv with query-id<TAB>corpus-id<TAB>score lines`,
    );
  }
  const preferred = `${options.split}.tsv`;
  return `qrels/${names.includes(preferred) ? preferred : names[0]}`;
}
