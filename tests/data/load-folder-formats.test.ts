import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/load-dataset.js';
import { loadFolderDataset } from '../../src/data/load-folder.js';
import { garbageBytes, makeDocx, makeEncryptedPdf, makePdf } from '../support/document-fixtures.js';
import { errorOf, jsonl, tempDataset } from './temp-dataset.js';

describe('loadFolderDataset with PDF, DOCX, CSV and JSON documents', () => {
  it('reads every format, keeps page and section spans, and never reads qa.jsonl / qa.csv as documents', async () => {
    const files = {
      'manual.pdf': await makePdf({ pages: [['Chapter one.'], ['The warranty lasts 3 years.']] }),
      'guides/setup.docx': await makeDocx([{ heading: 1, text: 'Setup' }, { text: 'Press the red button.' }]),
      'faq.csv': 'id,text\nfaq-1,Returns are free.\nfaq-2,Support answers in a day.\n',
      'notes.json': '{"text": "A lone note."}',
      'more.jsonl': '{"id": "m1", "text": "First more."}\n',
      'qa.csv': 'question\nIgnored?\n',
      'qa.jsonl': jsonl({
        id: 'q1',
        question: 'How long is the warranty?',
        answers: ['3 years'],
        gold_doc_ids: ['manual.pdf'],
        answer_spans: [{ doc_id: 'manual.pdf', start: 33, end: 40 }],
      }),
    };
    const dataset = await loadFolderDataset({ dir: tempDataset(files) });
    expect(dataset.docs.map((d) => d.id)).toEqual(['faq-1', 'faq-2', 'guides/setup', 'manual', 'm1', 'notes']);
    const manual = dataset.docs.find((d) => d.id === 'manual')!;
    expect(manual.text).toBe('Chapter one.\n\nThe warranty lasts 3 years.');
    expect(manual.page_spans).toEqual([
      { page: 1, start: 0, end: 12 },
      { page: 2, start: 14, end: 41 },
    ]);
    expect(manual.text.slice(33, 40)).toBe('3 years');
    expect(dataset.questions[0]!.answer_spans).toEqual([{ doc_id: 'manual', start: 33, end: 40 }]);
    expect(dataset.docs.find((d) => d.id === 'guides/setup')!.section_spans).toEqual([
      { heading: 'Setup', level: 1, start: 0, end: 28 },
    ]);
    expect(dataset.warnings).toContain('both qa.jsonl and qa.csv exist; read qa.jsonl and ignored qa.csv');
  });

  it('lists every bad document file in one error: encrypted and corrupt PDF, corrupt DOCX, a bad JSONL line', async () => {
    const dir = tempDataset({
      'ok.md': '# Fine',
      'locked.pdf': makeEncryptedPdf(),
      'broken.pdf': garbageBytes(512),
      'broken.docx': garbageBytes(512, 2),
      'docs.jsonl': '{"id": "a", "text": "x"}\n{"txt": "y"}\n',
      'qa.jsonl': jsonl({ id: 'q1', question: 'Fine?' }),
    });
    const error = await errorOf(() => loadFolderDataset({ dir }));
    expect(error.code).toBe('dataset');
    const lines = error.message.split('\n');
    expect(lines[0]).toBe(`dataset ${dir} has 4 problems:`);
    // Each listed problem starts with where it is: the file (and line), in file order.
    expect(lines.slice(1).map((line) => /^ {2}(\S+): /.exec(line)?.[1])).toEqual([
      'broken.docx',
      'broken.pdf',
      'docs.jsonl:2',
      'locked.pdf',
    ]);
    expect(error.message).toContain('locked.pdf: the PDF is encrypted (password-protected) — decrypt it');
    expect(error.message).toContain('broken.pdf: not a readable PDF (Invalid PDF structure.)');
    expect(error.message).toContain('broken.docx: not a readable DOCX (');
    expect(error.message).toContain('docs.jsonl:2: field "text" is missing');
  });

  it('names a CSV row in a duplicate id message', async () => {
    const dir = tempDataset({
      'intro.md': 'Hello.',
      'faq.csv': 'id,text\nx,one\nintro,two\n',
      'qa.jsonl': jsonl({ id: 'q1', question: 'Hi?' }),
    });
    expect((await errorOf(() => loadFolderDataset({ dir }))).message).toContain(
      'intro.md: duplicate document id "intro" (also at faq.csv:3) — give each document a unique id',
    );
  });

  it('refuses a file over maxDocumentMb, naming it and the option, and rejects a limit that is not > 0', async () => {
    const dir = tempDataset({
      'big.txt': 'x'.repeat(2050),
      'small.txt': 'fine',
      'qa.jsonl': jsonl({ id: 'q1', question: 'Big?' }),
    });
    const error = await errorOf(() => loadFolderDataset({ dir, maxDocumentMb: 0.002 }));
    expect(error.message).toBe(
      `dataset ${dir} has a problem:\n  big.txt: 0.00205 MB is over the 0.002 MB limit for a document file — raise maxDocumentMb (e.g. 1) or remove the file`,
    );
    expect((await loadFolderDataset({ dir, maxDocumentMb: 0.003 })).docs).toHaveLength(2);
    // loadDataset (tune, runConfiguration, evaluateRegression) passes the limit on.
    expect((await errorOf(() => loadDataset({ spec: dir, cwd: '/', maxDocumentMb: 0.002 }))).message).toBe(
      error.message,
    );
    const bad = await errorOf(() => loadFolderDataset({ dir, maxDocumentMb: 0 }));
    expect([bad.code, bad.message]).toEqual(['config', 'maxDocumentMb must be a number of megabytes > 0, got 0']);
  });
});
