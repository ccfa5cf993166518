import { describe, expect, it } from 'vitest';
import { INACTIVE, parameterLevels } from '../../../src/optimize/importance/parameter-levels.js';

describe('parameterLevels', () => {
  it('cuts a numeric parameter at quantiles of its active values and keeps inactive rows apart', () => {
    const sizes = [64, 80, 96, 128, 160, 200, 256, 300, 512, 1024, 64, 128, 256, 512, 700, 900];
    const configs = sizes.map((size, i) =>
      i === 3 ? { retrieval: 'bm25' } : { retrieval: i % 2 ? 'dense' : 'hybrid', 'chunk.size': size },
    );
    const [retrieval, size] = parameterLevels({ configs });
    expect(retrieval).toEqual({
      parameter: 'retrieval',
      labels: ['hybrid', 'dense', 'bm25'],
      levels: configs.map((c) => ['hybrid', 'dense', 'bm25'].indexOf(c.retrieval)),
    });
    // 15 active values -> round(sqrt(15)) = 4 bins, cut at the 4th, 8th and 12th smallest (96, 256, 512).
    expect(size.labels).toEqual(['64..80', '96..200', '256..300', '512..1024']);
    expect(size.levels).toEqual([0, 0, 1, INACTIVE, 1, 1, 2, 2, 3, 3, 0, 1, 2, 3, 3, 3]);
  });

  it('keeps one level per value when a numeric parameter has few distinct values, and drops constants', () => {
    const configs = [1, 2, 3, 1, 2, 3].map((top_k) => ({ top_k, generator: 'extractive-span' }));
    expect(parameterLevels({ configs })).toEqual([
      { parameter: 'top_k', labels: ['1', '2', '3'], levels: [0, 1, 2, 0, 1, 2] },
    ]);
  });
});
