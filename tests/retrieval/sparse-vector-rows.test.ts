import { describe, expect, it } from 'vitest';
import { decodeEmbeddings, encodeEmbeddings } from '../../src/pipeline/embedding-codec.js';
import { embedStage } from '../../src/pipeline/stages/embed-stage.js';
import { hashedWordsEmbedder } from '../../src/providers/local/hashed-words-embedder.js';
import { lsaEmbedder } from '../../src/providers/local/lsa-embedder.js';
import { ExactVectorSearch } from '../../src/retrieval/exact-vector-search.js';
import { SparseVectorRows, sparseRowsOf } from '../../src/retrieval/sparse-vector-rows.js';
import { TOPIC_CORPUS } from '../providers/embedder-fixture.js';

const DENSE = [Float32Array.of(0, 1.5, 0, -2), Float32Array.of(0, 0, 0, 0), Float32Array.of(3, 0, 0, 0.25)];

function rowsOf(vectors: readonly Float32Array[]): SparseVectorRows {
  const builder = SparseVectorRows.builder(4);
  for (const v of vectors) builder.add(v);
  return builder.finish();
}

describe('SparseVectorRows', () => {
  it('keeps only non-zeros and reads back every row exactly, through an array view', () => {
    const rows = rowsOf(DENSE);
    expect({ count: rows.count, nonZeros: rows.nonZeros, byteLength: rows.byteLength }).toEqual({
      count: 3,
      nonZeros: 4,
      byteLength: 4 * 4 + 4 * 2 + 4 * 4,
    });
    const view = rows.asVectors();
    expect(view.length).toBe(3);
    expect(view.map((v) => Array.from(v))).toEqual(DENSE.map((v) => Array.from(v)));
    expect([...view].map((v) => v[3])).toEqual([-2, 0, 0.25]);
    expect(view[3]).toBeUndefined();
    expect(1 in view && !(3 in view)).toBe(true);
    expect(sparseRowsOf(view)).toBe(rows);
    expect(sparseRowsOf(DENSE)).toBeUndefined();
    expect(() => {
      view[0] = new Float32Array(4);
    }).toThrow('corpus vectors are read-only');
  });

  it('refuses parts that do not fit together, naming the vector', () => {
    const parts = { dimensions: 4, indices: Uint16Array.of(1, 3), values: Float32Array.of(1, 2) };
    expect(() => SparseVectorRows.fromParts({ ...parts, offsets: Uint32Array.of(0, 3, 2) })).toThrow(
      'vector 0 has a bad non-zero count',
    );
    expect(() =>
      SparseVectorRows.fromParts({ ...parts, indices: Uint16Array.of(1, 4), offsets: Uint32Array.of(0, 1, 2) }),
    ).toThrow('vector 1 has dimension 4 of 4');
    expect(() => SparseVectorRows.fromParts({ ...parts, offsets: Uint32Array.of(0, 1) })).toThrow(
      'the vectors do not account for every non-zero',
    );
  });

  it('goes through the cache codec as the same bytes as dense vectors, and comes back sparse', () => {
    const view = rowsOf(DENSE).asVectors();
    const fromRows = encodeEmbeddings({ vectors: view, dimensions: 4, state: null });
    expect(fromRows.equals(encodeEmbeddings({ vectors: DENSE, dimensions: 4, state: null }))).toBe(true);
    const decoded = decodeEmbeddings(fromRows);
    expect(sparseRowsOf(decoded.vectors)?.nonZeros).toBe(4);
    expect(decoded.vectors.map((v) => Array.from(v))).toEqual(DENSE.map((v) => Array.from(v)));
  });

  it('exact search over the rows ranks as over the dense vectors, without making them dense', async () => {
    const stage = await embedStage.run({
      chunks: TOPIC_CORPUS.map((text, i) => ({ docId: `d${i}`, text, start: 0, end: text.length, index: i })),
      factory: hashedWordsEmbedder,
    });
    const { vectors, dimensions } = stage.value;
    // The embed stage keeps a hashed embedder's vectors as sparse rows.
    expect(sparseRowsOf(vectors)?.count).toBe(TOPIC_CORPUS.length);
    const fromRows = ExactVectorSearch.build({ vectors, dimensions });
    const fromDense = ExactVectorSearch.build({ vectors: [...vectors], dimensions });
    expect(fromRows.byteSize()).toBe(fromDense.byteSize());
    const embedder = await hashedWordsEmbedder.create({ corpus: [], state: stage.value.state });
    for (const query of ['engine oil for the car', 'bake bread in the oven']) {
      const [q] = (await embedder.embed([query], 'query')).vectors;
      expect(fromRows.search(q, 5)).toEqual(fromDense.search(q, 5));
    }
  });

  it('leaves dense embedders (lsa) as plain arrays', async () => {
    const stage = await embedStage.run({
      chunks: TOPIC_CORPUS.map((text, i) => ({ docId: `d${i}`, text, start: 0, end: text.length, index: i })),
      factory: lsaEmbedder,
    });
    expect(sparseRowsOf(stage.value.vectors)).toBeUndefined();
    expect(stage.value.vectors).toHaveLength(TOPIC_CORPUS.length);
  });
});
