import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatasetIssues } from '../data/dataset-issues.js';
import { CorpusDocSchema, type CorpusDoc } from '../data/dataset-schema.js';
import { DOCUMENT_EXTENSIONS, listDocumentFiles } from '../data/document-files.js';
import { readDocumentFile } from '../data/read-document-file.js';
import { readJsonl } from '../data/read-jsonl.js';
import { TuneRagError, optionRef } from '../errors.js';
import { packageRoot } from '../package-root.js';

/** The documents questions are generated from, and the folder they were read from. */
export interface SourceDocuments {
  dir: string;
  docs: CorpusDoc[];
}

/**
 * Reads the documents of a generation source: a folder with `corpus.jsonl` (a native dataset,
 * its qa.jsonl ignored) or a folder of documents (the formats of folder datasets, recursively,
 * ids as in folder datasets). A bare name that is not a path may be a bundled
 * dataset (`demo`). Missing folder, no documents, an unreadable file or documents without text
 * are TuneRagErrors naming the path and what to do.
 */
export async function loadSourceDocuments(options: {
  spec: string;
  cwd: string;
  /** The caller's option that named the source, for the errors (default `dataset`). */
  option?: string;
  /** Document files above this many MB are refused (default 50). */
  maxDocumentMb?: number;
}): Promise<SourceDocuments> {
  const source = optionRef(options.option ?? 'dataset');
  let dir = resolve(options.cwd, options.spec);
  const bundled = join(packageRoot(), 'datasets', options.spec);
  if (!existsSync(dir) && /^[\w.-]+$/.test(options.spec) && existsSync(bundled)) dir = bundled;
  if (!existsSync(dir))
    throw new TuneRagError('cli', `${source} ${options.spec}: no such folder (${dir})`, {
      hint: 'Pass a folder of documents (.pdf, .docx, .html, .md, .txt, .csv, .json) or one with corpus.jsonl.',
    });
  if (!statSync(dir).isDirectory())
    throw new TuneRagError('cli', `${source} ${options.spec}: not a folder (${dir})`, {
      hint: 'Pass the folder that holds the documents, not a file.',
    });
  const docs = existsSync(join(dir, 'corpus.jsonl'))
    ? await readCorpus(dir)
    : await readFolder(dir, options.maxDocumentMb);
  const withText = docs.filter((d) => d.text.trim() !== '');
  if (withText.length === 0) {
    throw new TuneRagError(
      'dataset',
      `${source} ${options.spec}: ${docs.length === 0 ? `no documents in ${dir} (looked for ${DOCUMENT_EXTENSIONS.join(', ')} files and corpus.jsonl)` : `all ${docs.length} documents in ${dir} are empty`}`,
      {
        hint: 'Questions are generated from document text: add documents with text to the folder.',
      },
    );
  }
  return { dir, docs: withText };
}

async function readCorpus(dir: string): Promise<CorpusDoc[]> {
  const issues = new DatasetIssues();
  const records = await readJsonl({
    path: join(dir, 'corpus.jsonl'),
    label: 'corpus.jsonl',
    what: 'the corpus, one JSON document a line: {"id", "title"?, "text"}',
    schema: CorpusDocSchema,
    issues,
  });
  issues.throwIfAny({ dataset: dir });
  return records.map((r) => r.value);
}

async function readFolder(dir: string, maxDocumentMb: number | undefined): Promise<CorpusDoc[]> {
  const issues = new DatasetIssues();
  const files = await listDocumentFiles({ root: dir });
  const docs: CorpusDoc[] = [];
  for (const file of files) {
    if (issues.full) break;
    const read = await readDocumentFile({ path: join(dir, file), relativePath: file, issues, maxDocumentMb });
    docs.push(...read.map((r) => r.doc));
  }
  issues.throwIfAny({ dataset: dir });
  return docs;
}
