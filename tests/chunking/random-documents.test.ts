import { describe, it } from 'vitest';
import { chunkDocument } from '../../src/chunking/chunk-document.js';
import { CHUNKING_STRATEGIES } from '../../src/chunking/chunker.js';
import { expectValidChunks } from './invariants.js';

// Awkward building blocks: repeated words, emoji (multi-token, surrogate pairs), CJK without
// spaces, odd whitespace, markdown structure and fences.
const PARTS = [
  'ha',
  'ha ha',
  'The',
  'cat.',
  'Dr.',
  'e.g.',
  '🚀',
  '👨‍👩‍👧',
  '日本語の文。',
  'naïve',
  '—',
  '1,234.5',
  ' ',
  '  ',
  '\n',
  '\n\n',
  '\t',
  '\r\n',
  '# ',
  '## H2 ',
  '- ',
  '```\n',
  '~~~\n',
  '> ',
  '| a |',
  '<|endoftext|>',
];

function randomDoc(seed: number): string {
  let s = seed;
  const next = (n: number): number => {
    s = (s * 16807) % 2147483647;
    return s % n;
  };
  const length = next(400);
  let text = '';
  for (let i = 0; i < length; i++) text += PARTS[next(PARTS.length)];
  return text;
}

describe('random documents', () => {
  for (const strategy of CHUNKING_STRATEGIES) {
    it(`${strategy}: invariants hold on 60 random documents`, async () => {
      for (let seed = 1; seed <= 60; seed++) {
        const doc = { id: `r${seed}`, text: randomDoc(seed) };
        const size = [8, 16, 50, 300][seed % 4] as number;
        const overlap = [0, 0.1, 0.5][seed % 3] as number;
        const chunks = await chunkDocument({ doc, strategy, size, overlap });
        expectValidChunks({ doc, chunks, size });
      }
    });
  }
});
