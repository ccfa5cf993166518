import { describe, expect, it } from 'vitest';
import { DatasetIssues } from '../../src/data/dataset-issues.js';
import { readPdfDocument } from '../../src/data/read-pdf-document.js';
import { garbageBytes, makeEncryptedPdf, makePdf } from '../support/document-fixtures.js';

async function read(bytes: Uint8Array) {
  const issues = new DatasetIssues();
  const docs = await readPdfDocument({
    bytes,
    id: 'manual',
    label: 'docs/manual.pdf',
    fallbackTitle: 'manual',
    issues,
  });
  return { docs, problems: issues.list() };
}

describe('readPdfDocument', () => {
  it('extracts the text per page, pages joined by a blank line, with each page span and the PDF title', async () => {
    const bytes = await makePdf({
      title: 'Owner Manual',
      pages: [['Page one line one.', 'Second line here.'], [], ['Page three text.']],
    });
    const { docs, problems } = await read(bytes);
    expect(problems).toEqual([]);
    expect(docs).toEqual([
      {
        id: 'manual',
        title: 'Owner Manual',
        text: 'Page one line one.\nSecond line here.\n\nPage three text.',
        page_spans: [
          { page: 1, start: 0, end: 36 },
          { page: 2, start: 36, end: 36 },
          { page: 3, start: 38, end: 54 },
        ],
      },
    ]);
    const { text, page_spans } = docs[0]!;
    expect(page_spans!.map((s) => text.slice(s.start, s.end))).toEqual([
      'Page one line one.\nSecond line here.',
      '',
      'Page three text.',
    ]);
  });

  it('falls back to the file name without a Title', async () => {
    const { docs } = await read(await makePdf({ pages: [['Only page.']] }));
    expect(docs.map((d) => [d.title, d.text])).toEqual([['manual', 'Only page.']]);
  });

  it('names an encrypted PDF and says to decrypt or remove it', async () => {
    const { docs, problems } = await read(makeEncryptedPdf());
    expect(docs).toEqual([]);
    expect(problems).toEqual([
      'docs/manual.pdf: the PDF is encrypted (password-protected) — decrypt it (e.g. qpdf --decrypt --password=PASSWORD in.pdf out.pdf) or remove it from the folder',
    ]);
  });

  it('names a corrupt PDF and one without a text layer', async () => {
    const corrupt = await read(garbageBytes(2048));
    expect(corrupt.docs).toEqual([]);
    expect(corrupt.problems).toEqual([
      'docs/manual.pdf: not a readable PDF (Invalid PDF structure.) — re-export or repair it (e.g. qpdf in.pdf out.pdf) or remove it from the folder',
    ]);
    const scan = await read(await makePdf({ pages: [[], []] }));
    expect(scan.problems).toEqual([
      'docs/manual.pdf: the PDF has no text layer (a scanned image?) — run OCR on it (e.g. ocrmypdf) or remove it from the folder',
    ]);
  });
});
