import type { Param, SearchSpace } from './parameter-schema.js';
import { queryAndContextParameters } from './query-context-parameters.js';

/**
 * Everything the pipeline can execute, declared as one search space: the hard limits of each
 * parameter and the conditions under which it matters. A user's search space must be a subset
 * of it, and any configuration that is run (a preset file, `--set`, a proposal) is validated
 * against it.
 */
export interface ComponentNames {
  embedders: string[];
  rerankers: string[];
  /** `temperature: false`: a remote generator that takes no per-call temperature. */
  generators: { name: string; local: boolean; temperature?: boolean }[];
  prompts: string[];
  /** Registered (LangChain.js) retrievers: further values of `retrieval`. */
  retrievers?: string[];
  /** Registered vector stores: values of `vector_store` besides `builtin` (no parameter when none). */
  vectorStores?: string[];
  /** An LLM query rewriter is registered: `query.rewrite` gains `multi-query` and `hyde`. */
  queryRewriting?: boolean;
  /** Registered components' own parameters (`<component>.<knob>`), conditions included. */
  parameters?: Param[];
}

/** Retrieval depth fetched once per question; top-k and rerank candidates are slices of it. */
export const RETRIEVAL_DEPTH = 50;

export const CHUNKERS_WITH_OVERLAP = ['fixed_tokens', 'recursive'];

export function buildCatalogue(components: ComponentNames): SearchSpace {
  const llmGenerators = components.generators.filter((g) => !g.local).map((g) => g.name);
  const tempered = components.generators.filter((g) => !g.local && g.temperature !== false).map((g) => g.name);
  const vectorStores = components.vectorStores ?? [];
  const vectorStoreParam: Param[] = vectorStores.length
    ? [
        {
          name: 'vector_store',
          type: 'categorical',
          group: 'retrieval',
          values: ['builtin', ...vectorStores],
          when: { retrieval: ['dense', 'hybrid'] },
          description:
            'Where dense vectors are searched: the built-in HNSW index or a registered LangChain.js vector store.',
        },
      ]
    : [];
  return {
    name: 'catalogue',
    description: 'Every parameter the pipeline understands, with its hard limits.',
    parameters: [
      {
        name: 'chunk.strategy',
        type: 'categorical',
        group: 'chunking',
        values: ['fixed_tokens', 'recursive', 'sentence', 'markdown'],
        description:
          'How documents are cut: fixed token windows, recursive separators, packed sentences, or markdown sections.',
      },
      {
        name: 'chunk.size',
        type: 'int',
        group: 'chunking',
        low: 32,
        high: 2048,
        log: true,
        description: 'Target chunk length in tokens (cl100k).',
      },
      {
        name: 'chunk.overlap',
        type: 'float',
        group: 'chunking',
        low: 0,
        high: 0.5,
        log: false,
        when: { 'chunk.strategy': CHUNKERS_WITH_OVERLAP },
        description: 'Overlap between consecutive chunks, as a fraction of chunk.size.',
      },
      {
        name: 'retrieval',
        type: 'categorical',
        group: 'retrieval',
        values: ['dense', 'bm25', 'hybrid', ...(components.retrievers ?? [])],
        description: 'Dense vectors, BM25 keywords, both fused, or a registered LangChain.js retriever.',
      },
      ...vectorStoreParam,
      {
        name: 'embedder',
        type: 'categorical',
        group: 'embedder',
        values: components.embedders,
        when: { retrieval: ['dense', 'hybrid'] },
        description: 'Embedding model for dense retrieval.',
      },
      {
        name: 'fusion',
        type: 'categorical',
        group: 'retrieval',
        values: ['rrf', 'weighted'],
        when: { retrieval: ['hybrid'] },
        description: 'How hybrid retrieval fuses dense and BM25 rankings: reciprocal rank or weighted scores.',
      },
      {
        name: 'fusion.weight',
        type: 'float',
        group: 'retrieval',
        low: 0,
        high: 1,
        log: false,
        when: { retrieval: ['hybrid'], fusion: ['weighted'] },
        description: 'Share of the dense score in weighted fusion (1 = dense only).',
      },
      {
        name: 'top_k',
        type: 'int',
        group: 'retrieval',
        low: 1,
        high: RETRIEVAL_DEPTH,
        log: false,
        description: 'Number of chunks given to the generator.',
      },
      {
        name: 'reranker',
        type: 'categorical',
        group: 'reranking',
        values: ['none', ...components.rerankers],
        description: 'Second-stage reordering of retrieved candidates.',
      },
      {
        name: 'rerank.candidates',
        type: 'int',
        group: 'reranking',
        low: 2,
        high: RETRIEVAL_DEPTH,
        log: false,
        when: { reranker: components.rerankers },
        description: 'How many first-stage candidates the reranker sees (at least top_k are used).',
      },
      {
        name: 'mmr.lambda',
        type: 'float',
        group: 'reranking',
        low: 0,
        high: 1,
        log: false,
        when: { reranker: ['mmr'] },
        description: 'MMR trade-off: 1 = relevance only, 0 = diversity only.',
      },
      {
        name: 'generator',
        type: 'categorical',
        group: 'generator',
        values: components.generators.map((g) => g.name),
        description: 'What writes the answer from the retrieved context.',
      },
      {
        name: 'prompt',
        type: 'categorical',
        group: 'generator',
        values: components.prompts.length ? components.prompts : ['default'],
        when: { generator: llmGenerators },
        description: 'Prompt template under prompts/generate/ (LLM generators only).',
      },
      {
        name: 'temperature',
        type: 'float',
        group: 'generator',
        low: 0,
        high: 2,
        log: false,
        when: { generator: tempered },
        description: 'Sampling temperature (LLM generators only).',
      },
      {
        name: 'context.max_tokens',
        type: 'int',
        group: 'context',
        low: 64,
        high: 16000,
        log: true,
        description: 'Most context tokens passed to the generator; chunks beyond it are dropped.',
      },
      ...queryAndContextParameters({ llmRewrites: components.queryRewriting === true }),
      ...(components.parameters ?? []),
    ],
  };
}
