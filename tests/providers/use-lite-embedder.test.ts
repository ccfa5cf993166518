import { describe, expect, it } from 'vitest';
import { useLiteEmbedder } from '../../src/providers/local/use-lite-embedder.js';
import { hashedWordsEmbedder } from '../../src/providers/local/hashed-words-embedder.js';
import { dot } from '../../src/providers/local/unit-vector.js';
import type { EmbedderFactory } from '../../src/providers/embedder.js';

const QUERY = 'How old is the universe?';
// In the order use-lite ranks them: a paraphrase sharing no content word, a text sharing the
// question's wording about something else, then two unrelated texts.
const CANDIDATES = [
  'What is the age of the cosmos?',
  'How old is the bread in the kitchen?',
  'The stock market fell on Tuesday.',
  'Mix two cups of flour with a pinch of salt.',
];

async function ranking(factory: EmbedderFactory): Promise<number[]> {
  const embedder = await factory.create({ corpus: CANDIDATES });
  const { vectors } = await embedder.embed(CANDIDATES, 'document');
  const [query] = (await embedder.embed([QUERY], 'query')).vectors;
  const scores = vectors.map((v) => dot(v, query));
  return scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
}

describe('use-lite embedder', () => {
  it('declares a stateless, text-keyed, versioned local encoder of 512 dimensions', async () => {
    expect(useLiteEmbedder.local).toBe(true);
    expect(useLiteEmbedder.textKeyed).toBe(true);
    expect(useLiteEmbedder.dimensions).toBe(512);
    expect(useLiteEmbedder.version).toBe('1:embeddings@0.2.0+model-embeddings-en@0.2.0');
    expect(useLiteEmbedder.description).toContain('pretrained neural sentence encoder');
    const embedder = await useLiteEmbedder.create({ corpus: [] });
    expect(embedder.state()).toBeNull();
    expect(embedder.dimensions).toBe(512);
  });

  it('gives 512-d unit vectors, the same bits in two calls and from two embedders', async () => {
    const a = await useLiteEmbedder.create({ corpus: [] });
    const b = await useLiteEmbedder.create({ corpus: [] });
    const first = await a.embed(CANDIDATES, 'document');
    const second = await b.embed(CANDIDATES, 'query');
    for (let i = 0; i < CANDIDATES.length; i++) {
      expect(first.vectors[i]).toHaveLength(512);
      expect(Math.sqrt(dot(first.vectors[i], first.vectors[i]))).toBeCloseTo(1, 6);
      expect(Array.from(second.vectors[i])).toEqual(Array.from(first.vectors[i]));
    }
  });

  it('embeds a text to the same vector whatever texts share its call (batch independence)', async () => {
    const embedder = await useLiteEmbedder.create({ corpus: [] });
    const together = await embedder.embed(CANDIDATES, 'document');
    const reversed = await embedder.embed([...CANDIDATES].reverse(), 'document');
    for (let i = 0; i < CANDIDATES.length; i++) {
      const [alone] = (await embedder.embed([CANDIDATES[i]], 'document')).vectors;
      expect(Array.from(together.vectors[i])).toEqual(Array.from(alone));
      expect(Array.from(reversed.vectors[CANDIDATES.length - 1 - i])).toEqual(Array.from(alone));
    }
  });

  it('ranks a paraphrase above a text that shares the wording; hash-words ranks them the other way', async () => {
    expect(await ranking(useLiteEmbedder)).toEqual([0, 1, 2, 3]);
    // No content word of the paraphrase is in the question: to a lexical embedder it scores 0.
    const lexical = await ranking(hashedWordsEmbedder);
    expect(lexical[0]).toBe(1);
    expect(lexical.indexOf(0)).toBeGreaterThan(0);
  });

  it('relates "automobile" to "car": the mechanic text is nearer than the same question about a fence', async () => {
    const embedder = await useLiteEmbedder.create({ corpus: [] });
    const texts = [
      'Who repaired my automobile?',
      'The mechanic fixed my car yesterday.',
      'Who repaired the old fence?',
    ];
    const [query, mechanic, fence] = (await embedder.embed(texts, 'query')).vectors;
    expect(dot(query, mechanic)).toBeGreaterThan(dot(query, fence));
  });

  it('gives empty and blank texts the zero vector (the model cannot encode no tokens)', async () => {
    const embedder = await useLiteEmbedder.create({ corpus: [] });
    const { vectors } = await embedder.embed(['', '  \n\t'], 'query');
    for (const v of vectors) {
      expect(v).toHaveLength(512);
      expect(v.every((x) => x === 0)).toBe(true);
    }
  });
});
