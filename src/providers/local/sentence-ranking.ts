import type { GenerationContext } from '../generator.js';
import {
  documentFrequencies,
  phraseMatchScore,
  proximityScore,
  questionTermWeights,
  weightedCoverage,
} from './lexical-signals.js';
import type { QuestionAnalysis } from './question-analysis.js';
import { splitSentences, type TextSentence } from './sentence-split.js';
import { hasTypedCandidate } from './span-extraction.js';
import { terms } from '../../text/text-analysis.js';

/**
 * Fixed weights of the sentence score (they sum to 1). Coverage of the question's IDF mass is the
 * main evidence; proximity and phrases favour sentences where the terms form one statement; the
 * answer-type signal favours sentences that contain a value of the asked-for type (a number for
 * "how many"); the position prior slightly prefers earlier (higher-ranked) contexts, so retrieval
 * order matters but cannot outvote content.
 */
export const SENTENCE_WEIGHTS = Object.freeze({
  coverage: 0.55,
  proximity: 0.15,
  phrase: 0.1,
  answerType: 0.15,
  position: 0.05,
});
/** Multiplier for headings and labels: they name the topic but state nothing. */
export const HEADER_FACTOR = 0.5;
/** Multiplier for sentences made only of question terms: nothing left to be the answer (except for yes/no). */
export const NO_NEW_TERMS_FACTOR = 0.6;

export interface RankedSentence extends TextSentence {
  /** Index of the context (in the order given, best first) the sentence comes from. */
  contextIndex: number;
  score: number;
}

/**
 * Splits every context into sentences and scores each against the question; returns them best
 * first (ties: earlier context, then earlier in the context). IDF is computed over the sentences
 * of the given contexts, so "rare" means rare in what the answerer was shown.
 */
export function rankSentences(options: {
  question: QuestionAnalysis;
  contexts: readonly GenerationContext[];
}): RankedSentence[] {
  const { question, contexts } = options;
  const sentences: { sentence: TextSentence; contextIndex: number; terms: string[]; contextTerms: Set<string> }[] = [];
  contexts.forEach((context, contextIndex) => {
    for (const sentence of splitSentences(context.text)) {
      const framing = context.title ? `${context.title} ${sentence.context}` : sentence.context;
      sentences.push({ sentence, contextIndex, terms: terms(sentence.text), contextTerms: new Set(terms(framing)) });
    }
  });
  const weights = questionTermWeights({
    questionTerms: question.terms,
    frequencies: documentFrequencies(sentences.map((s) => s.terms)),
    documentCount: sentences.length,
  });
  const questionSet = new Set(question.terms);
  const w = SENTENCE_WEIGHTS;
  const ranked = sentences.map(({ sentence, contextIndex, terms: sentenceTerms, contextTerms }) => {
    const termSet = new Set(sentenceTerms);
    const coverage = weightedCoverage({ weights, documentTerms: termSet, contextTerms });
    let score =
      w.coverage * coverage +
      w.proximity * proximityScore({ questionTerms: questionSet, documentTerms: sentenceTerms }) +
      w.phrase * phraseMatchScore({ questionSequence: question.termSequence, documentTerms: sentenceTerms }) +
      (coverage > 0 && hasTypedCandidate(sentence, question) ? w.answerType : 0) +
      w.position * (1 - contextIndex / Math.max(contexts.length, 1));
    if (sentence.isHeader) score *= HEADER_FACTOR;
    else if (question.kind !== 'yes-no' && [...termSet].every((t) => questionSet.has(t))) score *= NO_NEW_TERMS_FACTOR;
    return { ...sentence, contextIndex, score };
  });
  ranked.sort((a, b) => b.score - a.score || a.contextIndex - b.contextIndex || a.start - b.start);
  return ranked;
}
