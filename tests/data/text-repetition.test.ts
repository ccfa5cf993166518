import { describe, expect, it } from 'vitest';
import { repetitiveDocumentsWarning } from '../../src/data/repetitive-documents.js';
import { deflateRatio, distinctShingleShare } from '../../src/data/text-repetition.js';
import { mulberry32 } from '../../src/stats/seeded-random.js';

/** Seeded pseudo-prose: words from a 2,000-word vocabulary, so every 8-word sequence is (almost surely) new. */
function prose(words: number, seed: number): string {
  const random = mulberry32(seed);
  const vocabulary = Array.from({ length: 2000 }, (_, i) => `w${i.toString(36)}q`);
  return Array.from({ length: words }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' ');
}

describe('distinctShingleShare', () => {
  it('is 1 for text without repeats and under 8 words, and 1/n for a paragraph pasted n times', () => {
    expect(distinctShingleShare('one two three')).toBe(1);
    expect(distinctShingleShare(prose(500, 1))).toBe(1);
    // 8 distinct words repeated: only 8 distinct shingles among 8·50 − 7.
    expect(distinctShingleShare('a b c d e f g h '.repeat(50))).toBe(8 / 393);
  });

  it('sees repeats that deflate cannot: a 37 KB section pasted five times', () => {
    const section = prose(7000, 2);
    expect(section.length).toBeGreaterThan(32 * 1024);
    const text = Array.from({ length: 5 }, () => section).join(' ');
    expect(distinctShingleShare(text)).toBeCloseTo(0.2, 3);
    expect(deflateRatio(text)).toBeGreaterThan(0.15);
    expect(repetitiveDocumentsWarning({ docs: [{ id: 'pasted', text }] })?.message).toMatch(
      /: "pasted" 20\.0% distinct, deflates to \d+\.\d% — /,
    );
  });
});

describe('repetitiveDocumentsWarning', () => {
  it('warns for runs without words through deflate, and not for documents under 2,000 characters', () => {
    expect(repetitiveDocumentsWarning({ docs: [{ id: 'rule', text: '='.repeat(1999) }] })).toBeNull();
    const warning = repetitiveDocumentsWarning({
      docs: [
        { id: 'rule', text: '='.repeat(2000) },
        { id: 'fine', text: prose(400, 3) },
      ],
    });
    expect(warning).toMatchObject({ code: 'repetitive-documents', value: 1, threshold: 0.15 });
    expect(warning?.message).toMatch(
      /: "rule" 100\.0% distinct, deflates to 0\.\d% — repeated text makes identical chunks that crowd the top_k; remove the repeats or boilerplate$/,
    );
  });

  it('is silent for a text pasted twice (just over half distinct) and warns for three times', () => {
    const once = prose(500, 4);
    const twice = `${once} ${once}`;
    const thrice = `${once} ${once} ${once}`;
    // Every shingle of a periodic text is one of the 500 rotations of the period.
    expect(distinctShingleShare(twice)).toBe(500 / 993);
    expect(repetitiveDocumentsWarning({ docs: [{ id: 'twice', text: twice }] })).toBeNull();
    expect(distinctShingleShare(thrice)).toBe(500 / 1493);
    expect(repetitiveDocumentsWarning({ docs: [{ id: 'thrice', text: thrice }] })?.message).toContain(
      '"thrice" 33.5% distinct',
    );
  });
});
