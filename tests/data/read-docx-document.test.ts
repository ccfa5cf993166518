import { describe, expect, it } from 'vitest';
import { DatasetIssues } from '../../src/data/dataset-issues.js';
import { readDocxDocument } from '../../src/data/read-docx-document.js';
import { garbageBytes, makeDocx } from '../support/document-fixtures.js';

async function read(bytes: Uint8Array) {
  const issues = new DatasetIssues();
  const docs = await readDocxDocument({
    bytes: Buffer.from(bytes),
    id: 'guide',
    label: 'guide.docx',
    fallbackTitle: 'guide',
    issues,
  });
  return { docs, problems: issues.list() };
}

describe('readDocxDocument', () => {
  it('cuts the text at headings into sections with their heading, level and offsets; title is the first Heading 1', async () => {
    const bytes = await makeDocx([
      { text: 'Preface text.' },
      { heading: 1, text: 'Install & Setup' },
      { text: 'Run the wizard.' },
      { text: 'Then restart.' },
      { heading: 2, text: 'Details' },
      { text: 'More <here>.' },
      { heading: 1, text: 'Empty section' },
    ]);
    const { docs, problems } = await read(bytes);
    expect(problems).toEqual([]);
    expect(docs).toEqual([
      {
        id: 'guide',
        title: 'Install & Setup',
        text: 'Preface text.\n\nInstall & Setup\n\nRun the wizard.\n\nThen restart.\n\nDetails\n\nMore <here>.\n\nEmpty section',
        section_spans: [
          { start: 0, end: 13 },
          { heading: 'Install & Setup', level: 1, start: 15, end: 62 },
          { heading: 'Details', level: 2, start: 64, end: 85 },
          { heading: 'Empty section', level: 1, start: 87, end: 100 },
        ],
      },
    ]);
    const { text, section_spans } = docs[0]!;
    expect(section_spans!.map((s) => text.slice(s.start, s.end))).toEqual([
      'Preface text.',
      'Install & Setup\n\nRun the wizard.\n\nThen restart.',
      'Details\n\nMore <here>.',
      'Empty section',
    ]);
  });

  it('has no untitled section when the document starts with a heading, and falls back to the file name without a Heading 1', async () => {
    const { docs } = await read(await makeDocx([{ heading: 2, text: 'Intro' }, { text: 'Body.' }]));
    expect(docs[0]!.title).toBe('guide');
    expect(docs[0]!.section_spans).toEqual([{ heading: 'Intro', level: 2, start: 0, end: 12 }]);
  });

  it('names a corrupt file and says what to do', async () => {
    const { docs, problems } = await read(garbageBytes(1024));
    expect(docs).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^guide\.docx: not a readable DOCX \(Can't find end of central directory.*\) — save it again as \.docx \(Word or LibreOffice\) or remove it from the folder$/,
    );
  });
});
