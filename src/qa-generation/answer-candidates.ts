import { dateSpans, literalSpans, quantitySpans, versionSpans, type Span } from '../providers/local/answer-patterns.js';
import { isStopword, tokenizeWithOffsets } from '../text/text-analysis.js';

/**
 * The type of an answer span. `numeric`: a number with its unit; `temporal`: a date or
 * version; `literal`: a code span, quoted value, file name, path, URL or ENV_VAR; `entity`: a
 * capitalised name ("Prometheus", "Apache License 2.0").
 */
export type AnswerType = 'numeric' | 'temporal' | 'literal' | 'entity';
export const ANSWER_TYPES: readonly AnswerType[] = ['numeric', 'temporal', 'literal', 'entity'];
/**
 * What a generated question asks for: one of the answer types about one document, or
 * `two-document`: a question about two related documents (see two-document-questions.ts).
 */
export type QuestionType = AnswerType | 'two-document';
export const QUESTION_TYPES: readonly QuestionType[] = [...ANSWER_TYPES, 'two-document'];

/** An answer span inside one sentence, offsets relative to the sentence text. */
export interface AnswerCandidate extends Span {
  type: AnswerType;
}

// Names longer than this are usually a title-cased heading fragment, not one name.
const MAX_NAME_WORDS = 4;
const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

/**
 * Every typed answer a sentence offers, typed patterns first (a span already claimed by an
 * earlier type is not offered again), in text order within a type. Reuses the extractive
 * answerer's span patterns, so the answers are exactly what it can find.
 */
export function answerCandidates(text: string): AnswerCandidate[] {
  const out: AnswerCandidate[] = [];
  const add = (spans: Span[], type: AnswerType): void => {
    for (const span of spans) {
      if (span.end - span.start < 1 || out.some((c) => overlaps(c, span))) continue;
      out.push({ start: span.start, end: span.end, type });
    }
  };
  add([...dateSpans(text), ...versionSpans(text)], 'temporal');
  // "2.x", "HTTP/2", "x86_64": a number glued to a version wildcard or a name is not a quantity;
  // nor is a decade ("the 1970s" would ask "in the how many s?"; "30s" is thirty seconds).
  add(
    quantitySpans(text).filter(
      (s) =>
        !/^(?:\.[\p{L}\p{N}]|\/)/u.test(text.slice(s.end)) &&
        !/[\p{L}/]$/u.test(text.slice(0, s.start)) &&
        !isDecade(text, s),
    ),
    'numeric',
  );
  add(literalSpans(text), 'literal');
  // Short acronyms (API, HTTP, JSON) recur across a technical corpus: they name no one fact.
  add(
    nameSpans(text).filter((s) => !/^[\p{Lu}\p{N}]{1,4}$/u.test(text.slice(s.start, s.end))),
    'entity',
  );
  return out;
}

/**
 * Runs of capitalised (or digit-bearing, after a capitalised word) tokens past the sentence's first
 * token, at most {@link MAX_NAME_WORDS} long; stopwords end a run ("Apache License 2.0" is one).
 */
function nameSpans(text: string): Span[] {
  const tokens = tokenizeWithOffsets(text);
  const out: Span[] = [];
  let i = 1;
  while (i < tokens.length) {
    const surface = (k: number): string => text.slice(tokens[k].start, tokens[k].end);
    if (!/^\p{Lu}/u.test(surface(i)) || isStopword(tokens[i].token)) {
      i++;
      continue;
    }
    let j = i;
    while (
      j + 1 < tokens.length &&
      j - i + 1 < MAX_NAME_WORDS &&
      /^[\p{Lu}\p{N}]/u.test(surface(j + 1)) &&
      /^[ .]?$/.test(text.slice(tokens[j].end, tokens[j + 1].start)) &&
      !isStopword(tokens[j + 1].token) &&
      // "Larkspur 3.x": a number glued to a wildcard is a version range, not part of the name.
      !/^\.\p{L}/u.test(text.slice(tokens[j + 1].end))
    )
      j++;
    out.push({ start: tokens[i].start, end: tokens[j].end });
    i = j + 1;
  }
  return out;
}

/** "1970s", "'90s": a decade, which a "how many" question cannot ask for ("30s" stays thirty seconds). */
function isDecade(text: string, span: Span): boolean {
  const value = text.slice(span.start, span.end);
  return /^(?:1\d|20)\d0s$/.test(value) || (/^\d0s$/.test(value) && /['’]$/.test(text.slice(0, span.start)));
}
