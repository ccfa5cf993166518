/**
 * The `query.rewrite` values an LLM writes (RM3, the offline one, needs none). They are values of
 * the catalogue, and of the default space, only when an LLM is configured.
 */
export const LLM_REWRITES = ['multi-query', 'hyde'] as const;

export type LlmRewrite = (typeof LLM_REWRITES)[number];

/** Whether a `query.rewrite` value needs an LLM query rewriter. */
export function isLlmRewrite(value: unknown): value is LlmRewrite {
  return (LLM_REWRITES as readonly unknown[]).includes(value);
}
