import { commandSpans, dateSpans, literalSpans, quantitySpans, versionSpans, type Span } from './answer-patterns.js';
import { MAX_PHRASE_WORDS, nounPhraseSpans } from './noun-phrase-span.js';
import type { AnswerKind, QuestionAnalysis } from './question-analysis.js';
import type { SentenceKind } from './sentence-split.js';
import { markTokens, type MarkedToken } from './marked-token.js';
import { isStopword } from '../../text/text-analysis.js';

/** A sentence as the span extractor sees it. */
export interface SpanSource {
  text: string;
  kind: SentenceKind;
}

const TIME_UNIT = /(?:second|sec|minute|min|hour|hr|day|week|month|year|ms|\d\s?[smhd])s?$/i;

/** Candidate spans of the type the question asks for, in order of preference between types. */
function typedCandidates(
  kind: AnswerKind,
  source: SpanSource,
  question: QuestionAnalysis,
  tokens: () => readonly MarkedToken[],
): Span[][] {
  const text = source.text;
  // A value the question itself contains ("v2" in "what changed in v2") is not the answer.
  const novel = (spans: Span[]): Span[] =>
    spans.filter((s) => !question.tokens.has(text.slice(s.start, s.end).toLowerCase()));
  switch (kind) {
    case 'quantity':
      return [novel(quantitySpans(text))];
    case 'temporal': {
      const asksVersion = question.tokens.has('version') || question.tokens.has('release');
      const durations = novel(quantitySpans(text)).filter((s) => TIME_UNIT.test(text.slice(s.start, s.end)));
      return asksVersion
        ? [novel(versionSpans(text)), novel(dateSpans(text))]
        : [novel(dateSpans(text)), novel(versionSpans(text)), durations];
    }
    case 'command':
      // A line of a fenced code block is a command by itself.
      return [commandSpans(text), source.kind === 'code' ? [{ start: 0, end: text.length }] : []];
    case 'entity': {
      const marked = tokens();
      // A short list item with no question word is itself the value ("- Linux"):
      // the question terms are in the list's intro.
      if (source.kind === 'bullet' && marked.length <= MAX_PHRASE_WORDS && !marked.some((t) => t.isQuestionWord)) {
        return [[{ start: 0, end: text.length }]];
      }
      const literals = literalSpans(text).filter((s) =>
        marked.some((t) => t.start >= s.start && t.end <= s.end && !t.isQuestionWord),
      );
      return [literals, nounPhraseSpans(marked, text)];
    }
    default:
      return [];
  }
}

/** True when the sentence holds at least one candidate of the type the question asks for. */
export function hasTypedCandidate(source: SpanSource, question: QuestionAnalysis): boolean {
  if (question.kind === 'yes-no' || question.kind === 'other') return false;
  if (question.kind === 'entity') {
    const tokens = markTokens(source.text, question);
    // Noun phrases exist almost everywhere; only literal values and names (a capitalised word not
    // taken from the question, past the first word of prose) are evidence of an entity answer.
    const firstCounts = source.kind === 'bullet' || source.kind === 'table-row';
    return (
      literalSpans(source.text).length > 0 ||
      tokens.some(
        (t, i) => (i > 0 || firstCounts) && !t.isQuestionWord && /^\p{Lu}/u.test(source.text.slice(t.start, t.end)),
      )
    );
  }
  return typedCandidates(question.kind, source, question, () => []).some((group) => group.length > 0);
}

/**
 * The answer span inside one sentence for the question's kind, as offsets into `source.text`,
 * or undefined when the sentence has no candidate of the right type (or the kind has no span).
 * Among candidates of the preferred type, the one closest to the matched question terms wins.
 */
export function extractSpan(source: SpanSource, question: QuestionAnalysis): Span | undefined {
  if (question.kind === 'yes-no' || question.kind === 'other') return undefined;
  const tokens = markTokens(source.text, question);
  for (const group of typedCandidates(question.kind, source, question, () => tokens)) {
    if (group.length === 0) continue;
    return closestToQuestionTerms(group, tokens);
  }
  return undefined;
}

/**
 * Anchor score of a span: sum over distinct matched question words of 1 / (1 + tokens between
 * them and the span), where a term after the span counts 0.8 of one before it ("the default
 * port is 7420" states the term first). Ties keep the earlier span.
 */
function closestToQuestionTerms(candidates: readonly Span[], tokens: readonly MarkedToken[]): Span {
  let best = candidates[0];
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const span of candidates) {
    const first = tokens.findIndex((t) => t.end > span.start);
    const inside = tokens.filter((t) => t.start >= span.start && t.end <= span.end).length;
    const firstIndex = first < 0 ? tokens.length : first;
    const lastIndex = firstIndex + Math.max(inside, 1) - 1;
    const closeness = new Map<string, number>();
    tokens.forEach((t, i) => {
      if (!t.isQuestionWord || isStopword(t.token)) return;
      let value: number;
      if (i < firstIndex) value = 1 / (1 + (firstIndex - i - 1));
      else if (i > lastIndex) value = 0.8 / (1 + (i - lastIndex - 1));
      else value = 1;
      closeness.set(t.token, Math.max(closeness.get(t.token) ?? 0, value));
    });
    let score = 0;
    for (const value of closeness.values()) score += value;
    if (score > bestScore) {
      bestScore = score;
      best = span;
    }
  }
  return best;
}
