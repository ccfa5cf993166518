import type { GenerationContext, Generator } from '../generator.js';
import { ZERO_USAGE } from '../../accounting/usage.js';
import { negationCount } from './answer-patterns.js';
import { analyzeQuestion, type AnswerKind } from './question-analysis.js';
import { rankSentences, type RankedSentence } from './sentence-ranking.js';
import { extractSpan } from './span-extraction.js';

/** `sentence` answers with the best sentence; `span` with a short typed span inside it. */
export type ExtractiveMode = 'sentence' | 'span';

/** How many of the top sentences span mode searches, and how close to the best they must score. */
const SPAN_SEARCH_SENTENCES = 3;
const SPAN_SEARCH_MIN_RATIO = 0.75;

export interface ExtractiveAnswer {
  /** The answer text: a substring of one context, or "yes"/"no" for yes/no questions in span mode. */
  answer: string;
  kind: AnswerKind;
  /** The sentence the answer was taken from (undefined when there were no contexts). */
  sentence?: RankedSentence;
  /** Where the answer lies: context index and character offsets into that context's text. */
  location?: { contextIndex: number; start: number; end: number };
}

/**
 * Answers a question by extraction from the given contexts (best first): rank their sentences,
 * then return the best sentence (`sentence` mode) or the span of the asked-for type inside the
 * best sentence(s) (`span` mode), falling back to the sentence when no span fits. Deterministic;
 * the answer depends only on the question and the contexts, so better retrieval gives better answers.
 */
export function answerExtractively(options: {
  question: string;
  contexts: readonly GenerationContext[];
  mode: ExtractiveMode;
}): ExtractiveAnswer {
  const { contexts, mode } = options;
  const question = analyzeQuestion(options.question);
  const ranked = rankSentences({ question, contexts });
  const best = ranked[0];
  if (!best) return { answer: '', kind: question.kind };
  const whole = {
    answer: best.text,
    kind: question.kind,
    sentence: best,
    location: { contextIndex: best.contextIndex, start: best.start, end: best.end },
  };
  if (mode === 'sentence') return whole;
  if (question.kind === 'yes-no') {
    // Negation parity: "Does X support Y?" / "X does not support Y" -> no; a negated question
    // answered by a negated statement ("Is X disabled?" / "X is disabled") -> yes.
    const negated = (negationCount(best.text) + negationCount(options.question)) % 2 === 1;
    return { answer: negated ? 'no' : 'yes', kind: question.kind, sentence: best };
  }
  for (const sentence of ranked.slice(0, SPAN_SEARCH_SENTENCES)) {
    if (sentence.score < SPAN_SEARCH_MIN_RATIO * best.score) break;
    const span = extractSpan(sentence, question);
    if (!span) continue;
    const start = sentence.start + span.start;
    const end = sentence.start + span.end;
    return {
      answer: contexts[sentence.contextIndex].text.slice(start, end),
      kind: question.kind,
      sentence,
      location: { contextIndex: sentence.contextIndex, start, end },
    };
  }
  return whole;
}

function extractiveGenerator(mode: ExtractiveMode, description: string): Generator {
  return {
    name: `extractive-${mode}`,
    version: '1',
    description,
    local: true,
    async generate({ question, contexts }) {
      return { answer: answerExtractively({ question, contexts, mode }).answer, usage: ZERO_USAGE };
    },
  };
}

/** Offline generator answering with the best-matching sentence of the contexts. Ignores prompt and params. */
export const extractiveSentenceGenerator: Generator = extractiveGenerator(
  'sentence',
  'Offline extractive answerer: the context sentence that best matches the question (IDF term overlap, proximity, phrases).',
);

/**
 * Offline generator answering with a short span (number with unit, date/version, command, noun
 * phrase, or yes/no) inside the best-matching sentence. Ignores prompt and params.
 */
export const extractiveSpanGenerator: Generator = extractiveGenerator(
  'span',
  'Offline extractive answerer: a short typed span (number, date, command, name, yes/no) from the best-matching sentence.',
);
