import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunking/chunk-document.js';
import { mulberry32 } from '../../src/stats/seeded-random.js';
import { countTokens } from '../../src/text/token-counter.js';

// The recursive chunker returns a single-spaced text whole, from one token count, when that
// count is below the size, without running langchain's splitter. These tests hold that
// shortcut to langchain's own answer, so the chunks stay identical to the splitter's.

// Words that tokenise awkwardly: punctuation glued on, contractions, digits (cl100k groups at
// most three), accents, CJK, emoji (multi-token surrogate pairs), special-token text.
const WORDS = [
  'the',
  'The',
  'cat.',
  "isn't",
  "they're",
  '(1871)',
  '1,234.5',
  '12345678',
  'naïve',
  'café,',
  '—',
  '日本語の文。',
  '🚀',
  '👨‍👩‍👧',
  '<|endoftext|>',
  'e.g.',
  'U.S.',
  'photosynthesis',
  '"quoted"',
  '$3.50',
];

function singleSpaced(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(random() * WORDS.length)] as string);
  return out.join(' ');
}

async function langchainPieces(text: string, size: number, overlap: number): Promise<string[]> {
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: size,
    chunkOverlap: Math.round(size * overlap),
    lengthFunction: countTokens,
  });
  return splitter.splitText(text);
}

describe('recursive chunker, a text that fits whole', () => {
  it('counts a single-spaced text as the sum of its space-led words (what langchain adds up)', () => {
    const random = mulberry32(11);
    for (let trial = 0; trial < 300; trial++) {
      const text = singleSpaced(random, 1 + Math.floor(random() * 60));
      const words = text.split(/(?= )/);
      expect(words.reduce((sum, word) => sum + countTokens(word), 0)).toBe(countTokens(text));
    }
  });

  it('gives one chunk exactly when langchain returns the text whole, and the same chunks otherwise', async () => {
    const random = mulberry32(5);
    let whole = 0;
    let split = 0;
    for (let trial = 0; trial < 200; trial++) {
      const size = 8 + Math.floor(random() * 40);
      const overlap = [0, 0.15, 0.5][trial % 3] as number;
      // Around the size: some texts fit, some are a token or two over.
      const text = singleSpaced(random, Math.max(1, Math.round(size * (0.15 + random() * 0.5))));
      const pieces = await langchainPieces(text, size, overlap);
      const chunks = await chunkDocument({ doc: { id: 'd', text }, strategy: 'recursive', size, overlap });
      if (countTokens(text) < size) {
        whole++;
        expect(pieces).toEqual([text]);
        expect(chunks.map((c) => [c.start, c.end])).toEqual([[0, text.length]]);
      } else split++;
    }
    // Both branches were exercised.
    expect(whole).toBeGreaterThan(30);
    expect(split).toBeGreaterThan(30);
  });

  it('leaves texts with line breaks to langchain, which can cut a text that would fit whole', async () => {
    // 10 tokens, but ".\n\n" is one token only when the text is counted whole: langchain adds up
    // its paragraphs as 2 + 3 + 3 + 3 + 3 = 14 > 12 and cuts.
    const text = 'Yes.\n\nNo.\n\nMaybe.\n\nSure.\n\nFine.';
    expect(countTokens(text)).toBe(10);
    const chunks = await chunkDocument({ doc: { id: 'd', text }, strategy: 'recursive', size: 12, overlap: 0 });
    expect(await langchainPieces(text, 12, 0)).toEqual(['Yes.\n\nNo.\n\nMaybe.\n\nSure.', 'Fine.']);
    expect(chunks.map((c) => c.text)).toEqual(['Yes.\n\nNo.\n\nMaybe.\n\nSure.', 'Fine.']);
  });
});
