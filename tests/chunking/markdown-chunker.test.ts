import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunking/chunk-document.js';
import { headingPathAt, markdownSections } from '../../src/chunking/markdown-sections.js';
import { countTokens } from '../../src/text/token-counter.js';
import { ALL_DOCS, MARKDOWN_DOC, PROSE_DOC } from './fixtures.js';
import { expectValidChunks } from './invariants.js';

describe('markdownSections', () => {
  it('splits at ATX headers but not inside code fences', () => {
    const sections = markdownSections(MARKDOWN_DOC.text);
    expect(sections.map((s) => [s.level, s.heading])).toEqual([
      [0, ''],
      [1, 'Install'],
      [2, 'From source'],
      [3, 'Notes'],
      [1, 'Usage'],
      [2, 'Options'],
    ]);
    // contiguous and complete
    expect(sections[0]!.start).toBe(0);
    for (let i = 1; i < sections.length; i++) expect(sections[i]!.start).toBe(sections[i - 1]!.end);
    expect(sections.at(-1)!.end).toBe(MARKDOWN_DOC.text.length);
  });

  it('treats text without headers as one preamble section', () => {
    expect(markdownSections('just text\n\nmore')).toEqual([{ start: 0, end: 15, level: 0, heading: '' }]);
    expect(markdownSections('')).toEqual([{ start: 0, end: 0, level: 0, heading: '' }]);
  });

  it('gives the heading path at an offset', () => {
    const text = MARKDOWN_DOC.text;
    expect(headingPathAt({ text, offset: 0 })).toEqual([]);
    expect(headingPathAt({ text, offset: text.indexOf('git clone') })).toEqual(['Install', 'From source']);
    expect(headingPathAt({ text, offset: text.indexOf('- second item') })).toEqual(['Install', 'From source', 'Notes']);
    expect(headingPathAt({ text, offset: text.indexOf('| size |') })).toEqual(['Usage', 'Options']);
  });
});

describe('markdown chunker', () => {
  for (const size of [8, 64, 200, 1000]) {
    it(`keeps the invariants (size ${size})`, async () => {
      for (const doc of ALL_DOCS) {
        const chunks = await chunkDocument({ doc, strategy: 'markdown', size, overlap: 0.3 });
        expectValidChunks({ doc, chunks, size });
      }
    });
  }

  it('starts chunks at headers unless a section had to be split', async () => {
    const size = 128;
    const sections = markdownSections(MARKDOWN_DOC.text);
    const chunks = await chunkDocument({ doc: MARKDOWN_DOC, strategy: 'markdown', size });
    for (const chunk of chunks) {
      const section = sections.find((s) => s.start <= chunk.start && chunk.start < s.end)!;
      const sectionText = MARKDOWN_DOC.text.slice(section.start, section.end).trim();
      if (section.level > 0 && countTokens(sectionText) <= size) expect(chunk.text.startsWith('#')).toBe(true);
    }
    // the big "Usage" section is split; the others each start a chunk
    expect(chunks.filter((c) => /^#{1,6} /.test(c.text)).length).toBeGreaterThanOrEqual(4);
  });

  it('packs small sections together and never splits inside a fenced block at a fake header', async () => {
    const chunks = await chunkDocument({ doc: MARKDOWN_DOC, strategy: 'markdown', size: 1000 });
    expect(chunks.length).toBeLessThanOrEqual(2);
    for (const chunk of chunks) expect(chunk.text.startsWith('# this is a shell comment')).toBe(false);
  });

  it('ignores overlap', async () => {
    const a = await chunkDocument({ doc: MARKDOWN_DOC, strategy: 'markdown', size: 64, overlap: 0 });
    const b = await chunkDocument({ doc: MARKDOWN_DOC, strategy: 'markdown', size: 64, overlap: 0.5 });
    expect(b).toEqual(a);
    for (let i = 1; i < a.length; i++) expect(a[i]!.start).toBeGreaterThanOrEqual(a[i - 1]!.end);
  });

  it('chunks plain text like recursive without overlap', async () => {
    // (Leading whitespace would differ: markdown trims sections before splitting them.)
    const doc = { ...PROSE_DOC, text: PROSE_DOC.text.trim() };
    const a = await chunkDocument({ doc, strategy: 'markdown', size: 64 });
    const b = await chunkDocument({ doc, strategy: 'recursive', size: 64, overlap: 0 });
    expect(a).toEqual(b);
  });
});
