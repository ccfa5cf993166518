import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunking/chunk-document.js';
import { sentenceSpans } from '../../src/chunking/sentence-chunker.js';
import { countTokens } from '../../src/text/token-counter.js';
import { ALL_DOCS, MARKDOWN_DOC, PROSE_DOC } from './fixtures.js';
import { expectValidChunks } from './invariants.js';

describe('sentence chunker', () => {
  for (const size of [8, 64, 200]) {
    it(`keeps the invariants (size ${size})`, async () => {
      for (const doc of ALL_DOCS) {
        const chunks = await chunkDocument({ doc, strategy: 'sentence', size, overlap: 0 });
        expectValidChunks({ doc, chunks, size });
      }
    });
  }

  it('splits headers, list items and paragraphs into separate sentences', () => {
    const text = '# Title\nFirst line. Second one!\n- item one\n- item two\n\nPara two? Yes.';
    const sentences = sentenceSpans({ text, range: { start: 0, end: text.length } }).map((s) =>
      text.slice(s.start, s.end),
    );
    expect(sentences).toEqual([
      '# Title',
      'First line.',
      'Second one!',
      '- item one',
      '- item two',
      'Para two?',
      'Yes.',
    ]);
  });

  it('ends chunks on sentence boundaries when sentences fit', async () => {
    const chunks = await chunkDocument({ doc: PROSE_DOC, strategy: 'sentence', size: 64, overlap: 0 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.text).toMatch(/[.!?]$/);
    // packing: most chunks are reasonably full
    const full = chunks.filter((c) => countTokens(c.text) >= 32).length;
    expect(full).toBeGreaterThan(chunks.length / 2);
  });

  it('ignores overlap', async () => {
    const a = await chunkDocument({ doc: MARKDOWN_DOC, strategy: 'sentence', size: 64, overlap: 0 });
    const b = await chunkDocument({ doc: MARKDOWN_DOC, strategy: 'sentence', size: 64, overlap: 0.5 });
    expect(b).toEqual(a);
    for (let i = 1; i < a.length; i++) expect(a[i]!.start).toBeGreaterThanOrEqual(a[i - 1]!.end);
  });

  it('splits a sentence longer than the size by tokens', async () => {
    const doc = { id: 'long', text: `Short one. Many${' word'.repeat(100)} end. Tail.` };
    const chunks = await chunkDocument({ doc, strategy: 'sentence', size: 16, overlap: 0 });
    expectValidChunks({ doc, chunks, size: 16 });
    expect(chunks[0]!.text).toBe('Short one.');
    expect(chunks.length).toBeGreaterThan(6);
  });
});
