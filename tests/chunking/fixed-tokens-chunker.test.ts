import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunking/chunk-document.js';
import { countTokens } from '../../src/text/token-counter.js';
import { ALL_DOCS, PROSE_DOC, UNICODE_DOC } from './fixtures.js';
import { expectValidChunks } from './invariants.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('fixed_tokens chunker', () => {
  for (const size of [8, 64, 200]) {
    for (const overlap of [0, 0.25, 0.5]) {
      it(`keeps the invariants (size ${size}, overlap ${overlap})`, async () => {
        for (const doc of ALL_DOCS) {
          const chunks = await chunkDocument({ doc, strategy: 'fixed_tokens', size, overlap });
          expectValidChunks({ doc, chunks, size });
        }
      });
    }
  }

  it('fills windows close to the size', async () => {
    const chunks = await chunkDocument({ doc: PROSE_DOC, strategy: 'fixed_tokens', size: 64, overlap: 0 });
    for (const chunk of chunks.slice(0, -1)) expect(countTokens(chunk.text)).toBeGreaterThanOrEqual(58);
  });

  it('shares about round(size * overlap) tokens between neighbours', async () => {
    const chunks = await chunkDocument({ doc: PROSE_DOC, strategy: 'fixed_tokens', size: 64, overlap: 0.25 });
    expect(chunks.length).toBeGreaterThan(3);
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1]!;
      const chunk = chunks[i]!;
      expect(chunk.start).toBeLessThan(previous.end);
      const shared = countTokens(PROSE_DOC.text.slice(chunk.start, previous.end));
      expect(shared).toBeGreaterThanOrEqual(14);
      expect(shared).toBeLessThanOrEqual(18);
    }
  });

  it('has no overlap when overlap is 0, even where tokens split an emoji', async () => {
    for (const doc of [PROSE_DOC, UNICODE_DOC]) {
      for (const size of [8, 16]) {
        const chunks = await chunkDocument({ doc, strategy: 'fixed_tokens', size, overlap: 0 });
        for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.start).toBeGreaterThanOrEqual(chunks[i - 1]!.end);
      }
    }
  });

  it('never cuts a surrogate pair', async () => {
    const chunks = await chunkDocument({ doc: UNICODE_DOC, strategy: 'fixed_tokens', size: 8, overlap: 0.2 });
    for (const chunk of chunks) expect(LONE_SURROGATE.test(chunk.text)).toBe(false);
  });

  it('keeps offsets exact when windows are cut inside emoji and CJK', async () => {
    const doc = { id: 'e', text: `${'🚀'.repeat(20)} 日本語のテキスト${'👨‍👩‍👧'.repeat(5)} go` };
    const chunks = await chunkDocument({ doc, strategy: 'fixed_tokens', size: 8, overlap: 0 });
    expectValidChunks({ doc, chunks, size: 8 });
    expect(
      chunks
        .map((c) => c.text)
        .join('')
        .replace(/\s/g, ''),
    ).toBe(doc.text.replace(/\s/g, ''));
  });
});
