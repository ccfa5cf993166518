import { basename, extname } from 'node:path';
import type { DatasetIssues } from './dataset-issues.js';
import { documentId } from './document-files.js';
import { DEFAULT_MAX_DOCUMENT_MB, withinDocumentSizeLimit } from './document-size-limit.js';
import { htmlToText } from './html-to-text.js';
import type { LocatedDoc } from './located-doc.js';
import { readCsvDocuments } from './read-csv-documents.js';
import { readDocxDocument } from './read-docx-document.js';
import { readJsonDocuments } from './read-json-documents.js';
import { readPdfDocument } from './read-pdf-document.js';
import { readFileBytes, readTextFile } from './read-text-file.js';

/**
 * Reads one document file of a folder dataset, by extension: PDF (text per page), DOCX (text
 * per section), HTML (plain text), Markdown and text (kept as written: chunkers may use the
 * markdown structure), CSV (one document a row, or the table as one document) and JSON/JSONL
 * (document objects). A file gives one document with its relative path (without extension) as
 * id, except CSV/JSON files of several records (see their readers). Titles: the PDF Title, the
 * first DOCX Heading 1, the first markdown `# ` header, the HTML `<title>`/`<h1>`, else the
 * file name without extension.
 *
 * A file over `maxDocumentMb`, a corrupt or encrypted PDF, a corrupt DOCX and malformed CSV/JSON
 * add a problem to `issues` naming the file and give no document; the caller throws them all at
 * once. A missing, unreadable or non-UTF-8 file throws at once (see readTextFile).
 *
 * @param relativePath path relative to the dataset root; gives the id and the message label.
 */
export async function readDocumentFile(options: {
  path: string;
  relativePath: string;
  issues: DatasetIssues;
  maxDocumentMb?: number;
}): Promise<LocatedDoc[]> {
  const { path, relativePath, issues } = options;
  const id = documentId(relativePath);
  const label = relativePath.replace(/\\/g, '/');
  const maxMb = options.maxDocumentMb ?? DEFAULT_MAX_DOCUMENT_MB;
  if (!(await withinDocumentSizeLimit({ path, label, maxMb, issues }))) return [];
  const fallbackTitle = basename(path, extname(path));
  const ext = extname(path).toLowerCase();
  const one = { id, label, fallbackTitle, issues };
  switch (ext) {
    case '.pdf':
      return wrap(
        await readPdfDocument({ ...one, bytes: await readFileBytes({ path, label, what: 'a PDF document' }) }),
      );
    case '.docx':
      return wrap(
        await readDocxDocument({
          ...one,
          bytes: await readFileBytes({ path, label, what: 'a Word (.docx) document' }),
        }),
      );
    case '.json':
    case '.jsonl':
      return readJsonDocuments({ path, id, label, issues });
    case '.csv':
      return readCsvDocuments({ ...one, text: await readTextFile({ path, label, what: 'a CSV document' }) });
  }
  const raw = await readTextFile({ path, label, what: 'a UTF-8 text, markdown or HTML document' });
  if (ext === '.html' || ext === '.htm') {
    const { text, title } = htmlToText({ html: raw });
    return [{ doc: { id, title: title ?? fallbackTitle, text } }];
  }
  const text = raw.replace(/\r\n/g, '\n');
  const header = ext === '.txt' ? undefined : /^#[ \t]+(.+?)[ \t#]*$/m.exec(text)?.[1];
  return [{ doc: { id, title: header ?? fallbackTitle, text } }];
}

function wrap(docs: LocatedDoc['doc'][]): LocatedDoc[] {
  return docs.map((doc) => ({ doc }));
}
