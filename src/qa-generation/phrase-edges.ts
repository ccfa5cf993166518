import { isStopword } from '../text/text-analysis.js';

/**
 * Where a question window may begin and end so that what it keeps of its sentence reads as whole
 * phrases. Without a parser the rule is lexical: a window ends at the sentence's end, at clause
 * punctuation, or right before a word that opens a new phrase (a preposition, conjunction or
 * subordinator: what it cuts off is a whole phrase); it begins at the sentence's start, after
 * clause punctuation, or at a determiner that does not follow a preposition or conjunction (a
 * noun phrase starts there). "Set what to require client?" (cut inside "client certificates")
 * fails the rule; "What shows the age?" and "Operators run what?" pass it.
 */

/** Prepositions: a window may end before one; a word between one and a value names the value's kind. */
export const PREPOSITIONS = new Set([
  'to',
  'for',
  'with',
  'by',
  'in',
  'on',
  'from',
  'at',
  'of',
  'into',
  'onto',
  'over',
  'under',
  'after',
  'before',
  'since',
  'until',
  'via',
  'per',
  'without',
  'within',
  'during',
  'through',
  'about',
  'as',
  'than',
  'across',
  'between',
  'against',
]);

/** Conjunctions and subordinators: a question cannot go on with one right after its question words. */
export const CLAUSE_LINKS = new Set([
  'and',
  'or',
  'but',
  'nor',
  'so',
  'that',
  'when',
  'where',
  'while',
  'if',
  'unless',
  'because',
  'whether',
  'although',
  'though',
  'once',
  'otherwise',
  'instead',
  'until',
  'since',
  'than',
]);

/**
 * Words that open a phrase: a window may end right before one (prepositions, clause links and
 * relative pronouns). Not determiners: the noun phrase after one is usually the object of the
 * word before ("write | the process ID").
 */
export const PHRASE_OPENERS = new Set([...PREPOSITIONS, ...CLAUSE_LINKS, 'which', 'who', 'whose']);

/** Determiners: a window may begin at one mid-sentence. */
export const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'its',
  'their',
  'this',
  'these',
  'those',
  'each',
  'every',
  'any',
  'all',
  'no',
  'some',
  'our',
  'your',
]);

const CLAUSE_PUNCTUATION_AFTER = /^[^\s\p{L}\p{N}`]*[,;:)\].!?]/u;
const CLAUSE_PUNCTUATION_BEFORE = /[,;:([]\s*[^\s\p{L}\p{N}`]*$/u;
// A unit carries its own trailing punctuation ("path," is one unit).
const CLAUSE_PUNCTUATION_ENDING = /[,;:)\].!?]["'”)]*$/;
const PREVIOUS_WORD = /([\p{L}\p{N}]+)[^\p{L}\p{N}]*$/u;
const COORDINATORS = new Set(['and', 'or', 'nor', 'but']);
const FIRST_WORD = /^[^\p{L}\p{N}`]*([\p{L}\p{N}]+)/u;

/** True when a window may end at `end` of `sentence` (see the file comment). */
export function isPhraseEnd(sentence: string, end: number): boolean {
  // The closing backtick or quote of an answer's code span belongs to the answer.
  const after = sentence.slice(end).replace(/^[`"'”]+/, '');
  if (!/[\p{L}\p{N}]/u.test(after)) return true;
  if (CLAUSE_PUNCTUATION_AFTER.test(after) || CLAUSE_PUNCTUATION_ENDING.test(sentence.slice(0, end))) return true;
  const next = FIRST_WORD.exec(after)?.[1];
  return next !== undefined && PHRASE_OPENERS.has(next.toLowerCase());
}

/** True when a window may begin at `start` of `sentence`, whose first word there is `token`. */
export function isPhraseStart(sentence: string, start: number, token: string): boolean {
  const before = sentence.slice(0, start);
  if (!/[\p{L}\p{N}`]/u.test(before)) return true;
  if (CLAUSE_PUNCTUATION_BEFORE.test(before) || /^[([]/.test(sentence.slice(start))) return true;
  // A determiner opens a noun phrase, but after a preposition or a conjunction ("port of the
  // broker", "HTTP 503 or a network error") that phrase belongs to a larger one the window would cut.
  const previous = PREVIOUS_WORD.exec(before)?.[1]?.toLowerCase();
  return DETERMINERS.has(token) && previous !== undefined && !PREPOSITIONS.has(previous) && !COORDINATORS.has(previous);
}

/** A unit of a question window: a word or code span, `token` lower-cased without punctuation. */
export interface WindowUnit {
  token: string;
  start: number;
  end: number;
}

/**
 * Moves a question window's edges inward until what it keeps is whole phrases (see the file
 * comment) and no edge inside the sentence is a dangling stopword ("... of the"), then cuts
 * what follows a clause link right after the question words (another clause). `window` is the
 * sentence's `units` the window holds, the question words (`wh`) excluded. Undefined when nothing
 * is left after the question words and they end inside a phrase.
 */
export function wholePhrases<T extends WindowUnit>(options: {
  sentence: string;
  units: readonly T[];
  window: readonly T[];
  wh: { start: number; end: number };
}): T[] | undefined {
  const { sentence, units, wh } = options;
  const kept = [...options.window];
  const isLeft = (t: { end: number }): boolean => t.end <= wh.start;
  for (let changed = true; changed; ) {
    changed = false;
    const first = kept[0];
    if (
      first &&
      isLeft(first) &&
      first.start > 0 &&
      (((isStopword(first.token) || CLAUSE_LINKS.has(first.token)) && !DETERMINERS.has(first.token)) ||
        !isPhraseStart(sentence, first.start, first.token))
    ) {
      kept.shift();
      changed = true;
    }
    const last = kept[kept.length - 1];
    if (
      last &&
      !isLeft(last) &&
      (((isStopword(last.token) || PHRASE_OPENERS.has(last.token)) && last !== units[units.length - 1]) ||
        !isPhraseEnd(sentence, last.end))
    ) {
      kept.pop();
      changed = true;
    }
  }
  // "…is 7420, and the admin port": what follows a clause link right after the answer is another clause.
  const firstRight = kept.findIndex((t) => !isLeft(t));
  if (firstRight >= 0 && CLAUSE_LINKS.has(kept[firstRight].token) && kept[firstRight].start - wh.end < 3)
    kept.splice(firstRight);
  if (!kept.some((t) => !isLeft(t)) && !isPhraseEnd(sentence, wh.end)) return undefined;
  return kept;
}
