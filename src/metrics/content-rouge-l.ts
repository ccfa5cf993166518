import { referenceTokens } from './content-tokens.js';
import { rougeLAgainst } from './rouge-l.js';

/**
 * ROUGE-L F-measure (LCS, beta = 1) on content tokens (see {@link contentTokens}), the maximum
 * over references: order-aware like ROUGE-L, but filler words neither help nor bridge a match.
 *
 * Edge cases: as {@link contentF1} (stop-word-only references fall back to SQuAD tokens).
 */
export function contentRougeL(options: { prediction: string; references: readonly string[] }): number {
  const references = options.references.length > 0 ? options.references : [''];
  return Math.max(
    ...references.map((reference) => {
      const tokens = referenceTokens({ prediction: options.prediction, reference });
      return rougeLAgainst(tokens.prediction, tokens.reference);
    }),
  );
}
