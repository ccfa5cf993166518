import type { Span } from './answer-patterns.js';
import type { MarkedToken } from './marked-token.js';
import { isStopword } from '../../text/text-analysis.js';

/** Longest answer phrase, in words: longer runs are usually a clause, not a name. */
export const MAX_PHRASE_WORDS = 8;
/**
 * Farthest a phrase may be from a question term, in "distance": a stopword between them costs
 * 0.5 ("maintained by the <X>" is 1 away), any other word 1 ("exports are written as <X>" is 2).
 */
const MAX_ANCHOR_DISTANCE = 4;
const ARTICLES = new Set(['a', 'an', 'the']);
// Punctuation between two tokens ends a phrase; dots, slashes, hyphens and apostrophes inside
// names ("config.yaml", "us-east-1", "O'Brien") do not.
const BREAK = /[,;:!?()[\]{}|"“”<>`=]|\.\s|\s[-–—]\s|[–—]/;
// Words that introduce a value: a phrase right after them is more likely the answer.
const INTRODUCERS = new Set([
  'is',
  'are',
  'was',
  'were',
  'be',
  'by',
  'to',
  'in',
  'as',
  'at',
  'on',
  'from',
  'under',
  'via',
  'into',
  'called',
  'named',
  'using',
  'with',
]);

interface Run {
  first: number;
  last: number;
}

/**
 * The noun phrase a who/what/which question asks for: among maximal runs of tokens that are
 * neither question words nor stopwords (split at punctuation) and lie near a matched question
 * term in the same clause, pick the best by
 *   min(words, 8) + 1.5 [has a name-like word: capitalised past the sentence start, or with digits]
 *   + 1 [introduced by is/by/to/in/as/..., articles skipped] - 0.5 * distance to the anchor
 *   + 0.5 [the anchor precedes it].
 * Returns at most one span (offsets into `text`), trimmed to {@link MAX_PHRASE_WORDS} words.
 */
export function nounPhraseSpans(tokens: readonly MarkedToken[], text: string): Span[] {
  const breakBefore = tokens.map((t, i) => i > 0 && BREAK.test(text.slice(tokens[i - 1].end, t.start)));
  const isContent = (t: MarkedToken): boolean => !t.isQuestionWord && !isStopword(t.token);
  const isAnchor = (t: MarkedToken): boolean => t.isQuestionWord && !isStopword(t.token);

  let best: { span: Span; score: number } | undefined;
  for (const run of contentRuns(tokens, breakBefore, isContent)) {
    const left = anchorDistance(tokens, breakBefore, run.first, -1, isAnchor);
    const right = anchorDistance(tokens, breakBefore, run.last, 1, isAnchor);
    if (left === undefined && right === undefined) continue;
    const length = run.last - run.first + 1;
    const words = tokens.slice(run.first, run.last + 1);
    const nameLike = words.some(
      (t, k) => (run.first + k > 0 && /^\p{Lu}/u.test(text.slice(t.start, t.end))) || /\d/.test(t.token),
    );
    const score =
      Math.min(length, MAX_PHRASE_WORDS) +
      (nameLike ? 1.5 : 0) +
      (introduced(tokens, breakBefore, run.first) ? 1 : 0) -
      0.5 * Math.min(left ?? Infinity, right ?? Infinity) +
      (left !== undefined ? 0.5 : 0);
    if (best === undefined || score > best.score) {
      // Keep the words nearest the anchor when the run is too long.
      const first = length > MAX_PHRASE_WORDS && left === undefined ? run.last - MAX_PHRASE_WORDS + 1 : run.first;
      const last = Math.min(run.last, first + MAX_PHRASE_WORDS - 1);
      best = { span: { start: tokens[first].start, end: tokens[last].end }, score };
    }
  }
  return best ? [best.span] : [];
}

function contentRuns(
  tokens: readonly MarkedToken[],
  breakBefore: readonly boolean[],
  isContent: (t: MarkedToken) => boolean,
): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isContent(tokens[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < tokens.length && isContent(tokens[j + 1]) && !breakBefore[j + 1]) j++;
    runs.push({ first: i, last: j });
    i = j + 1;
  }
  return runs;
}

/** The word before the run (skipping articles, within the clause) introduces a value. */
function introduced(tokens: readonly MarkedToken[], breakBefore: readonly boolean[], first: number): boolean {
  for (let k = first - 1; k >= 0 && !breakBefore[k + 1]; k--) {
    if (!ARTICLES.has(tokens[k].token)) return INTRODUCERS.has(tokens[k].token);
  }
  return false;
}

/**
 * Walks from a run's edge in `direction` (not across punctuation) to the nearest question-term
 * anchor and returns its distance (stopwords 0.5, other words 1), or undefined when none is
 * within {@link MAX_ANCHOR_DISTANCE}.
 */
function anchorDistance(
  tokens: readonly MarkedToken[],
  breakBefore: readonly boolean[],
  edge: number,
  direction: -1 | 1,
  isAnchor: (t: MarkedToken) => boolean,
): number | undefined {
  let distance = 0;
  for (let k = edge + direction; k >= 0 && k < tokens.length; k += direction) {
    // The boundary between k and its neighbour towards the run must not be punctuation.
    if (breakBefore[direction < 0 ? k + 1 : k]) return undefined;
    if (isAnchor(tokens[k])) return distance;
    distance += isStopword(tokens[k].token) ? 0.5 : 1;
    if (distance > MAX_ANCHOR_DISTANCE) return undefined;
  }
  return undefined;
}
