import type { ParamGroup, SearchSpace } from '../../../space/parameter-schema.js';
import { withoutNeutralParameters } from '../../../space/neutral-values.js';

/** `explore` while most of the budget is left; `polish` in the last third. */
export type AgentPhase = 'explore' | 'polish';

/**
 * Cost levers, most expensive per question first, so that a polishing agent tries the cheapest
 * saving that matters before the ones that rarely move cost. Why this order: the generator is an
 * LLM call per question (the largest share of cost and latency when it is an LLM), the context
 * size sets its prompt tokens, a reranker scores every candidate, retrieval depth and hybrid
 * search multiply the retrieval work, the embedder runs per query (and per chunk at indexing),
 * and chunking mostly changes the index, not the per-question cost.
 */
const COST_LEVERS: readonly { group: ParamGroup; lever: string }[] = [
  { group: 'generator', lever: 'the generator (a smaller or cheaper model, fewer output tokens)' },
  { group: 'context', lever: 'the context size (fewer prompt tokens per question)' },
  { group: 'reranking', lever: 'reranking (fewer candidates, or none)' },
  { group: 'retrieval', lever: 'retrieval depth (a lower top_k; one retriever instead of hybrid)' },
  { group: 'embedder', lever: 'the embedder (a cheaper model per query and chunk)' },
  { group: 'chunking', lever: 'chunking (mostly index size; rarely per-question cost)' },
  // A user pipeline's own parameters: only their descriptions say what they cost.
  { group: 'pipeline', lever: "the pipeline's own parameters (see their descriptions for what each costs)" },
];

/**
 * The phase of the coming round: `polish` once at least two thirds of a known budget is used
 * (trials of any state count, as they do against the budget), `explore` before that and
 * whenever the budget is unknown.
 */
export function agentPhase(options: { used: number; budget?: number }): AgentPhase {
  const { used, budget } = options;
  if (budget === undefined || budget <= 0) return 'explore';
  // Integer comparison: budget * (2/3) in floating point is 20.000000000000004 for a budget of 30.
  return used * 3 >= budget * 2 ? 'polish' : 'explore';
}

/**
 * The prompt's phase section: what the phase asks for and, when polishing, the cost levers of
 * this space in order (only groups the space has an active-able parameter in; each with its parameter names).
 */
export function describePhase(options: { phase: AgentPhase; space: SearchSpace }): string {
  if (options.phase === 'explore') {
    return 'explore: most of the budget is left. Look for better quality: try parameters and values that have not been tried yet, and whole-stage changes, as well as refinements of the best trials.';
  }
  const levers = COST_LEVERS.flatMap(({ group, lever }) => {
    // A parameter with an empty `when` list is never active (e.g. temperature without an LLM generator).
    const names = withoutNeutralParameters(options.space)
      .parameters.filter((p) => p.group === group && !Object.values(p.when ?? {}).some((v) => v.length === 0))
      .map((p) => p.name);
    return names.length ? [`${lever}: ${names.join(', ')}`] : [];
  });
  return [
    'polish: the last third of the budget. Keep the quality of the best trials and lower cost or latency: start from the best trial and change one or two cost levers, in this order (most expensive per question first):',
    ...levers.map((l, i) => `${i + 1}. ${l}`),
  ].join('\n');
}
