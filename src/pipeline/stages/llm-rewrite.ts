import { noQueryRewriterError } from '../../providers/query-rewriter.js';
import { isLlmRewrite } from '../../space/llm-rewrites.js';
import type { QuestionState, StageContext, StepResult } from '../question-stage.js';

/** What an LLM rewrite left for retrieval: multi-query phrasings or a HyDE passage. */
export type LlmRewriteValue = { alternatives: string[] } | { hypothetical: string };

/**
 * One question's LLM rewrite (`query.rewrite` multi-query or hyde), from the registered query
 * rewriter. Its failure (after the client's retries and the structured-output repair round)
 * propagates: the question fails with the stage named and its cost counted, and is never
 * answered from the unrewritten query, which would score a configuration that did not run.
 */
export async function llmRewrite(
  state: QuestionState,
  { config, components }: StageContext,
): Promise<StepResult<LlmRewriteValue>> {
  const rewrite = config['query.rewrite'];
  if (!isLlmRewrite(rewrite)) throw new Error(`query.rewrite "${rewrite}" is no LLM rewrite`);
  if (!components.queryRewriter) throw noQueryRewriterError(rewrite);
  const rewriter = components.queryRewriter(rewrite);
  const question = state.item.question;
  if (rewrite === 'hyde') {
    const { value, usage, timing } = await rewriter.hypotheticalDocument({ question });
    return { value: { hypothetical: value }, usage, timing };
  }
  const count = config['multi_query.count'];
  if (count === undefined) throw new Error('query.rewrite "multi-query" needs "multi_query.count"');
  const { value, usage, timing } = await rewriter.multiQuery({ question, count });
  return { value: { alternatives: value }, usage, timing };
}
