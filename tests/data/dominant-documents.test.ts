import { describe, expect, it } from 'vitest';
import type { CorpusDoc } from '../../src/data/dataset-schema.js';
import { dominantDocumentWarning } from '../../src/data/dominant-documents.js';

const docsOf = (count: number, length: number, prefix = 'd'): CorpusDoc[] =>
  Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, text: 'x'.repeat(length) }));

describe('dominantDocumentWarning', () => {
  it('fires only above 20× the median length: 2,000 characters among 100-character documents is silent, 2,001 warns', () => {
    expect(dominantDocumentWarning({ docs: [...docsOf(9, 100), { id: 'big', text: 'x'.repeat(2000) }] })).toBeNull();
    const warning = dominantDocumentWarning({ docs: [...docsOf(9, 100), { id: 'big', text: 'x'.repeat(2001) }] });
    expect(warning).toMatchObject({ code: 'dominant-document', value: 2001 / 2901, threshold: 0.1 });
    expect(warning?.message).toContain('"big" 2,001 characters, 20.0× the median, 69.0% of all text');
  });

  it('fires only above 10% of all text: an outlier at exactly 10% is silent, at 10.03% it warns', () => {
    expect(dominantDocumentWarning({ docs: [...docsOf(270, 100), { id: 'big', text: 'x'.repeat(3000) }] })).toBeNull();
    const warning = dominantDocumentWarning({ docs: [...docsOf(270, 100), { id: 'big', text: 'x'.repeat(3010) }] });
    expect(warning?.value).toBe(3010 / 30010);
    expect(warning?.message).toContain('"big" 3,010 characters, 30.1× the median, 10.0% of all text');
  });

  it('a large share without being an outlier is not dominance: one of five documents at 30% is silent', () => {
    expect(dominantDocumentWarning({ docs: [...docsOf(4, 700), { id: 'larger', text: 'x'.repeat(1200) }] })).toBeNull();
  });

  it('names the three largest dominant documents, largest first, and counts the rest', () => {
    const big = [5, 7, 6, 8].map((k, i) => ({ id: `big${i}`, text: 'x'.repeat(k * 10_000) }));
    const warning = dominantDocumentWarning({ docs: [...docsOf(20, 100), ...big] });
    expect(warning?.message).toMatch(
      /^4 document\(s\) dominate the corpus \(warn above 20× the median document length of 100 characters and 10\.0% of all text, with 5\+ documents\): "big3" 80,000 characters, 800× the median, 30\.5% of all text; "big1" [^;]*; "big2" [^;]* and 1 more — /,
    );
    expect(warning?.value).toBe(80_000 / 262_000);
  });

  it('needs 5 documents', () => {
    expect(dominantDocumentWarning({ docs: [...docsOf(3, 10), { id: 'big', text: 'x'.repeat(10_000) }] })).toBeNull();
  });
});
