import { terms } from '../text/text-analysis.js';
import { answerTokens } from './normalize-answer.js';

/**
 * Content tokens of an answer: lower-cased words and numbers with punctuation and stop-words
 * removed and Porter-stemmed, the same terms BM25 and faithfulness use (so "the of and" has
 * none, and "designs"/"designed" agree). The unit of `content_f1` and `content_rouge_l`, which a
 * string of filler words or an echo of the question's function words cannot score on.
 */
export function contentTokens(text: string): string[] {
  return terms(text);
}

/**
 * Tokens to compare one reference with: its content tokens, or, for a reference made only of
 * stop-words ("no", "yes", "it is"), its SQuAD tokens, so such a question is still scored
 * against what it asks for instead of every answer matching an empty reference.
 */
export function referenceTokens(options: { prediction: string; reference: string }): {
  prediction: string[];
  reference: string[];
} {
  const reference = contentTokens(options.reference);
  if (reference.length > 0) return { prediction: contentTokens(options.prediction), reference };
  return { prediction: answerTokens(options.prediction), reference: answerTokens(options.reference) };
}
