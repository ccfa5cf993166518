import { describe, expect, it } from 'vitest';
import type { QaItem } from '../../src/data/dataset-schema.js';
import type { Chunk } from '../../src/chunking/chunk.js';
import { QUESTION_SCORE_KEYS, QuestionScoresSchema, scoreQuestion } from '../../src/metrics/score-question.js';

const chunks: Chunk[] = [
  { index: 0, docId: 'b', start: 0, end: 40, text: 'Unrelated text about bridges.' },
  { index: 1, docId: 'a', start: 0, end: 60, text: 'The Eiffel Tower was finished in 1889 in Paris.' },
  { index: 2, docId: 'a', start: 60, end: 120, text: 'It is 330 metres tall.' },
];
const item: QaItem = {
  id: 'q1',
  question: 'When was the Eiffel Tower finished?',
  answers: ['1889'],
  gold_doc_ids: ['a'],
};

describe('scoreQuestion', () => {
  it('scores answer, retrieval and faithfulness together', () => {
    const scores = scoreQuestion({ item, retrieved: chunks, k: 2, answer: 'In 1889.', context: chunks[1].text });
    expect(QuestionScoresSchema.parse(scores)).toEqual(scores);
    expect(scores.exact_match).toBe(0);
    expect(scores.f1).toBeCloseTo(2 / 3, 10); // [in, 1889] vs [1889]
    expect(scores.containment).toBe(1);
    expect(scores.rouge_l).toBeCloseTo(2 / 3, 10);
    expect(scores.recall_at_k).toBe(1);
    expect(scores.precision_at_k).toBe(0.5);
    expect(scores.mrr).toBe(0.5);
    expect(scores.ndcg_at_k).toBeCloseTo(1 / Math.log2(3), 10); // one gold unit, hit at rank 2
    expect(scores.hit_rate).toBe(1);
    expect(scores.faithfulness).toBe(1);
  });
  it('judges only the top k', () => {
    const scores = scoreQuestion({ item, retrieved: chunks, k: 1, answer: null, context: '' });
    expect(scores.recall_at_k).toBe(0);
    expect(scores.hit_rate).toBe(0);
  });
  it('leaves answer metrics null without an answer or without references', () => {
    const noAnswer = scoreQuestion({ item, retrieved: chunks, k: 3, answer: null, context: '' });
    expect([noAnswer.exact_match, noAnswer.f1, noAnswer.containment, noAnswer.rouge_l, noAnswer.faithfulness]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    const beir: QaItem = { id: 'q2', question: 'q', answers: [], gold_doc_ids: ['a'] };
    const retrievalOnly = scoreQuestion({ item: beir, retrieved: chunks, k: 3, answer: 'x', context: 'x' });
    expect(retrievalOnly.f1).toBeNull();
    expect(retrievalOnly.recall_at_k).toBe(1);
  });
  it('leaves retrieval metrics null without gold and without answers', () => {
    const bare: QaItem = { id: 'q3', question: 'q', answers: [] };
    const scores = scoreQuestion({ item: bare, retrieved: chunks, k: 3, answer: 'x', context: '' });
    expect([scores.recall_at_k, scores.precision_at_k, scores.mrr, scores.ndcg_at_k, scores.hit_rate]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect([
      scores.recall_at_context,
      scores.precision_at_context,
      scores.mrr_at_context,
      scores.ndcg_at_context,
      scores.hit_at_context,
    ]).toEqual([null, null, null, null, null]);
  });
  it('scores a failed question 0 on every metric that applies, whatever came back before the failure', () => {
    const failed = scoreQuestion({
      item,
      retrieved: chunks,
      k: 3,
      answer: null,
      context: chunks[1].text,
      failed: true,
    });
    expect(Object.values(failed)).toEqual(QUESTION_SCORE_KEYS.map(() => 0));
    // Without references the answer metrics do not apply; without gold or answers neither does retrieval.
    const beir: QaItem = { id: 'q2', question: 'q', answers: [], gold_doc_ids: ['a'] };
    const noRefs = scoreQuestion({ item: beir, retrieved: chunks, k: 3, answer: null, context: '', failed: true });
    expect([noRefs.exact_match, noRefs.f1, noRefs.containment, noRefs.rouge_l]).toEqual([null, null, null, null]);
    expect([
      noRefs.recall_at_k,
      noRefs.precision_at_k,
      noRefs.mrr,
      noRefs.ndcg_at_k,
      noRefs.hit_rate,
      noRefs.faithfulness,
    ]).toEqual([0, 0, 0, 0, 0, 0]);
    const bare = scoreQuestion({
      item: { id: 'q3', question: 'q', answers: [] },
      retrieved: chunks,
      k: 3,
      answer: null,
      context: '',
      failed: true,
    });
    expect([bare.recall_at_k, bare.f1, bare.faithfulness]).toEqual([null, null, 0]);
  });
  it('exposes the metric keys in order', () => {
    expect(QUESTION_SCORE_KEYS[0]).toBe('exact_match');
    expect(QUESTION_SCORE_KEYS).toEqual([
      'exact_match',
      'f1',
      'containment',
      'rouge_l',
      'content_f1',
      'content_rouge_l',
      'recall_at_k',
      'precision_at_k',
      'mrr',
      'ndcg_at_k',
      'hit_rate',
      'recall_at_context',
      'precision_at_context',
      'mrr_at_context',
      'ndcg_at_context',
      'hit_at_context',
      'faithfulness',
    ]);
  });
  it('judges retrieval at context on the chunks the generator saw: top_k 5, context 2', () => {
    // Two gold documents (multi-hop); the top 5 covers both, the packed context only the first.
    const hop: QaItem = { id: 'q4', question: 'q', answers: ['Paris'], gold_doc_ids: ['a', 'c'] };
    const ranked: Chunk[] = [
      chunks[0],
      chunks[1],
      { index: 3, docId: 'd', start: 0, end: 10, text: 'Nothing.' },
      { index: 4, docId: 'c', start: 0, end: 10, text: 'Second hop.' },
      { index: 5, docId: 'e', start: 0, end: 10, text: 'Filler.' },
    ];
    const scores = scoreQuestion({
      item: hop,
      retrieved: ranked,
      seen: ranked.slice(0, 2),
      k: 5,
      answer: 'Paris',
      context: '',
    });
    expect(scores.recall_at_k).toBe(1);
    expect(scores.precision_at_k).toBe(0.4);
    expect(scores.recall_at_context).toBe(0.5);
    expect(scores.precision_at_context).toBe(0.5);
    expect(scores.hit_at_context).toBe(1);
    expect(scores.mrr_at_context).toBe(0.5);
    // Ideal for 2 slots and 2 gold units: both relevant; got one at rank 2.
    expect(scores.ndcg_at_context).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 10);
  });
  it('uses the top k as the context when no context is given (retrieval-only scoring)', () => {
    const scores = scoreQuestion({ item, retrieved: chunks, k: 2, answer: null, context: '' });
    expect([scores.recall_at_context, scores.mrr_at_context, scores.precision_at_context]).toEqual([1, 0.5, 0.5]);
  });
  it('scores an empty context 0 at context when the question has gold (a failed question)', () => {
    const scores = scoreQuestion({ item, retrieved: [], seen: [], k: 4, answer: null, context: '' });
    expect([
      scores.recall_at_context,
      scores.precision_at_context,
      scores.mrr_at_context,
      scores.ndcg_at_context,
      scores.hit_at_context,
    ]).toEqual([0, 0, 0, 0, 0]);
  });
});
