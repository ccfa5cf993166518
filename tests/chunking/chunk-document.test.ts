import { describe, expect, it } from 'vitest';
import { chunkCorpus, chunkDocument } from '../../src/chunking/chunk-document.js';
import { CHUNKING_STRATEGIES } from '../../src/chunking/chunker.js';
import { TuneRagError } from '../../src/errors.js';
import { ALL_DOCS, BLANK_DOC, TINY_DOC } from './fixtures.js';

describe('chunkDocument / chunkCorpus', () => {
  for (const strategy of CHUNKING_STRATEGIES) {
    it(`${strategy}: tiny and blank documents`, async () => {
      expect(await chunkDocument({ doc: BLANK_DOC, strategy, size: 32, overlap: 0.2 })).toEqual([]);
      expect(await chunkDocument({ doc: { id: 'empty', text: '' }, strategy, size: 32 })).toEqual([]);
      expect(await chunkDocument({ doc: TINY_DOC, strategy, size: 32, overlap: 0.2 })).toEqual([
        { index: 0, docId: 'tiny', start: 0, end: 3, text: 'Hi.' },
      ]);
    });

    it(`${strategy}: corpus indices are positions in the list, docs in order, deterministic`, async () => {
      const chunks = await chunkCorpus({ docs: ALL_DOCS, strategy, size: 48, overlap: 0.1 });
      chunks.forEach((c, i) => expect(c.index).toBe(i));
      const order = ALL_DOCS.map((d) => d.id).filter((id) => chunks.some((c) => c.docId === id));
      expect([...new Set(chunks.map((c) => c.docId))]).toEqual(order);
      expect(await chunkCorpus({ docs: ALL_DOCS, strategy, size: 48, overlap: 0.1 })).toEqual(chunks);
    });
  }

  it('rejects bad configs with a config error', async () => {
    const doc = TINY_DOC;
    for (const bad of [
      { size: 0, overlap: 0 },
      { size: 7, overlap: 0 },
      { size: 12.5, overlap: 0 },
      { size: 64, overlap: 0.6 },
      { size: 64, overlap: -0.1 },
      { size: 64, overlap: Number.NaN },
    ]) {
      await expect(chunkDocument({ doc, strategy: 'recursive', ...bad })).rejects.toMatchObject({ code: 'config' });
    }
    await expect(chunkCorpus({ docs: [], strategy: 'nope' as never, size: 64 })).rejects.toBeInstanceOf(TuneRagError);
  });

  it('accepts the extreme overlap with the smallest size', async () => {
    const chunks = await chunkDocument({ doc: ALL_DOCS[0]!, strategy: 'recursive', size: 8, overlap: 0.5 });
    expect(chunks.length).toBeGreaterThan(10);
  });
});
