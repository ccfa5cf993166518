import { terms } from '../text/text-analysis.js';

/**
 * Lexical faithfulness: the share of the answer's distinct content terms (tokenized, stopwords
 * removed, stemmed, as everywhere in the local components) that also occur in the context the
 * generator was given. A cheap, offline proxy for "is the answer grounded"; it cannot see
 * paraphrase or contradiction.
 *
 * Edge cases: null when the answer is null, empty, or has no content terms (e.g. "It is."):
 * there is nothing to check, so the question is left out of the mean rather than scored 0 or 1.
 */
export function faithfulness(options: { answer: string | null; context: string }): number | null {
  if (options.answer === null) return null;
  const answerTerms = new Set(terms(options.answer));
  if (answerTerms.size === 0) return null;
  const contextTerms = new Set(terms(options.context));
  let supported = 0;
  for (const term of answerTerms) if (contextTerms.has(term)) supported += 1;
  return supported / answerTerms.size;
}
