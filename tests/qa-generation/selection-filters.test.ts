import { describe, expect, it } from 'vitest';
import type { CandidateQuestion } from '../../src/qa-generation/candidate-question.js';
import { selectWithCoverage } from '../../src/qa-generation/coverage-selection.js';
import { dropNearDuplicates } from '../../src/qa-generation/near-duplicates.js';

const candidate = (question: string, docId: string, answer: string): CandidateQuestion => ({
  question,
  answer,
  type: 'numeric',
  docId,
  docIndex: 0,
  sentenceStart: 0,
  sentenceEnd: 10,
  answerStart: 0,
  answerEnd: answer.length,
  overlap: 0.3,
});

describe('near-duplicate removal', () => {
  it('keeps the first of questions with term overlap ≥ 0.7 and of one answer repeated in a document', () => {
    const kept = dropNearDuplicates([
      candidate('Requests to the billing service time out after how many seconds?', 'a', '30 seconds'),
      candidate('Requests to billing services time out after how many seconds?', 'b', '45 seconds'), // same terms after stemming
      candidate('The archive bucket keeps backups for how many days?', 'a', '30 seconds'), // same answer, same document
      candidate('The archive bucket keeps backups for how many days?', 'c', '30 seconds'), // same text as above, other document: kept
      candidate('Which port does the health endpoint answer on?', 'a', '7100'),
    ]);
    expect(kept.map((c) => [c.docId, c.answer])).toEqual([
      ['a', '30 seconds'],
      ['c', '30 seconds'],
      ['a', '7100'],
    ]);
  });
});

describe('coverage selection', () => {
  it('takes one question per document before a second from any, in the given order', () => {
    const pool = [
      candidate('q1', 'a', '1'),
      candidate('q2', 'a', '2'),
      candidate('q3', 'a', '3'),
      candidate('q4', 'b', '4'),
      candidate('q5', 'c', '5'),
      candidate('q6', 'c', '6'),
    ];
    expect(selectWithCoverage({ candidates: pool, n: 4 }).map((c) => c.question)).toEqual(['q1', 'q4', 'q5', 'q2']);
    expect(selectWithCoverage({ candidates: pool, n: 10 }).map((c) => c.question)).toEqual([
      'q1',
      'q4',
      'q5',
      'q2',
      'q6',
      'q3',
    ]);
  });
});
