import { expect } from 'vitest';
import type { Chunk } from '../../src/chunking/chunk.js';
import type { CorpusDoc } from '../../src/data/dataset-schema.js';
import { countTokens } from '../../src/text/token-counter.js';

/** Checks what every strategy guarantees for one document's chunks. */
export function expectValidChunks({ doc, chunks, size }: { doc: CorpusDoc; chunks: Chunk[]; size: number }): void {
  chunks.forEach((chunk, i) => {
    expect(chunk.index).toBe(i);
    expect(chunk.docId).toBe(doc.id);
    expect(chunk.title).toBe(doc.title);
    expect(chunk.text).toBe(doc.text.slice(chunk.start, chunk.end));
    expect(chunk.text.trim()).toBe(chunk.text);
    expect(chunk.text.length).toBeGreaterThan(0);
    expect(countTokens(chunk.text)).toBeLessThanOrEqual(size);
    if (i > 0) {
      const previous = chunks[i - 1] as Chunk;
      expect(chunk.start).toBeGreaterThan(previous.start);
      expect(chunk.end).toBeGreaterThan(previous.end);
    }
  });
  // Coverage: every non-whitespace character is inside some chunk.
  const covered = new Uint8Array(doc.text.length);
  for (const chunk of chunks) covered.fill(1, chunk.start, chunk.end);
  const missed: number[] = [];
  for (let i = 0; i < doc.text.length; i++) if (!covered[i] && /\S/.test(doc.text[i] as string)) missed.push(i);
  expect(missed).toEqual([]);
}
