import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/stats/seeded-random.js';
import { LsaModel } from '../../src/providers/local/lsa-model.js';
import { dot } from '../../src/providers/local/unit-vector.js';

/**
 * 30 documents on 10 topics (3 each, words drawn from the topic's own 12 words plus 40 shared
 * ones), and one boilerplate text repeated 600 times in the middle of the corpus. The SVD basis
 * is fitted on at most 40 evenly spaced documents: before it learned from distinct documents, the
 * copies took 39 of the 40 places, leaving 2 components and 2 of 30 topic neighbours.
 */
const random = mulberry32(7);
const shared = Array.from(
  { length: 40 },
  (_, i) => `common${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`,
);
const topicWords = Array.from({ length: 10 }, (_, t) =>
  Array.from({ length: 12 }, (_, w) => `topic${String.fromCharCode(97 + t)}word${String.fromCharCode(97 + w)}`),
);
const pick = (words: string[]) => words[Math.floor(random() * words.length)];
const documents = Array.from({ length: 30 }, (_, i) =>
  Array.from({ length: 60 }, (_, w) => (w % 3 === 0 ? pick(shared) : pick(topicWords[i % 10]))).join(' '),
);
const BOILERPLATE = 'all rights reserved no reproduction without written permission of the publisher';
const corpus = [...documents.slice(0, 15), ...Array.from({ length: 600 }, () => BOILERPLATE), ...documents.slice(15)];

/** How many of the 30 documents have a document of their own topic as nearest neighbour (other than themselves). */
function topicNeighbours(model: LsaModel): number {
  const vectors = documents.map((d) => model.embed(d));
  return vectors.filter((v, i) => {
    let best = -1;
    let bestScore = -Infinity;
    vectors.forEach((u, j) => {
      const score = j === i ? -Infinity : dot(u, v);
      if (score > bestScore) [best, bestScore] = [j, score];
    });
    return best % 10 === i % 10;
  }).length;
}

describe('LSA fitted beside many copies of one text', () => {
  it('learns from distinct documents: the fit equals the fit with a single copy, byte for byte', () => {
    const single = LsaModel.fit({
      corpus: [...documents.slice(0, 15), BOILERPLATE, ...documents.slice(15)],
      rank: 256,
      maxFitDocuments: 40,
    });
    const crowded = LsaModel.fit({ corpus, rank: 256, maxFitDocuments: 40 });
    expect(Buffer.from(crowded.serialize()).equals(Buffer.from(single.serialize()))).toBe(true);
    // 31 distinct documents: rank ⌈31 / 3⌉ = 11 (before: 2 components, 2 topic neighbours).
    expect(crowded.dimensions).toBe(11);
    expect(topicNeighbours(crowded)).toBe(30);
    expect(topicNeighbours(LsaModel.fit({ corpus: documents, rank: 256, maxFitDocuments: 40 }))).toBe(30);
  });

  it('copies that differ only in a term outside the vocabulary (a page number) are one row of the fit', () => {
    const paged = [
      ...documents.slice(0, 15),
      ...Array.from({ length: 600 }, (_, i) => `${BOILERPLATE} page ${i + 1}`),
      ...documents.slice(15),
    ];
    const model = LsaModel.fit({ corpus: paged, rank: 256, maxFitDocuments: 40 });
    // 630 documents (so terms need 2+ documents; each page number has one): 31 distinct rows.
    expect(model.dimensions).toBe(11);
    expect(topicNeighbours(model)).toBe(30);
  });
});
