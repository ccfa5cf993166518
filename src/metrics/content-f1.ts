import { referenceTokens } from './content-tokens.js';
import { f1Against } from './token-f1.js';

/**
 * Token F1 on content tokens (see {@link contentTokens}: stop-words and punctuation removed,
 * stemmed), the maximum over references. Unlike SQuAD F1 it gives nothing for shared filler
 * words, so on long-form references a fixed stop-word string scores 0.
 *
 * Edge cases: a reference without content tokens is compared on SQuAD tokens; both sides empty
 * → 1, one empty → 0; no references → compared against one empty reference (as token F1).
 */
export function contentF1(options: { prediction: string; references: readonly string[] }): number {
  const references = options.references.length > 0 ? options.references : [''];
  return Math.max(
    ...references.map((reference) => {
      const tokens = referenceTokens({ prediction: options.prediction, reference });
      return f1Against(tokens.prediction, tokens.reference);
    }),
  );
}
