import { describe, expect, it } from 'vitest';
import { ANSWER_TYPES, answerCandidates } from '../../src/qa-generation/answer-candidates.js';
import { contentOverlap, MAX_SOURCE_OVERLAP } from '../../src/qa-generation/lexical-overlap.js';
import { isPhraseEnd, isPhraseStart } from '../../src/qa-generation/phrase-edges.js';
import { containsAnswer, questionFromSentence } from '../../src/qa-generation/question-from-sentence.js';
import { emptyCandidateCounts, sentenceCandidates } from '../../src/qa-generation/sentence-candidates.js';

const ask = (sentence: string, answer: string, maxOverlap = MAX_SOURCE_OVERLAP) => {
  const start = sentence.indexOf(answer);
  const candidate = answerCandidates(sentence).find((c) => c.start === start && c.end === start + answer.length);
  if (!candidate)
    throw new Error(
      `no candidate "${answer}" in ${JSON.stringify(answerCandidates(sentence).map((c) => sentence.slice(c.start, c.end)))}`,
    );
  return questionFromSentence({ sentence, answer: candidate, maxOverlap });
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

  it('skips numbers glued to a version wildcard or a name, decades, and short acronyms', () => {
    const sentence = 'Packages for Larkspur 2.x speak HTTP/2 and the API uses JSON.';
    expect(answerCandidates(sentence).map((c) => sentence.slice(c.start, c.end))).toEqual(['Larkspur']);
    // "30s" is thirty seconds, not a decade.
    const decades = "The network grew in the 1970s and again in the '90s, reaching 200 stations every 30s.";
    expect(answerCandidates(decades).map((c) => [c.type, decades.slice(c.start, c.end)])).toEqual([
      ['numeric', '200'],
      ['numeric', '30s'],
    ]);
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

  it('keeps the question words in place otherwise, with the unit, and stops at the next clause', () => {
    expect(ask('Tokens expire after 30 minutes, and the broker checks them at every request.', '30 minutes')).toEqual({
      ok: true,
      question: 'Tokens expire after how many minutes?',
      overlap: 0.375,
    });
  });

  it('turns the noun naming a value into "which <noun>" after a preposition, never a verb', () => {
    expect(
      ask('After a restart the broker listens on port 7420 for client connections from the workers.', '7420'),
    ).toEqual({ ok: true, question: 'The broker listens on which port?', overlap: 0.375 });
    // "run" names no kind of value: "Operators which run?" would be nonsense.
    expect(
      ask(
        'To rotate birch credentials, operators run `birchctl rotate --force` from the bastion host.',
        'birchctl rotate --force',
      ),
    ).toEqual({ ok: true, question: 'Operators run what?', overlap: 2 / 9 });
  });

  it('shrinks a long sentence to whole phrases within the overlap bound', () => {
    const sentence =
      'Requests that fail with HTTP 429, HTTP 503 or a network error are retried up to 5 times with exponential backoff, honouring the header when present.';
    const written = ask(sentence, '5 times');
    if (!written.ok) throw new Error(written.reason);
    // Not "A network error are retried up to how many times with exponential backoff, honouring?":
    // the window may not start inside "HTTP 503 or a network error" nor end before an object.
    expect(written.question).toBe('How many times with exponential backoff?');
    expect(written.overlap).toBeLessThanOrEqual(MAX_SOURCE_OVERLAP);
    expect(contentOverlap({ a: written.question, b: sentence })).toBe(written.overlap);
  });

  it('rejects a question when no window within the bound ends on a whole phrase', () => {
    // "Set what to require client?" would cut "client certificates"; the whole of it is too close a copy.
    const sentence = 'Set `client_ca_file` to require client certificates signed by that CA.';
    expect(ask(sentence, 'client_ca_file')).toEqual({ ok: false, reason: 'too-few-terms' });
    expect(ask(sentence, 'client_ca_file', 0.8)).toEqual({
      ok: true,
      question: 'Set what to require client certificates signed?',
      overlap: 5 / 7,
    });
  });

  it('rejects a question that would still contain its answer', () => {
    expect(ask('Sizes from 512 MiB up to 512 MiB per node are accepted by the cache.', '512 MiB')).toEqual({
      ok: false,
      reason: 'answer-in-question',
    });
  });

  it('rejects a sentence too short to leave enough terms', () => {
    expect(ask('It runs Debian.', 'Debian')).toEqual({ ok: false, reason: 'too-few-terms' });
  });

  it('tests containment on whole normalised words', () => {
    expect(containsAnswer({ question: 'Which port is 74200?', answer: '7420' })).toBe(false);
    expect(containsAnswer({ question: 'Is the port 7420?', answer: '7420' })).toBe(true);
  });
});

describe('phrase edges of a question window', () => {
  const sentence = 'Set `client_ca_file` to require client certificates signed by that CA, as the guide says.';
  const endOf = (word: string) => sentence.indexOf(word) + word.length;
  it('ends a window at clause punctuation, the sentence end, or before a preposition or conjunction', () => {
    expect(isPhraseEnd(sentence, endOf('client_ca_file'))).toBe(true); // before "to" (closing backtick skipped)
    expect(isPhraseEnd(sentence, endOf('signed'))).toBe(true); // before "by"
    expect(isPhraseEnd(sentence, endOf('CA,'))).toBe(true);
    expect(isPhraseEnd(sentence, endOf('says.'))).toBe(true);
    expect(isPhraseEnd(sentence, endOf('client '))).toBe(false); // inside "client certificates"
    expect(isPhraseEnd(sentence, endOf('require'))).toBe(false); // before its object
  });

  it('starts a window at the sentence start, after clause punctuation, or at a determiner opening a phrase', () => {
    const text = 'After a restart, the default port of the broker changes, so the broker logs it.';
    const at = (phrase: string) => text.indexOf(phrase);
    expect(isPhraseStart(text, 0, 'after')).toBe(true);
    expect(isPhraseStart(text, at('the default'), 'the')).toBe(true); // after a comma
    expect(isPhraseStart(text, at('the broker changes'), 'the')).toBe(false); // "port of the broker"
    expect(isPhraseStart(text, at('default'), 'default')).toBe(false);
    expect(
      isPhraseStart('Retries of HTTP 503 or a network error back off.', 'Retries of HTTP 503 or '.length, 'a'),
    ).toBe(false);
  });
});

describe('candidates from a sentence', () => {
  it('asks nothing about a code value listed beside others, and counts it', () => {
    const counts = emptyCandidateCounts();
    const text =
      'A job moves through `pending`, `leased` and `succeeded`, and operators inspect it with `lark job show` from the bastion host.';
    const written = sentenceCandidates({
      doc: { id: 'jobs', text },
      docIndex: 0,
      types: ANSWER_TYPES,
      maxOverlap: MAX_SOURCE_OVERLAP,
      counts,
    });
    expect(written.map((c) => c.answer)).toEqual(['lark job show']);
    expect(counts).toMatchObject({ answers: 4, listMember: 3 });
  });
});
