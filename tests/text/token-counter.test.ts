import { describe, expect, it } from 'vitest';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { countTokens, decode, encode, encodeWithOffsets } from '../../src/text/token-counter.js';

const reference = new Tiktoken(cl100k);

const SAMPLES = [
  '',
  'Hello, world!',
  "It's   a  test.\n\n\n  Indented   \r\n\tTabs\t\tand  trailing   ",
  'Emoji 🎉🎉 and family 👨‍👩‍👧 and flags 🇫🇷; CJK 日本語のテキスト; accents café naïve Ελληνικά',
  'Numbers 1234567 3.14159 and code `const x = a?.b ?? 0;` <|endoftext|> special text',
  'lone surrogate \ud83d here',
];

describe('token-counter', () => {
  it('matches Tiktoken.encode exactly', () => {
    for (const text of SAMPLES) {
      expect(encode(text)).toEqual(reference.encode(text, [], []));
      expect(countTokens(text)).toBe(reference.encode(text, [], []).length);
    }
  });

  it('round-trips through decode', () => {
    for (const text of SAMPLES.slice(0, 5)) expect(decode(encode(text))).toBe(text);
  });

  it('reports token end offsets on code point boundaries that reassemble the text', () => {
    for (const text of SAMPLES) {
      const { tokens, ends } = encodeWithOffsets(text);
      expect(tokens).toEqual(encode(text));
      expect(ends.length).toBe(tokens.length);
      if (text !== '') expect(ends.at(-1)).toBe(text.length);
      let previous = 0;
      for (const end of ends) {
        expect(end).toBeGreaterThanOrEqual(previous);
        // never between the halves of a surrogate pair
        const code = text.charCodeAt(end);
        const before = text.charCodeAt(end - 1);
        expect(code >= 0xdc00 && code <= 0xdfff && before >= 0xd800 && before <= 0xdbff).toBe(false);
        previous = end;
      }
      // Tokens that end on a character boundary decode to exactly that slice.
      let start = 0;
      for (let i = 0; i < tokens.length; i++) {
        const slice = text.slice(start, ends[i]);
        const decoded = decode([tokens[i]!]);
        if (!decoded.includes('\ufffd') && !slice.includes('\ufffd')) expect(slice).toBe(decoded);
        start = ends[i]!;
      }
    }
  });
});
