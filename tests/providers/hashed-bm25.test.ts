import { describe, expect, it } from 'vitest';
import { hashedWordsEmbedder, wordFeatureKeys } from '../../src/providers/local/hashed-words-embedder.js';
import { HashedBm25 } from '../../src/providers/local/hashed-bm25.js';
import { dot } from '../../src/providers/local/unit-vector.js';
import { Bm25Index } from '../../src/retrieval/bm25-index.js';
import { ExactVectorSearch } from '../../src/retrieval/exact-vector-search.js';
import { mulberry32 } from '../../src/stats/seeded-random.js';
import { TOPIC_CORPUS } from './embedder-fixture.js';

/**
 * 5,000 documents of 60 words from one Zipfian vocabulary, and 200 queries of 4 distinct words
 * of a target document plus 2 random ones: the shape of a padded QA corpus, where most documents
 * share some query terms and a hashed embedder's collisions decide whether the target stays on top.
 */
function zipfCorpus(options: { docs: number; words: number; vocabulary: number; seed: number }) {
  const random = mulberry32(options.seed);
  const word = (i: number) => `w${i.toString(36)}x`;
  const draw = () => Math.floor(options.vocabulary ** random()) - 1;
  const docs = Array.from({ length: options.docs }, () =>
    Array.from({ length: options.words }, () => word(draw())).join(' '),
  );
  const queries = Array.from({ length: 200 }, (_, q) => {
    const target = Math.floor((q * options.docs) / 200);
    const terms = [...new Set(docs[target].split(' '))];
    const picked = new Set<string>();
    while (picked.size < 4) picked.add(terms[Math.floor(random() * terms.length)]);
    for (let n = 0; n < 2; n++) picked.add(word(draw()));
    return [...picked].join(' ');
  });
  return { docs, queries };
}

describe('hash-words (hashed BM25)', () => {
  it("scores a document with BM25's formula: query vector · document vector × the query's norm", async () => {
    const table = HashedBm25.fit({ documents: TOPIC_CORPUS.map(wordFeatureKeys), dimensions: 1 << 16, hashes: 6 });
    const bm25 = Bm25Index.build({ texts: TOPIC_CORPUS });
    for (const query of ['engine oil for the car', 'bake bread in the oven', 'telescope orbit of a star']) {
      const keys = wordFeatureKeys(query);
      const q = table.vectorize(keys, 'query');
      const rawNorm = Math.sqrt([...new Set(keys)].reduce((sum, key) => sum + table.idf(key), 0));
      const expected = new Map(bm25.search(query, TOPIC_CORPUS.length).map((h) => [h.chunkIndex, h.score]));
      TOPIC_CORPUS.forEach((text, i) => {
        const score = dot(q, table.vectorize(wordFeatureKeys(text), 'document')) * rawNorm;
        // 65,536 buckets: no collision among these few hundred terms, so equal to float32 rounding.
        expect(score).toBeCloseTo(expected.get(i) ?? 0, 4);
      });
    }
  });

  it('query vectors are unit length, document vectors keep their BM25 magnitude, and state restores both', async () => {
    const fitted = await hashedWordsEmbedder.create({ corpus: TOPIC_CORPUS });
    const restored = await hashedWordsEmbedder.create({ corpus: [], state: fitted.state() });
    const [q] = (await fitted.embed(['engine oil for the car'], 'query')).vectors;
    expect(Math.sqrt(dot(q, q))).toBeCloseTo(1, 6);
    const docs = (await fitted.embed(TOPIC_CORPUS, 'document')).vectors;
    expect(Math.sqrt(dot(docs[0], docs[0]))).not.toBeCloseTo(1, 1);
    expect((await restored.embed(TOPIC_CORPUS, 'document')).vectors).toEqual(docs);
    expect((await restored.embed(['engine oil for the car'], 'query')).vectors[0]).toEqual(q);
  });

  it("stays within 0.05 of BM25's recall on 5,000 documents of one vocabulary (version 2 did not)", async () => {
    const { docs, queries } = zipfCorpus({ docs: 5000, words: 60, vocabulary: 2000, seed: 11 });
    const bm25 = Bm25Index.build({ texts: docs });
    const embedder = await hashedWordsEmbedder.create({ corpus: docs });
    const search = ExactVectorSearch.build({
      vectors: (await embedder.embed(docs, 'document')).vectors,
      dimensions: embedder.dimensions,
    });
    const queryVectors = (await embedder.embed(queries, 'query')).vectors;
    let lexical = 0;
    let hashed = 0;
    queries.forEach((query, q) => {
      const target = Math.floor((q * docs.length) / queries.length);
      if (bm25.search(query, 4).some((h) => h.chunkIndex === target)) lexical++;
      if (search.search(queryVectors[q], 4).some((h) => h.chunkIndex === target)) hashed++;
    });
    // Target in the top 4: BM25 0.84, hash-words 0.795. Version 2 (TF-IDF of words and word pairs
    // in one bucket each, unit documents) found 12 of 200 on this corpus.
    expect({ lexical, hashed }).toEqual({ lexical: 168, hashed: 159 });
  });
});
