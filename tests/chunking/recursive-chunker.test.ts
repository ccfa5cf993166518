import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunking/chunk-document.js';
import { ALL_DOCS, MARKDOWN_DOC, PROSE_DOC, REPETITIVE_DOC } from './fixtures.js';
import { expectValidChunks } from './invariants.js';

describe('recursive chunker', () => {
  for (const size of [8, 64, 200]) {
    for (const overlap of [0, 0.25, 0.5]) {
      it(`keeps the invariants (size ${size}, overlap ${overlap})`, async () => {
        for (const doc of ALL_DOCS) {
          const chunks = await chunkDocument({ doc, strategy: 'recursive', size, overlap });
          expectValidChunks({ doc, chunks, size });
        }
      });
    }
  }

  it('overlaps neighbours when overlap > 0', async () => {
    const chunks = await chunkDocument({ doc: PROSE_DOC, strategy: 'recursive', size: 48, overlap: 0.25 });
    expect(chunks.length).toBeGreaterThan(5);
    const overlapping = chunks.slice(1).filter((c, i) => c.start < chunks[i]!.end).length;
    // Langchain only carries whole splits over, so a chunk that starts a paragraph has none.
    expect(overlapping).toBeGreaterThan(chunks.length / 2);
  });

  it('does not overlap when overlap is 0', async () => {
    for (const doc of [PROSE_DOC, MARKDOWN_DOC, REPETITIVE_DOC]) {
      const chunks = await chunkDocument({ doc, strategy: 'recursive', size: 32, overlap: 0 });
      for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.start).toBeGreaterThanOrEqual(chunks[i - 1]!.end);
    }
  });

  it('splits on paragraphs first', async () => {
    const chunks = await chunkDocument({ doc: PROSE_DOC, strategy: 'recursive', size: 400, overlap: 0 });
    for (const chunk of chunks) {
      expect(
        PROSE_DOC.text.slice(chunk.end, chunk.end + 2) === '\n\n' || chunk.end === PROSE_DOC.text.trimEnd().length,
      ).toBe(true);
    }
  });
});
