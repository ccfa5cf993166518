import { isStopword, tokenizeWithOffsets } from '../text/text-analysis.js';
import type { AnswerCandidate } from './answer-candidates.js';
import { DETERMINERS, PREPOSITIONS } from './phrase-edges.js';

/** A question word phrase for an answer, and the neighbouring token it absorbed (if any). */
export interface WhPhrase {
  text: string;
  /** Sentence offsets the phrase stands for: the answer, widened by an absorbed noun ("port 7420" → "which port"). */
  start: number;
  end: number;
}

type Token = { token: string; start: number; end: number };

// A content word directly before a value names its kind ("port 7420", "flag `--force`").
const VERB_LIKE = /(?:ed|ing|s)$/;

/**
 * Picks the question words that replace an answer, by its type: a number with a unit becomes
 * "how many <unit>", a percentage "what percentage", a version "which version", a date "what
 * date", a year "which year"; otherwise a noun right before the answer is absorbed into "which
 * <noun>" and failing that "what". The phrases are the ones the extractive answerer's question
 * analysis maps back to the same answer type, so an answerable question stays answerable.
 */
export function whPhrase(options: { sentence: string; answer: AnswerCandidate }): WhPhrase {
  const { sentence, answer } = options;
  const value = sentence.slice(answer.start, answer.end);
  const tokens = tokenizeWithOffsets(sentence);
  const before = [...tokens].reverse().find((t) => t.end <= answer.start);
  // "the metric `x`", "on port 7420": a word between a determiner or preposition and the value
  // names its kind; without one it is usually a verb ("operators run `x`", "set `x`").
  const beforeNoun = before ? [...tokens].reverse().find((t) => t.end <= before.start) : undefined;
  const nounBefore =
    before &&
    /^\s*$/.test(sentence.slice(before.end, answer.start).replace(/[`"“]/g, '')) &&
    isNoun(before) &&
    beforeNoun !== undefined &&
    /^\s*$/.test(sentence.slice(beforeNoun.end, before.start)) &&
    (DETERMINERS.has(beforeNoun.token) || PREPOSITIONS.has(beforeNoun.token))
      ? before
      : undefined;
  // The determiner goes with the noun: "the metric `x` shows" asks "which metric shows".
  const whStart = nounBefore && beforeNoun && DETERMINERS.has(beforeNoun.token) ? beforeNoun.start : nounBefore?.start;
  const which = (fallback: string): WhPhrase =>
    nounBefore
      ? { text: `which ${sentence.slice(nounBefore.start, nounBefore.end)}`, start: whStart!, end: answer.end }
      : { text: fallback, start: answer.start, end: answer.end };
  const plain = (text: string): WhPhrase => ({ text, start: answer.start, end: answer.end });
  switch (answer.type) {
    case 'numeric': {
      if (/%|percent/i.test(value)) return plain('what percentage');
      const unit = /^[$€£]?\s?[\d.,]+(?:\s?[a-z]+)?\s+(.+)$|^[$€£]?\s?[\d.,]+\s?([a-z].*)$/i.exec(value);
      const unitText = unit?.[1] ?? unit?.[2];
      if (/^[$€£]/.test(value)) return plain('how much');
      if (unitText) return plain(`how many ${unitText}`);
      // "The default port is 7420" asks "what is the default port", not "how many".
      return before && /^(?:is|are|was|were)$/.test(before.token) ? plain('what') : which('how many');
    }
    case 'temporal':
      if (/^\d{4}$/.test(value)) return plain('which year');
      if (
        before &&
        /^(?:version|release)$/.test(before.token) &&
        /^\s*$/.test(sentence.slice(before.end, answer.start))
      )
        return { text: 'which version', start: before.start, end: answer.end };
      if (/^v?\d+(?:\.\d+)+|^v\d/i.test(value)) return plain('which version');
      return plain('what date');
    default:
      return which('what');
  }
}

function isNoun(token: Token): boolean {
  return !isStopword(token.token) && !/^\p{N}/u.test(token.token) && !VERB_LIKE.test(token.token);
}
