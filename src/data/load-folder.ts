import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { buildDataset } from './build-dataset.js';
import { DatasetIssues } from './dataset-issues.js';
import { at, type DatasetRecords } from './dataset-records.js';
import { type Dataset, type QaItem, QaItemSchema } from './dataset-schema.js';
import { DOCUMENT_EXTENSIONS, documentId, listDocumentFiles, QUESTION_FILES } from './document-files.js';
import { type JsonlRecord, readJsonl } from './read-jsonl.js';
import { readDocumentFile } from './read-document-file.js';
import { readQaCsv } from './read-qa-csv.js';

/**
 * Loads a folder of documents (PDF, DOCX, HTML, Markdown, text, CSV, JSON/JSONL, recursively;
 * see readDocumentFile) with a `qa.jsonl` or `qa.csv` at its root. Document ids are relative
 * paths without extension, posix style (`guides/setup`); gold ids and answer span doc ids may
 * name a file with or without its extension (`guides/setup.md`, `./guides\setup`) and are
 * normalised to document ids. Bad document files are listed together with bad questions.
 *
 * @param maxDocumentMb document files above this many MB are refused (default 50).
 */
export async function loadFolderDataset(options: {
  dir: string;
  name?: string;
  maxDocumentMb?: number;
}): Promise<Dataset> {
  const dir = resolve(options.dir);
  const issues = new DatasetIssues();
  const warnings: string[] = [];
  const files = await listDocumentFiles({ root: dir });
  const records: DatasetRecords = {
    format: 'folder',
    docs: [],
    questions: [],
    docSources: [],
    questionSources: [],
    warnings,
    corpusLabel: dir,
    questionsLabel: 'qa.jsonl',
  };
  for (const file of files) {
    if (issues.full) break;
    const read = await readDocumentFile({
      path: join(dir, file),
      relativePath: file,
      issues,
      maxDocumentMb: options.maxDocumentMb,
    });
    for (const { doc, source } of read) {
      records.docs.push(doc);
      records.docSources.push(source ?? file.replace(/\\/g, '/'));
    }
  }
  if (files.length === 0)
    records.corpusLabel = `${dir} (no ${DOCUMENT_EXTENSIONS.join(', ')} files found besides ${QUESTION_FILES.join(', ')})`;

  const questions = await readQuestions({ dir, issues, warnings });
  records.questionsLabel = questions.label;
  for (const { line, value } of questions.items) {
    records.questions.push(normaliseDocRefs(value));
    records.questionSources.push(at(questions.label, line));
  }
  return buildDataset({ records, issues, name: options.name ?? basename(dir), source: dir });
}

async function readQuestions(options: {
  dir: string;
  issues: DatasetIssues;
  warnings: string[];
}): Promise<{ label: string; items: Array<JsonlRecord<QaItem>> }> {
  const { dir, issues, warnings } = options;
  const jsonl = join(dir, 'qa.jsonl');
  const csv = join(dir, 'qa.csv');
  if (existsSync(jsonl)) {
    if (existsSync(csv)) warnings.push('both qa.jsonl and qa.csv exist; read qa.jsonl and ignored qa.csv');
    const items = await readJsonl({
      path: jsonl,
      label: 'qa.jsonl',
      what: 'questions, one JSON object a line',
      schema: QaItemSchema,
      issues,
    });
    return { label: 'qa.jsonl', items };
  }
  return { label: 'qa.csv', items: await readQaCsv({ path: csv, label: 'qa.csv', issues, warnings }) };
}

/** Gold ids as users write them (paths, with extension, Windows separators) → document ids. */
function normaliseDocRefs(item: QaItem): QaItem {
  const out: QaItem = { ...item };
  if (item.gold_doc_ids) out.gold_doc_ids = [...new Set(item.gold_doc_ids.map(toDocId))];
  if (item.answer_spans)
    out.answer_spans = item.answer_spans.map((span) => ({ ...span, doc_id: toDocId(span.doc_id) }));
  return out;
}

function toDocId(ref: string): string {
  return documentId(
    ref
      .trim()
      .replace(/\\/g, '/')
      .replace(/^(\.\/)+/, ''),
  );
}
