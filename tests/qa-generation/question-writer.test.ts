import { describe, expect, it } from 'vitest';
import { answerCandidates } from '../../src/qa-generation/answer-candidates.js';
import { contentOverlap, MAX_SOURCE_OVERLAP } from '../../src/qa-generation/lexical-overlap.js';
import { containsAnswer, questionFromSentence } from '../../src/qa-generation/question-from-sentence.js';

const ask = (sentence: string, answer: string) => {
  const start = sentence.indexOf(answer);
  const candidate = answerCandidates(sentence).find((c) => c.start === start && c.end === start + answer.length);
  if (!candidate)
    throw new Error(
      `no candidate "${answer}" in ${JSON.stringify(answerCandidates(sentence).map((c) => sentence.slice(c.start, c.end)))}`,
    );
  return questionFromSentence({ sentence, answer: candidate, maxOverlap: MAX_SOURCE_OVERLAP });
};

describe('typed answer candidates', () => {
  it('finds dates, versions, quantities, code values and names as exact spans with their types', () => {
    const sentence =
      'Since version 2.9, released on 3 March 2024, the `lark` CLI retries 5 times and Prometheus scrapes it.';
    expect(answerCandidates(sentence).map((c) => [c.type, sentence.slice(c.start, c.end)])).toEqual([
      ['temporal', '3 March 2024'],
      ['temporal', '2.9'],
      ['numeric', '5 times'],
      ['literal', 'lark'],
      ['entity', 'Prometheus'],
    ]);
  });

  it('skips numbers glued to a version wildcard or a name, and short acronyms', () => {
    const sentence = 'Packages for Larkspur 2.x speak HTTP/2 and the API uses JSON.';
    expect(answerCandidates(sentence).map((c) => sentence.slice(c.start, c.end))).toEqual(['Larkspur']);
  });
});

describe('question from a sentence', () => {
  it('moves the copula to the front when the answer ends a "X is <answer>" clause', () => {
    expect(ask('After installation, the broker port is 7420.', '7420')).toEqual({
      ok: true,
      question: 'What is the broker port?',
      overlap: 0.5,
    });
  });

  it('drops words farthest from the answer until the overlap is within the bound', () => {
    // All four other terms would give 4/5 = 0.8; two of them give 2/5 = 0.4.
    expect(ask('The default client port of the broker is 7420.', '7420')).toEqual({
      ok: true,
      question: 'What is port of the broker?',
      overlap: 0.4,
    });
  });

  it('keeps the question words in place otherwise, with the unit', () => {
    const written = ask('Revocation takes effect on every node within 2 seconds.', '2 seconds');
    expect(written).toEqual({ ok: true, question: 'Every node within how many seconds?', overlap: 0.5 });
  });

  it('keeps the content-term overlap with a long sentence at or under the bound', () => {
    const sentence =
      'Requests that fail with HTTP 429, HTTP 503 or a network error are retried up to 5 times with exponential backoff, honouring the header when present.';
    const written = ask(sentence, '5 times');
    if (!written.ok) throw new Error(written.reason);
    expect(written.question).toBe(
      'A network error are retried up to how many times with exponential backoff, honouring?',
    );
    expect(written.overlap).toBeLessThanOrEqual(MAX_SOURCE_OVERLAP);
    expect(contentOverlap({ a: written.question, b: sentence })).toBe(written.overlap);
  });

  it('rejects a question that would still contain its answer', () => {
    expect(
      ask('Both the cache size and the queue size default to 512 MiB, and 512 MiB is also the maximum.', '512 MiB'),
    ).toEqual({ ok: false, reason: 'answer-in-question' });
  });

  it('rejects a sentence too short to leave enough terms', () => {
    expect(ask('It runs Debian.', 'Debian')).toEqual({ ok: false, reason: 'too-few-terms' });
  });

  it('tests containment on whole normalised words', () => {
    expect(containsAnswer({ question: 'Which port is 74200?', answer: '7420' })).toBe(false);
    expect(containsAnswer({ question: 'Is the port 7420?', answer: '7420' })).toBe(true);
  });
});
