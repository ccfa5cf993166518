import type { CorpusDoc } from './dataset-schema.js';
import { joinTextParts } from './join-text-parts.js';
import type { DocumentFileInput } from './located-doc.js';

/**
 * Reads a PDF's text layer with pdfjs (no worker: Node runs it in-process): one text part per
 * page, lines as pdfjs marks them, pages joined by a blank line. `page_spans` records each
 * page's [start, end) in `text`, so gold offsets over the extracted text map to a page. The
 * title is the PDF's own Title, else `fallbackTitle`.
 *
 * Problems go to `issues` (and no document is returned): an encrypted PDF, a file pdfjs cannot
 * parse, or one without any text (a scan), each naming `label` and what to do.
 */
export async function readPdfDocument(options: DocumentFileInput & { bytes: Uint8Array }): Promise<CorpusDoc[]> {
  const { bytes, id, label, fallbackTitle, issues } = options;
  // Loaded on first use: importing pdfjs takes about a second, which every command would pay.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdfjs takes ownership of (detaches) the buffer it is given: pass a copy.
  const task = getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
  });
  let pages: string[];
  let title: string | undefined;
  try {
    const pdf = await task.promise;
    const info = (await pdf.getMetadata()).info as { Title?: unknown };
    title = typeof info.Title === 'string' && info.Title.trim() !== '' ? info.Title.trim() : undefined;
    pages = [];
    for (let n = 1; n <= pdf.numPages; n++) pages.push(pageText((await (await pdf.getPage(n)).getTextContent()).items));
  } catch (error) {
    issues.add(pdfProblem({ label, error }));
    return [];
  } finally {
    await task.destroy();
  }
  const { text, ranges } = joinTextParts(pages);
  if (text.trim() === '') {
    issues.add(
      `${label}: the PDF has no text layer (a scanned image?) — run OCR on it (e.g. ocrmypdf) or remove it from the folder`,
    );
    return [];
  }
  const page_spans = ranges.map((range, i) => ({ page: i + 1, ...range }));
  return [{ id, title: title ?? fallbackTitle, text, page_spans }];
}

/** A page's text: pdfjs items in reading order, a line break where pdfjs ends a line. */
function pageText(items: ReadonlyArray<object>): string {
  let text = '';
  for (const item of items) {
    if (!('str' in item)) continue; // marked-content markers carry no text
    const { str, hasEOL } = item as { str: string; hasEOL: boolean };
    text += str + (hasEOL ? '\n' : '');
  }
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

function pdfProblem(options: { label: string; error: unknown }): string {
  const { label, error } = options;
  const name = (error as { name?: string }).name;
  if (name === 'PasswordException')
    return `${label}: the PDF is encrypted (password-protected) — decrypt it (e.g. qpdf --decrypt --password=PASSWORD in.pdf out.pdf) or remove it from the folder`;
  const reason = error instanceof Error ? error.message : String(error);
  return `${label}: not a readable PDF (${reason}) — re-export or repair it (e.g. qpdf in.pdf out.pdf) or remove it from the folder`;
}
