import { describe, expect, it } from 'vitest';
import { locateChunks } from '../../src/chunking/chunk-locator.js';
import { TuneRagError } from '../../src/errors.js';

describe('locateChunks', () => {
  it('finds overlapping pieces from a moving cursor', () => {
    const text = 'alpha beta gamma delta epsilon';
    const spans = locateChunks({ text, pieces: ['alpha beta gamma', 'gamma delta', 'delta epsilon'] });
    expect(spans).toEqual([
      { start: 0, end: 16 },
      { start: 11, end: 22 },
      { start: 17, end: 30 },
    ]);
  });

  it('does not jump to a repeated phrase further on', () => {
    const text = 'one two. one two. one two. three';
    const spans = locateChunks({ text, pieces: ['one two.', 'one two.', 'one two. three'] });
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['one two.', 'one two.', 'one two. three']);
    expect(spans.map((s) => s.start)).toEqual([0, 9, 18]);
  });

  it('drops a piece wholly inside the previous one', () => {
    const text = 'abc def ghi';
    expect(locateChunks({ text, pieces: ['abc def ghi', 'def ghi'] })).toEqual([{ start: 0, end: 11 }]);
  });

  it('falls back to a whitespace-insensitive search, still returning exact document offsets', () => {
    const text = 'first  line\n\n  second\tline here';
    const spans = locateChunks({ text, pieces: ['first line', 'second line here'] });
    expect(spans).toEqual([
      { start: 0, end: 11 },
      { start: 15, end: 31 },
    ]);
    expect(text.slice(15, 31)).toBe('second\tline here');
  });

  it('resolves repetitive text without gaps or going backwards', () => {
    const text = 'ha '.repeat(20).trimEnd();
    const piece = 'ha '.repeat(6).trimEnd();
    const spans = locateChunks({ text, pieces: [piece, piece, piece, piece, piece] });
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(piece);
    expect(spans[0]!.start).toBe(0);
    for (let i = 1; i < spans.length; i++) {
      expect(spans[i]!.start).toBeGreaterThan(spans[i - 1]!.start);
      expect(spans[i]!.start).toBeLessThanOrEqual(spans[i - 1]!.end + 1);
    }
  });

  it('drops an earlier piece that a later one contains', () => {
    const text = 'x y z';
    expect(locateChunks({ text, pieces: ['x y', 'x y z'] })).toEqual([{ start: 0, end: 5 }]);
  });

  it('throws instead of guessing when a piece is not in the text', () => {
    expect(() => locateChunks({ text: 'abc', pieces: ['xyz'] })).toThrow(TuneRagError);
  });
});
