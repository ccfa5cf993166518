import { describe, expect, it } from 'vitest';
import { countTerms } from '../../src/retrieval/bm25-term-counts.js';
import { terms } from '../../src/text/text-analysis.js';
import { prose } from '../chunking/fixtures.js';

/** The term counts `countTerms` promises, computed the plain way: `terms` of each text, counted in a map. */
function reference(texts: readonly string[]) {
  const ids = new Map<string, number>();
  const lengths: number[] = [];
  const pairStart = [0];
  const pairs: number[] = [];
  for (const text of texts) {
    const list = terms(text);
    lengths.push(list.length);
    const counts = new Map<number, number>();
    for (const term of list) {
      if (!ids.has(term)) ids.set(term, ids.size);
      const id = ids.get(term) as number;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const [id, tf] of counts) pairs.push(id, tf);
    pairStart.push(pairs.length / 2);
  }
  return { vocabulary: [...ids.keys()], lengths, pairStart, pairs };
}

const plain = (counts: ReturnType<typeof countTerms>) => ({
  vocabulary: counts.vocabulary,
  lengths: [...counts.lengths],
  pairStart: [...counts.pairStart],
  pairs: [...counts.pairs],
});

describe('countTerms', () => {
  it('counts exactly the terms of each text: stopwords dropped, stems shared, ids in order of first occurrence', () => {
    const texts = [
      'The runners were running; a runner runs. RUNNING!',
      '',
      'What did they run? The 2.3.1 release, 1,234 copies and 0.25 of them.',
      'Connection, connected, connecting: connections connect the the the.',
      'naïve café — 日本語 runs',
    ];
    const counts = countTerms(texts);
    expect(plain(counts)).toEqual(reference(texts));
    // Text 0: "runners"/"runner" stem to "runner" (id 0, tf 2), "running"/"runs"/"RUNNING" to "run" (id 1, tf 3).
    expect(counts.vocabulary.slice(0, 2)).toEqual(['runner', 'run']);
    expect([...counts.pairs.subarray(0, 4)]).toEqual([0, 2, 1, 3]);
    expect(counts.lengths[0]).toBe(5);
    expect(counts.lengths[1]).toBe(0);
  });

  it('matches the plain count on a corpus large enough to grow its arrays (thousands of terms, long texts)', () => {
    const texts = Array.from({ length: 300 }, (_, i) => prose(1 + (i % 6), 2 + (i % 7), i + 1));
    texts.push(texts.join(' '));
    expect(plain(countTerms(texts))).toEqual(reference(texts));
  });
});
