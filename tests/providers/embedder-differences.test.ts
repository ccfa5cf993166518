import { describe, expect, it } from 'vitest';
import type { EmbedderFactory } from '../../src/providers/embedder.js';
import { charNgramEmbedder } from '../../src/providers/local/char-ngram-embedder.js';
import { hashedWordsEmbedder } from '../../src/providers/local/hashed-words-embedder.js';
import { lsaEmbedder } from '../../src/providers/local/lsa-embedder.js';
import { dot } from '../../src/providers/local/unit-vector.js';
import { CAR_ONLY, MOTORING, TOPIC_CORPUS } from './embedder-fixture.js';

/** Chunk indices by inner product with the query, best first, and each chunk's score. */
async function rank(factory: EmbedderFactory, query: string): Promise<{ order: number[]; scores: number[] }> {
  const embedder = await factory.create({ corpus: TOPIC_CORPUS });
  const { vectors } = await embedder.embed(TOPIC_CORPUS, 'document');
  const [q] = (await embedder.embed([query], 'query')).vectors;
  const scores = vectors.map((v) => dot(v, q));
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  return { order, scores };
}

async function similarity(factory: EmbedderFactory, a: string, b: string): Promise<number> {
  const embedder = await factory.create({ corpus: TOPIC_CORPUS });
  const [va, vb] = (await embedder.embed([a, b], 'query')).vectors;
  return dot(va, vb);
}

/**
 * The three local embedders are not interchangeable; each wins a different paraphrase probe:
 * - misspellings: only `hash-chargrams` still finds the passage (its n-grams survive typos);
 * - synonyms: only `lsa` relates "automobile" to a text that only says "car" (they co-occur in
 *   the corpus), the hashed embedders score it exactly 0;
 * - word order: none of them tells "engine car repair" from "car repair engine" (all three are
 *   bags of terms; hash-words dropped word pairs in version 3, see hashed-bm25.ts).
 */
describe('local embedders on paraphrase probes', () => {
  it('misspelled query: hash-chargrams finds the passage, hash-words and lsa do not', async () => {
    const query = 'retreival augmentd generaton';
    const chargrams = await rank(charNgramEmbedder, query);
    expect(chargrams.order[0]).toBe(6);
    expect(chargrams.scores[6]).toBeGreaterThan(0.25);
    const words = await rank(hashedWordsEmbedder, query);
    const spelled = await rank(hashedWordsEmbedder, 'retrieval augmented generation');
    expect(spelled.order[0]).toBe(6);
    // No stem matches: whatever it scores comes from hash collisions, and the passage is not first.
    expect(words.order[0]).not.toBe(6);
    expect(Math.max(...words.scores)).toBeLessThan(0.2 * spelled.scores[6]);
    const lsa = await rank(lsaEmbedder, query);
    // No term is in the LSA vocabulary: a zero query vector scores every chunk 0.
    expect(lsa.scores.every((s) => s === 0)).toBe(true);
  });

  it('synonym: lsa relates "automobile" to a car-only text, the hashed embedders cannot', async () => {
    const lsa = await rank(lsaEmbedder, 'automobile');
    expect(lsa.scores[CAR_ONLY]).toBeGreaterThan(0.5);
    // Every motoring text, including the car-only one, outranks every other topic.
    expect(new Set(lsa.order.slice(0, MOTORING.length))).toEqual(new Set(MOTORING));
    for (const factory of [hashedWordsEmbedder, charNgramEmbedder]) {
      const { scores, order } = await rank(factory, 'automobile');
      expect(scores[CAR_ONLY]).toBeCloseTo(0, 6);
      expect(order.indexOf(CAR_ONLY)).toBeGreaterThanOrEqual(MOTORING.length - 1);
    }
  });

  it('word order: every local embedder scores reordered words the same', async () => {
    const a = 'engine car repair';
    const b = 'car repair engine';
    expect(await similarity(hashedWordsEmbedder, a, b)).toBeCloseTo(1, 5);
    expect(await similarity(charNgramEmbedder, a, b)).toBeCloseTo(1, 5);
    expect(await similarity(lsaEmbedder, a, b)).toBeCloseTo(1, 5);
  });
});
