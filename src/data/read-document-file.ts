import { basename, extname } from 'node:path';
import type { CorpusDoc } from './dataset-schema.js';
import { documentId } from './document-files.js';
import { htmlToText } from './html-to-text.js';
import { readTextFile } from './read-text-file.js';

/**
 * Reads one document of a folder dataset. Markdown and text are kept as written (chunkers may
 * use the markdown structure); HTML becomes plain text. The title is the first markdown `# `
 * header, or the HTML `<title>`/`<h1>`, or else the file name without extension.
 *
 * @param relativePath path relative to the dataset root; gives the id and the message label.
 */
export async function readDocumentFile(options: { path: string; relativePath: string }): Promise<CorpusDoc> {
  const { path, relativePath } = options;
  const id = documentId(relativePath);
  const label = relativePath.replace(/\\/g, '/');
  const raw = await readTextFile({ path, label, what: 'a UTF-8 text, markdown or HTML document' });
  const fallbackTitle = basename(path, extname(path));
  const ext = extname(path).toLowerCase();
  if (ext === '.html' || ext === '.htm') {
    const { text, title } = htmlToText({ html: raw });
    return { id, title: title ?? fallbackTitle, text };
  }
  const text = raw.replace(/\r\n/g, '\n');
  const header = ext === '.txt' ? undefined : /^#[ \t]+(.+?)[ \t#]*$/m.exec(text)?.[1];
  return { id, title: header ?? fallbackTitle, text };
}
