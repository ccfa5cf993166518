import { containsNormalized } from '../metrics/answer-containment.js';
import { normalizeAnswer } from '../metrics/normalize-answer.js';
import { isStopword, terms } from '../text/text-analysis.js';
import type { AnswerCandidate } from './answer-candidates.js';
import { contentTermSet, jaccard } from './lexical-overlap.js';
import { type WindowUnit, wholePhrases } from './phrase-edges.js';
import { whPhrase } from './wh-phrase.js';

/** A question written from one sentence, or why none could be. */
export type SentenceQuestion =
  | { ok: true; question: string; overlap: number }
  | { ok: false; reason: 'too-few-terms' | 'answer-in-question' | 'cut-phrase' };

/** Fewest content terms (besides the question words) a question needs to say what it asks. */
export const MIN_QUESTION_TERMS = 2;
const COPULAS = new Set(['is', 'are', 'was', 'were']);
// Punctuation a question window does not cross: the next clause is another statement.
const CLAUSE_BREAK = /[;:()[\]]|[.!?](?:\s|$)|\s[-–—]\s|[–—]/;
/** The text between a window edge and a unit, code spans blanked (their punctuation is content). */
const between = (text: string): string => text.replace(/`[^`]*`/g, 'code');

/**
 * Turns a sentence and an answer span in it into a question by syntactic transformation: the
 * answer is replaced by question words (see whPhrase); when it ends a "X is <answer>" clause the
 * copula moves to the front ("The default port is 7420." → "What is the default port?"), else the
 * question words stay in place ("Tokens expire after how many minutes?"). Only a window of the
 * sentence around the answer is kept, grown one token at a time on alternate sides while the
 * question's content-term Jaccard overlap with the sentence stays ≤ `maxOverlap` and no clause
 * break is crossed, so a question never copies its sentence. Rejected when fewer than
 * {@link MIN_QUESTION_TERMS} content terms remain or the answer still occurs in the question.
 */
export function questionFromSentence(options: {
  sentence: string;
  answer: AnswerCandidate;
  maxOverlap: number;
}): SentenceQuestion {
  const { sentence, answer, maxOverlap } = options;
  const wh = whPhrase({ sentence, answer });
  const tokens = sentenceUnits(sentence);
  const left = tokens.filter((t) => t.end <= wh.start);
  const right = tokens.filter((t) => t.start >= wh.end);
  const sentenceTerms = contentTermSet(sentence);
  const whTerms = terms(wh.text);
  let from = wh.start;
  let to = wh.end;
  let l = left.length - 1;
  let r = 0;
  const windowTerms = (start: number, end: number): Set<string> =>
    new Set([...terms(sentence.slice(start, wh.start)), ...terms(sentence.slice(wh.end, end)), ...whTerms]);
  const fits = (start: number, end: number): boolean => jaccard(windowTerms(start, end), sentenceTerms) <= maxOverlap;
  let leftOpen = l >= 0;
  let rightOpen = r < right.length;
  while (leftOpen || rightOpen) {
    if (leftOpen) {
      const token = left[l];
      if (CLAUSE_BREAK.test(between(sentence.slice(token.start, from))) || !fits(token.start, to)) leftOpen = false;
      else {
        from = token.start;
        leftOpen = --l >= 0;
      }
    }
    if (rightOpen) {
      const token = right[r];
      if (CLAUSE_BREAK.test(between(sentence.slice(to, token.end)).replace(/[.!?]$/, '')) || !fits(from, token.end))
        rightOpen = false;
      else {
        to = token.end;
        rightOpen = ++r < right.length;
      }
    }
  }
  const kept = wholePhrases({
    sentence,
    units: tokens,
    window: tokens.filter((t) => t.start >= from && t.end <= to && (t.end <= wh.start || t.start >= wh.end)),
    wh,
  });
  if (!kept) return { ok: false, reason: 'cut-phrase' };
  const before = kept.filter((t) => t.end <= wh.start);
  const after = kept.filter((t) => t.start >= wh.end);
  const leftText = before.length ? sentence.slice(before[0].start, before[before.length - 1].end) : '';
  const rightText = after.length ? sentence.slice(after[0].start, after[after.length - 1].end) : '';
  const question = compose({
    leftText,
    rightText,
    wh: wh.text,
    lastLeft: before[before.length - 1]?.token,
    firstIsSentenceStart: before[0]?.start === tokens[0]?.start,
  });
  const questionTerms = contentTermSet(question);
  const own = [...questionTerms].filter((t) => !whTerms.includes(t));
  if (own.length < MIN_QUESTION_TERMS) return { ok: false, reason: 'too-few-terms' };
  if (containsAnswer({ question, answer: sentence.slice(answer.start, answer.end) }))
    return { ok: false, reason: 'answer-in-question' };
  return { ok: true, question, overlap: jaccard(questionTerms, sentenceTerms) };
}

/**
 * The units a question window grows by: an inline code span (backticks included) or a run of
 * non-space characters, so a window never cuts a code span or a word in two. `token` is the
 * lower-cased unit without surrounding punctuation, for stopword tests.
 */
function sentenceUnits(sentence: string): WindowUnit[] {
  return [...sentence.matchAll(/`[^`\n]*`[^\s`]*|[^\s`]+/g)].map((m) => {
    const start = m.index ?? 0;
    return {
      token: m[0].toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''),
      start,
      end: start + m[0].length,
    };
  });
}

/** True when the normalised answer occurs in the normalised question as whole words. */
export function containsAnswer(options: { question: string; answer: string }): boolean {
  return containsNormalized({ haystack: normalizeAnswer(options.question), needle: normalizeAnswer(options.answer) });
}

function compose(options: {
  leftText: string;
  rightText: string;
  wh: string;
  lastLeft?: string;
  firstIsSentenceStart: boolean;
}): string {
  const { wh, lastLeft } = options;
  // Emphasis markers carry no words ("**Single sign-on with …").
  const rightText = options.rightText.replace(/\*\*|__/g, '').replace(/[.,;:!?]+$/, '');
  // Lower-case the sentence's first word unless it looks like a name ("Larkspur", "API").
  let leftText = options.leftText.replace(/\*\*|__/g, '').replace(/[,;:]+$/, '');
  if (
    options.firstIsSentenceStart &&
    /^\p{Lu}\p{Ll}/u.test(leftText) &&
    isStopword(leftText.split(/\s/)[0].toLowerCase())
  )
    leftText = leftText[0].toLowerCase() + leftText.slice(1);
  const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  if (rightText === '' && lastLeft && COPULAS.has(lastLeft) && leftText.includes(' ')) {
    const subject = leftText.slice(0, leftText.lastIndexOf(' ')).trim();
    return `${capital(wh)} ${lastLeft} ${subject}?`;
  }
  return `${capital([leftText, wh, rightText].filter((s) => s !== '').join(' '))}?`;
}
