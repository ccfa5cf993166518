import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { Cl100kEncoder } from '../../src/text/cl100k-encoder.js';
import { mulberry32 } from '../../src/stats/seeded-random.js';

// The reference is js-tiktoken itself: chunk sizes and cost accounting must not move by a token.
const reference = new Tiktoken(cl100k);
const encoder = new Cl100kEncoder();

function encodeByPieces(text: string): number[] {
  const tokens: number[] = [];
  for (const match of text.matchAll(Cl100kEncoder.piecePattern())) tokens.push(...encoder.encodePiece(match[0]));
  return tokens;
}

// Scripts and characters where byte-pair merges differ most: multi-byte UTF-8, emoji sequences
// (4-byte code points, joiners), digits, punctuation runs, whitespace runs and lone surrogates.
const ALPHABET = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...'      \n\n\t\r',
  ...'.,;:!?\'"()[]{}<>-_=+*/\\|@#$%^&~`',
  ...'éèüßçñøåΩλπжЯ日本語テキスト中文한국어عربيहिंदी',
  '🎉',
  '👨‍👩‍👧',
  '🇫🇷',
  '\u200d',
  '\ud83d',
  '\udc00',
  '<|endoftext|>',
  "'s",
  "'ll",
  '  \n',
];

function randomText(random: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return text;
}

describe('Cl100kEncoder', () => {
  it('encodes every document of the demo corpus exactly as js-tiktoken does', () => {
    const lines = readFileSync(new URL('../../datasets/demo/corpus.jsonl', import.meta.url), 'utf8')
      .trim()
      .split('\n');
    let tokens = 0;
    for (const line of lines) {
      const { text } = JSON.parse(line) as { text: string };
      const expected = reference.encode(text, [], []);
      expect(encodeByPieces(text)).toEqual(expected);
      tokens += expected.length;
    }
    expect(tokens).toBe(
      reference.encode(lines.map((l) => (JSON.parse(l) as { text: string }).text).join(''), [], []).length,
    );
  });

  it('encodes 2,000 seeded random multi-script strings exactly as js-tiktoken does', () => {
    const random = mulberry32(17);
    for (let i = 0; i < 2000; i++) {
      const text = randomText(random, 1 + Math.floor(random() * 60));
      expect(encodeByPieces(text)).toEqual(reference.encode(text, [], []));
    }
  });

  it('decodes any token ids, including ones that cut a character, exactly as js-tiktoken does', () => {
    const random = mulberry32(5);
    for (let i = 0; i < 500; i++) {
      const ids = Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * 100_260));
      expect(encoder.decode(ids)).toBe(reference.decode(ids));
    }
    // 100257 is <|endoftext|>: decoding the special token gives its text back.
    expect(encoder.decode([100257])).toBe('<|endoftext|>');
  });

  it('knows each token byte length from the rank table', () => {
    expect(encoder.byteLength(encoder.encodePiece('hello')[0] as number)).toBe(5);
    expect(encoder.byteLength(encoder.encodePiece(' the')[0] as number)).toBe(4);
    expect(
      encoder
        .encodePiece('日本')
        .map((t) => encoder.byteLength(t))
        .reduce((a, b) => a + b, 0),
    ).toBe(6);
  });
});
