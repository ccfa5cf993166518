import { describe, expect, it } from 'vitest';
import type { QaItem } from '../../src/data/dataset-schema.js';
import type { Chunk } from '../../src/chunking/chunk.js';
import { coveredUnits, goldUnits, isRelevantChunk, judgeRanking } from '../../src/metrics/chunk-relevance.js';
import { recallAtK } from '../../src/metrics/recall-at-k.js';

const DOC_A =
  'The Eiffel Tower is a wrought-iron lattice tower in Paris. ' +
  'It was designed by the company of Gustave Eiffel. ' +
  'Construction finished in 1889 for the World Fair. ' +
  'It is 330 metres tall and was the tallest structure in the world for 41 years.';

/** Fixed-size character chunking with overlap, a stand-in for any chunker. */
function chunkDoc(options: { docId: string; text: string; size: number; overlap: number }): Chunk[] {
  const chunks: Chunk[] = [];
  for (let start = 0; start < options.text.length; start += options.size - options.overlap) {
    const end = Math.min(options.text.length, start + options.size);
    chunks.push({ index: chunks.length, docId: options.docId, start, end, text: options.text.slice(start, end) });
    if (end === options.text.length) break;
  }
  return chunks;
}

const chunk = (docId: string, start: number, end: number, text = 'filler words only'): Chunk => ({
  index: 0,
  docId,
  start,
  end,
  text,
});

const spanStart = DOC_A.indexOf('1889');
const spanItem: QaItem = {
  id: 'q1',
  question: 'When was the Eiffel Tower finished?',
  answers: ['1889'],
  answer_spans: [{ doc_id: 'a', start: spanStart, end: spanStart + 4 }],
  gold_doc_ids: ['a'],
};

describe('goldUnits', () => {
  it('prefers spans, then gold docs, then a searchable answer', () => {
    expect(goldUnits(spanItem).map((u) => u.key)).toEqual([`span:a:${spanStart}-${spanStart + 4}`]);
    expect(
      goldUnits({ id: 'q', question: 'q', answers: ['x'], gold_doc_ids: ['a', 'b', 'a'] }).map((u) => u.key),
    ).toEqual(['doc:a', 'doc:b']);
    expect(goldUnits({ id: 'q', question: 'q', answers: ['Marie Curie'], answer_spans: [] }).map((u) => u.key)).toEqual(
      ['answer'],
    );
  });
  it('has no units without gold and without a searchable answer', () => {
    expect(goldUnits({ id: 'q', question: 'q', answers: [] })).toEqual([]);
    expect(goldUnits({ id: 'q', question: 'q', answers: ['Yes', 'no', 'x', 'true'] })).toEqual([]);
  });
});

describe('span relevance', () => {
  it('survives re-chunking: two chunkings both find the gold span', () => {
    for (const [size, overlap] of [
      [60, 0],
      [45, 15],
      [500, 0],
    ]) {
      const chunks = chunkDoc({ docId: 'a', text: DOC_A, size, overlap });
      const relevant = chunks.filter((c) => isRelevantChunk({ chunk: c, item: spanItem }));
      expect(relevant.length).toBeGreaterThan(0);
      expect(coveredUnits({ chunks, item: spanItem })).toHaveLength(1);
      // Retrieving only the relevant chunk gives full recall, whatever the chunking.
      expect(recallAtK({ ranking: judgeRanking({ retrieved: relevant.slice(0, 1), item: spanItem }), k: 1 })).toBe(1);
    }
  });
  it('uses half-open overlap on the same document', () => {
    const item: QaItem = { id: 'q', question: 'q', answers: [], answer_spans: [{ doc_id: 'a', start: 100, end: 110 }] };
    expect(isRelevantChunk({ chunk: chunk('a', 0, 100), item })).toBe(false);
    expect(isRelevantChunk({ chunk: chunk('a', 95, 105), item })).toBe(true);
    expect(isRelevantChunk({ chunk: chunk('a', 109, 200), item })).toBe(true);
    expect(isRelevantChunk({ chunk: chunk('a', 110, 200), item })).toBe(false);
    expect(isRelevantChunk({ chunk: chunk('b', 95, 105), item })).toBe(false);
  });
  it('covers each hop of a multi-hop question separately', () => {
    const item: QaItem = {
      id: 'q',
      question: 'q',
      answers: [],
      answer_spans: [
        { doc_id: 'a', start: 10, end: 20 },
        { doc_id: 'b', start: 50, end: 60 },
      ],
    };
    const onlyA = [chunk('a', 0, 30), chunk('c', 0, 30)];
    expect(coveredUnits({ chunks: onlyA, item }).map((u) => u.key)).toEqual(['span:a:10-20']);
    expect(recallAtK({ ranking: judgeRanking({ retrieved: onlyA, item }), k: 2 })).toBe(0.5);
    expect(recallAtK({ ranking: judgeRanking({ retrieved: [...onlyA, chunk('b', 40, 70)], item }), k: 3 })).toBe(1);
  });
});

describe('answer relevance', () => {
  it('falls back to answer containment when there is no gold', () => {
    const item: QaItem = { id: 'q', question: 'Who discovered radium?', answers: ['Marie Curie'] };
    const hit = chunk('x', 0, 50, 'Radium was discovered by Marie Curie and Pierre.');
    const miss = chunk('y', 0, 50, 'Radium is a chemical element.');
    expect(isRelevantChunk({ chunk: hit, item })).toBe(true);
    expect(isRelevantChunk({ chunk: miss, item })).toBe(false);
    expect(recallAtK({ ranking: judgeRanking({ retrieved: [miss, hit], item }), k: 2 })).toBe(1);
  });
  it('ignores containment when the question has gold documents or spans', () => {
    const quoting = chunk('b', 0, 40, 'Gustave Eiffel also built a bridge.');
    const withSpans: QaItem = { ...spanItem, answers: ['Gustave Eiffel'] };
    const withDocs: QaItem = { id: 'q', question: 'Who?', answers: ['Gustave Eiffel'], gold_doc_ids: ['a'] };
    const noGold: QaItem = { id: 'q', question: 'Who?', answers: ['Gustave Eiffel'] };
    expect(isRelevantChunk({ chunk: quoting, item: withSpans })).toBe(false);
    expect(isRelevantChunk({ chunk: quoting, item: withDocs })).toBe(false);
    expect(isRelevantChunk({ chunk: quoting, item: noGold })).toBe(true);
    const ranking = judgeRanking({ retrieved: [quoting, chunk('a', 0, 10, 'anything')], item: withDocs });
    expect(ranking.relevant).toEqual([false, true]);
  });
  it('does not let "-3.7" match "37": numbers keep their sign and decimal point, and bare numbers are not searched', () => {
    const item: QaItem = { id: 'q', question: 'What was the change?', answers: ['-3.7'] };
    expect(goldUnits(item)).toEqual([]);
    const unrelated = chunk('p', 0, 30, 'Page 37 lists the tables.');
    expect(isRelevantChunk({ chunk: unrelated, item })).toBe(false);
    // With words around it the answer is searchable, but still only as whole tokens.
    const worded: QaItem = { id: 'q', question: 'What was the change?', answers: ['-3.7 percent'] };
    expect(goldUnits(worded)).toEqual([{ kind: 'answer', key: 'answer', normalizedAnswers: ['-3.7 percent'] }]);
    expect(isRelevantChunk({ chunk: chunk('p', 0, 30, 'It fell 37 percent.'), item: worded })).toBe(false);
    expect(isRelevantChunk({ chunk: chunk('p', 0, 30, 'It fell 3.7 percent.'), item: worded })).toBe(false);
    expect(isRelevantChunk({ chunk: chunk('p', 0, 30, 'GDP: \u22123.7 percent.'), item: worded })).toBe(true);
  });
  it('ignores answers under 4 characters, bare numbers and yes/no/true/false for containment', () => {
    for (const answers of [['yes'], ['No'], ['True'], ['false'], ['B'], ['MIT'], ['1889'], ['2,200'], ['the  UK']]) {
      expect(goldUnits({ id: 'q', question: 'q', answers })).toEqual([]);
    }
    expect(goldUnits({ id: 'q', question: 'q', answers: ['1889 World Fair', 'Paris'] })[0]).toMatchObject({
      normalizedAnswers: ['1889 world fair', 'paris'],
    });
  });
});
