import type { CallTiming } from '../../accounting/call-timing.js';
import { ZERO_USAGE, type Usage } from '../../accounting/usage.js';
import type { ScoredChunk } from '../../chunking/chunk.js';
import { fuseReciprocalRank, fuseWeighted } from '../../retrieval/fusion.js';
import { RETRIEVAL_DEPTH } from '../../space/catalogue.js';
import type { CorpusArtifacts } from '../corpus-artifacts.js';
import type { PipelineConfig } from '../pipeline-config.js';
import type { StageContext } from '../question-stage.js';
import {
  loadRegisteredRetriever,
  loadRegisteredVectorStore,
  type LoadedRetriever,
  type LoadedVectorStore,
} from './registered-retrieval.js';

/** The indexes a configuration's retrieval mode searches (null: the mode does not use it). */
export type Indexes = {
  dense: Awaited<ReturnType<CorpusArtifacts['dense']>> | null;
  bm25: Awaited<ReturnType<CorpusArtifacts['bm25']>> | null;
  /** A registered vector store searched instead of the built-in dense index. */
  store: LoadedVectorStore | null;
  /** A registered retriever named by `retrieval`. */
  retriever: LoadedRetriever | null;
};

/** One search of the configured retrieval mode: RETRIEVAL_DEPTH candidates, best first. */
export interface SearchResult {
  ranked: ScoredChunk[];
  usage: Usage;
  timing?: CallTiming;
}

/**
 * What one search looks for: a text, or (HyDE) one text for the dense side and another for the
 * lexical side (BM25, a registered retriever), as the two kinds of index match differently.
 */
export type SearchQuery = string | { dense: string; lexical: string };

/**
 * Searches `query` with the configuration's retrieval mode (dense, BM25, or both fused). Shared
 * by the retrieve stage and RM3's feedback pass, so both rank exactly the same way.
 */
export async function searchIndexes(
  indexes: Indexes,
  config: PipelineConfig,
  search: SearchQuery,
): Promise<SearchResult> {
  const { dense: denseQuery, lexical: query } =
    typeof search === 'string' ? { dense: search, lexical: search } : search;
  let usage: Usage = ZERO_USAGE;
  let timing: CallTiming | undefined;
  let dense: ScoredChunk[] = [];
  let sparse: ScoredChunk[] = [];
  if (indexes.retriever) {
    const { component, retriever, byText } = indexes.retriever;
    const found = await component.retrieve({ retriever, query, depth: RETRIEVAL_DEPTH, byText });
    return { ranked: found.ranked, usage: found.usage, timing: found.timing };
  }
  if (indexes.dense) {
    const embedded = await indexes.dense.embedder.embed([denseQuery], 'query');
    usage = embedded.usage;
    timing = embedded.timing;
    const vector = embedded.vectors[0];
    dense = indexes.store
      ? await indexes.store.component.search({
          store: indexes.store.store,
          query: vector,
          depth: RETRIEVAL_DEPTH,
          vectors: indexes.dense.vectors,
        })
      : indexes.dense.index.search(vector, RETRIEVAL_DEPTH);
  }
  if (indexes.bm25) sparse = indexes.bm25.search(query, RETRIEVAL_DEPTH);
  let ranked: ScoredChunk[];
  if (config.retrieval === 'dense') ranked = dense;
  else if (config.retrieval === 'bm25') ranked = sparse;
  else if (config.fusion === 'weighted') ranked = fuseWeighted({ dense, sparse, weight: fusionWeight(config) });
  else ranked = fuseReciprocalRank({ lists: [dense, sparse] });
  return { ranked: ranked.slice(0, RETRIEVAL_DEPTH), usage, timing };
}

/** The dense share of weighted fusion; readPipelineConfig guarantees it is set when fusion is weighted. */
function fusionWeight(config: PipelineConfig): number {
  const weight = config['fusion.weight'];
  if (weight === undefined) throw new Error('weighted fusion needs "fusion.weight"');
  return weight;
}

/** The indexes a retrieval mode searches, loaded (or built) before the query clock starts. */
export async function loadIndexes(context: StageContext): Promise<Indexes> {
  const { config, values, keys, artifacts } = context;
  const mode = config.retrieval;
  const dense = mode === 'dense' || mode === 'hybrid' ? await artifacts.dense(config, keys, values) : null;
  return {
    dense,
    bm25: mode === 'bm25' || mode === 'hybrid' ? await artifacts.bm25(config, keys) : null,
    store: dense ? await loadRegisteredVectorStore(context, dense) : null,
    retriever: await loadRegisteredRetriever(context),
  };
}
