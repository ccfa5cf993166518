import { describe, expect, it } from 'vitest';
import { LOCAL_EMBEDDERS } from '../../src/providers/local/local-embedders.js';
import { dot } from '../../src/providers/local/unit-vector.js';
import { ZERO_USAGE } from '../../src/accounting/usage.js';
import { COOKING, MOTORING, RAG, TOPIC_CORPUS } from './embedder-fixture.js';

function norm(v: Float32Array): number {
  return Math.sqrt(dot(v, v));
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

// The contract every local embedder honours, run against each of them (use-lite included).
describe.each(LOCAL_EMBEDDERS.map((factory) => [factory.name, factory] as const))('%s embedder', (_name, factory) => {
  it('declares itself local and versioned', () => {
    expect(factory.local).toBe(true);
    // use-lite appends its weight packages' versions: "1:embeddings@0.2.0+model-embeddings-en@0.2.0".
    expect(factory.version).toMatch(/^\d+(:\S+)?$/);
    expect(factory.description.length).toBeGreaterThan(10);
  });

  it('is deterministic across fits and calls, with unit-norm vectors (as declared) and zero usage', async () => {
    const a = await factory.create({ corpus: TOPIC_CORPUS });
    const b = await factory.create({ corpus: TOPIC_CORPUS });
    const first = await a.embed(TOPIC_CORPUS, 'document');
    const second = await b.embed(TOPIC_CORPUS, 'document');
    expect(first.usage).toEqual(ZERO_USAGE);
    expect(first.vectors).toHaveLength(TOPIC_CORPUS.length);
    for (let i = 0; i < TOPIC_CORPUS.length; i++) {
      expect(first.vectors[i]).toHaveLength(a.dimensions);
      if (factory.scaledDocuments) expect(norm(first.vectors[i])).toBeGreaterThan(1);
      else expect(norm(first.vectors[i])).toBeCloseTo(1, 5);
      expect(Array.from(second.vectors[i])).toEqual(Array.from(first.vectors[i]));
    }
    expect(a.dimensions).toBeLessThanOrEqual(factory.dimensions);
    const queries = await a.embed(['how is bread dough baked in the oven', 'stars and planets'], 'query');
    for (const q of queries.vectors) expect(norm(q)).toBeCloseTo(1, 5);
  });

  it('places texts of one topic closer together than texts of different topics', async () => {
    const embedder = await factory.create({ corpus: TOPIC_CORPUS });
    const { vectors } = await embedder.embed(TOPIC_CORPUS, 'document');
    const within: number[] = [];
    const across: number[] = [];
    for (const [group, other] of [
      [MOTORING, COOKING],
      [RAG, MOTORING],
      [COOKING, RAG],
    ]) {
      for (const i of group) {
        for (const j of group) if (i < j) within.push(dot(vectors[i], vectors[j]));
        for (const j of other) across.push(dot(vectors[i], vectors[j]));
      }
    }
    expect(mean(within)).toBeGreaterThan(mean(across) + 0.05);
  });

  it('ranks the matching passage first for a question', async () => {
    const embedder = await factory.create({ corpus: TOPIC_CORPUS });
    const { vectors } = await embedder.embed(TOPIC_CORPUS, 'document');
    const [query] = (await embedder.embed(['how is bread dough baked in the oven'], 'query')).vectors;
    const best = vectors.map((v, i) => ({ i, s: dot(v, query) })).sort((x, y) => y.s - x.s)[0];
    expect(best.i).toBe(11);
  });
});

// The embedders fitted on the corpus: their learned state is cached beside the vectors.
const FITTED = LOCAL_EMBEDDERS.filter((factory) => !factory.textKeyed);

describe.each(FITTED.map((factory) => [factory.name, factory] as const))('%s embedder (fitted)', (_name, factory) => {
  it('restores from state() without the corpus and gives identical vectors', async () => {
    const fitted = await factory.create({ corpus: TOPIC_CORPUS });
    const state = fitted.state();
    expect(state).toBeInstanceOf(Uint8Array);
    // Restore from an unaligned copy, as a SQLite blob may be.
    const shifted = new Uint8Array(state!.byteLength + 3);
    shifted.set(state!, 3);
    const restored = await factory.create({ corpus: [], state: shifted.subarray(3) });
    expect(restored.dimensions).toBe(fitted.dimensions);
    const texts = [...TOPIC_CORPUS.slice(0, 3), 'an unseen query about automobile engines and galaxies'];
    const a = await fitted.embed(texts, 'query');
    const b = await restored.embed(texts, 'query');
    for (let i = 0; i < texts.length; i++) expect(Array.from(b.vectors[i])).toEqual(Array.from(a.vectors[i]));
    expect(Array.from(restored.state()!)).toEqual(Array.from(state!));
  });

  it('gives empty or stopword-only texts a zero vector instead of failing', async () => {
    const embedder = await factory.create({ corpus: TOPIC_CORPUS });
    const { vectors } = await embedder.embed(['', 'the of and'], 'query');
    for (const v of vectors) expect(norm(v)).toBe(0);
  });

  it('rejects corrupt state with a pipeline error', async () => {
    await expect(
      factory.create({ corpus: [], state: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]) }),
    ).rejects.toMatchObject({ code: 'pipeline' });
  });
});
