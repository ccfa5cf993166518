import { describe, expect, it } from 'vitest';
import type { QaItem } from '../../src/data/dataset-schema.js';
import { contextRetrievalScores } from '../../src/metrics/context-retrieval.js';
import type { Chunk } from '../../src/chunking/chunk.js';
import { packContext } from '../../src/pipeline/context-packing.js';
import { contextViews } from '../../src/pipeline/context-views.js';

const DOC = 'Alpha beta gamma delta. The answer sits here at the end: Gustave Eiffel.';
const chunks: Chunk[] = [
  { index: 0, docId: 'a', start: 0, end: DOC.length, text: DOC },
  { index: 1, docId: 'b', start: 0, end: 11, text: 'Second one.' },
  { index: 2, docId: 'c', start: 0, end: 10, text: 'Third one.' },
];

function packedViews(options: { ranked: number[]; tokenCounts: number[]; maxTokens: number }): Chunk[] {
  const packed = packContext({ ...options, chunks });
  return contextViews({ chunks, contextChunks: packed.indices, context: packed.texts.join('\n\n') });
}

describe('contextViews', () => {
  it('returns the whole chunks that fit, in rank order', () => {
    const views = packedViews({ ranked: [1, 2, 0], tokenCounts: [40, 3, 3], maxTokens: 10 });
    expect(views).toEqual([chunks[1], chunks[2]]);
  });
  it('turns a chunk cut to the budget into the prefix the generator saw', () => {
    // 40 tokens into a budget of 10: a quarter of the characters is kept.
    const views = packedViews({ ranked: [0, 1], tokenCounts: [40, 3], maxTokens: 10 });
    const keep = Math.floor(DOC.length / 4);
    expect(views).toEqual([{ ...chunks[0], end: keep, text: DOC.slice(0, keep) }]);
  });
  it('does not count a gold span or an answer beyond the cut', () => {
    const spanStart = DOC.indexOf('Gustave');
    const spanItem: QaItem = {
      id: 'q',
      question: 'Who?',
      answers: [],
      answer_spans: [{ doc_id: 'a', start: spanStart, end: DOC.length - 1 }],
    };
    const noGold: QaItem = { id: 'q', question: 'Who?', answers: ['Gustave Eiffel'] };
    const cut = packedViews({ ranked: [0], tokenCounts: [40], maxTokens: 10 });
    const whole = packedViews({ ranked: [0], tokenCounts: [40], maxTokens: 40 });
    expect(contextRetrievalScores({ seen: cut, item: spanItem }).recall_at_context).toBe(0);
    expect(contextRetrievalScores({ seen: whole, item: spanItem }).recall_at_context).toBe(1);
    expect(contextRetrievalScores({ seen: cut, item: noGold }).hit_at_context).toBe(0);
    expect(contextRetrievalScores({ seen: whole, item: noGold }).hit_at_context).toBe(1);
  });
});
