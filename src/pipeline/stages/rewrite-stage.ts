import type { Usage } from '../../accounting/usage.js';
import { isLlmRewrite } from '../../space/llm-rewrites.js';
import type { FeedbackTerm } from '../../retrieval/rm3-feedback.js';
import { expansionQuery, rm3Expansion } from '../../retrieval/rm3-query.js';
import type { PipelineConfig } from '../pipeline-config.js';
import type { QuestionStage, QuestionState, StageContext, StepResult } from '../question-stage.js';
import { llmRewrite, type LlmRewriteValue } from './llm-rewrite.js';
import { type Indexes, loadIndexes, searchIndexes } from './search-indexes.js';
import { switchOff } from './switch-off.js';

/** The rewrite stage's cached value: RM3's weighted feedback terms, or what the LLM wrote. */
export type RewriteValue = { expansion: FeedbackTerm[] } | LlmRewriteValue;

/** RM3 searches with the retrieval settings, so its output depends on them too. */
const RM3_READS = ['query.rewrite', 'rm3.terms', 'rm3.docs', 'rm3.weight', 'retrieval', 'fusion', 'fusion.weight'];
/** An LLM rewrite depends on the question, the LLM (key material) and its own knob only. */
const LLM_READS = ['query.rewrite', 'multi_query.count'];

/**
 * Rewrites the query before retrieval (`query.rewrite`). rm3: a first search with the
 * configuration's retrieval, then the top `rm3.docs` chunks' relevance model gives the
 * `rm3.terms` feedback terms the retrieve stage searches beside the query. multi-query and hyde:
 * the LLM writes `multi_query.count` phrasings or a hypothetical passage (see llm-rewrite.ts);
 * the key then holds the rewriter's version (endpoint, model, prompt hashes, temperature) and
 * chains to the dataset, not to the corpus stages or the retrieval settings, so changing
 * chunking, retrieval or top_k reuses the rewrites without a call.
 */
export const rewriteStage: QuestionStage<RewriteValue, Indexes | null> = {
  name: 'rewrite',
  version: '1',
  reads: [...RM3_READS, 'multi_query.count'],
  activeReads: (config) => (isLlmRewrite(config['query.rewrite']) ? LLM_READS : RM3_READS),
  questionOnly: (config) => isLlmRewrite(config['query.rewrite']),
  keyMaterial: ({ componentVersions }) =>
    componentVersions.rewriter === undefined ? {} : { rewriter: componentVersions.rewriter },
  passesThrough: switchOff('query.rewrite'),
  // Only RM3 searches; an LLM rewrite needs no index.
  prepare: (context) => (isLlmRewrite(context.config['query.rewrite']) ? Promise.resolve(null) : loadIndexes(context)),
  async run(state, context, indexes): Promise<StepResult<RewriteValue>> {
    if (isLlmRewrite(context.config['query.rewrite'])) return llmRewrite(state, context);
    if (indexes === null) throw new Error('RM3 needs the retrieval indexes');
    return rm3Rewrite(state, context, indexes);
  },
  apply: (state, value) => {
    if ('alternatives' in value) return { ...state, alternatives: value.alternatives };
    if ('hypothetical' in value) return { ...state, hypothetical: value.hypothetical };
    const expansion = expansionQuery(value.expansion);
    return expansion === undefined ? state : { ...state, expansion };
  },
  priceUsage({ config, components }): ((usage: Usage) => Usage) | undefined {
    const rewrite = config['query.rewrite'];
    if (!isLlmRewrite(rewrite) || !components.queryRewriter) return undefined;
    const rewriter = components.queryRewriter(rewrite);
    return rewriter.priceUsage.bind(rewriter);
  },
};

async function rm3Rewrite(
  state: QuestionState,
  { config, keys, artifacts }: StageContext,
  indexes: Indexes,
): Promise<StepResult<RewriteValue>> {
  const { terms, docs } = rm3Settings(config);
  const first = await searchIndexes(indexes, config, state.query);
  const { chunks } = await artifacts.chunks(config, keys);
  const ranked = first.ranked.slice(0, docs).map((s) => ({ text: chunks[s.chunkIndex].text, score: s.score }));
  const expansion = rm3Expansion({ query: state.query, ranked, terms, docs });
  return { value: { expansion }, usage: first.usage, timing: first.timing };
}

function rm3Settings(config: PipelineConfig): { terms: number; docs: number } {
  const terms = config['rm3.terms'];
  const docs = config['rm3.docs'];
  if (config['query.rewrite'] !== 'rm3' || terms === undefined || docs === undefined)
    throw new Error('query.rewrite "rm3" needs "rm3.terms" and "rm3.docs"');
  return { terms, docs };
}
