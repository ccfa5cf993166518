import { describe, expect, it } from 'vitest';
import type { Dataset, QaItem } from '../../../src/data/dataset-schema.js';
import { ContextPlacer } from '../../../src/pipeline/user/place-contexts.js';
import { readPipelineOutput } from '../../../src/pipeline/user/user-pipeline-output.js';

const dataset: Dataset = {
  name: 'two',
  source: 'memory',
  format: 'native',
  fingerprint: 'two-v1',
  hasAnswers: true,
  hasGold: true,
  docs: [
    { id: 'a', text: 'Alpha doc. The port is 8080 by default. More alpha text.' },
    { id: 'b', text: 'Beta doc. The port is 8080 by default. Beta differs.' },
  ],
  questions: [],
};
// Gold: the span "The port is 8080 by default." of document b (offsets 10..38).
const item: QaItem = {
  id: 'q',
  question: 'Which port?',
  answers: ['8080'],
  gold_doc_ids: ['b'],
  answer_spans: [{ doc_id: 'b', start: 10, end: 38 }],
};
const placer = new ContextPlacer(dataset);
const place = (contexts: { text: string; docIds: string[] }[]) =>
  placer.place({ item, contexts, firstIndex: 5 }).map(({ index, docId, start, end }) => [index, docId, start, end]);

describe('placing a user pipeline’s contexts in the corpus', () => {
  it('a named document wins; its text gives the offsets, else it covers the document only', () => {
    expect(place([{ text: 'The port is 8080 by default.', docIds: ['a'] }])).toEqual([[5, 'a', 11, 39]]);
    expect(place([{ text: 'rewritten by an LLM', docIds: ['b'] }])).toEqual([[5, 'b', 0, 0]]);
  });

  it('without an id: verbatim text is found in the gold documents first, then the rest', () => {
    expect(place([{ text: 'The port is 8080 by default.', docIds: [] }])).toEqual([[5, 'b', 10, 38]]);
    expect(place([{ text: 'More alpha text.', docIds: ['vector-store-uuid'] }])).toEqual([[5, 'a', 40, 56]]);
  });

  it('text not in the corpus is placed on a gold span it contains, else left unplaced', () => {
    expect(
      place([
        { text: 'Summary: the port is 8080 by default!', docIds: [] },
        { text: 'nothing like it', docIds: [] },
      ]),
    ).toEqual([
      [5, 'b', 10, 38],
      [6, '', 0, 0],
    ]);
  });
});

describe('reading what a user pipeline returned', () => {
  it('keeps every id of a context, most explicit first, and a message answer’s content', () => {
    const { output, usage } = readPipelineOutput({
      pipeline: 'p',
      value: {
        answer: { content: 'yes' },
        contexts: [
          'plain',
          { text: 't', doc_id: 'd1', id: 'x', metadata: { doc_id: 'd2' } },
          { pageContent: 'page', metadata: { id: 'm' }, id: 'store-id' },
        ],
        usage: { promptTokens: 3 },
      },
    });
    expect(output).toEqual({
      answer: 'yes',
      contexts: [
        { text: 'plain', docIds: [] },
        { text: 't', docIds: ['d1', 'd2', 'x'] },
        { text: 'page', docIds: ['store-id', 'm'] },
      ],
    });
    expect(usage).toEqual({ promptTokens: 3, completionTokens: 0, costUsd: null });
    expect(() => readPipelineOutput({ pipeline: 'p', value: 'just text' })).toThrow(
      'pipeline "p" returned an invalid result: expected an object { answer, contexts }',
    );
  });
});
