import type { CallTiming } from '../../accounting/call-timing.js';
import { ZERO_USAGE, type Usage } from '../../accounting/usage.js';
import type { ScoredChunk } from '../../chunking/chunk.js';
import { fuseReciprocalRank, fuseWeighted } from '../../retrieval/fusion.js';
import { RETRIEVAL_DEPTH } from '../../space/catalogue.js';
import type { CorpusArtifacts } from '../corpus-artifacts.js';
import type { PipelineConfig } from '../pipeline-config.js';
import type { QuestionStage, StageContext } from '../question-stage.js';
import {
  loadRegisteredRetriever,
  loadRegisteredVectorStore,
  type LoadedRetriever,
  type LoadedVectorStore,
} from './registered-retrieval.js';
import { roundScore } from './round-score.js';

type Indexes = {
  dense: Awaited<ReturnType<CorpusArtifacts['dense']>> | null;
  bm25: Awaited<ReturnType<CorpusArtifacts['bm25']>> | null;
  /** A registered vector store searched instead of the built-in dense index. */
  store: LoadedVectorStore | null;
  /** A registered retriever named by `retrieval`. */
  retriever: LoadedRetriever | null;
};

/**
 * Fetches RETRIEVAL_DEPTH candidates once; top_k and rerank.candidates are slices of them.
 * v3 (and rerank/generate v2): an LLM call's recorded latency is its successful attempt, with
 * retry waits apart; entries of earlier versions have the waits inside their latency.
 */
export const retrieveStage: QuestionStage<ScoredChunk[], Indexes> = {
  name: 'retrieve',
  version: '3',
  reads: ['retrieval', 'fusion', 'fusion.weight'],
  // Registered components only: built-in retrieval leaves both undefined, which the key omits.
  keyMaterial: ({ componentVersions }) => ({
    depth: RETRIEVAL_DEPTH,
    retriever: componentVersions.retriever,
    vectorStore: componentVersions.vectorStore,
  }),
  prepare: loadIndexes,
  async run(state, { config }, indexes) {
    let usage: Usage = ZERO_USAGE;
    let timing: CallTiming | undefined;
    let dense: ScoredChunk[] = [];
    let sparse: ScoredChunk[] = [];
    if (indexes.retriever) {
      const { component, retriever, byText } = indexes.retriever;
      const found = await component.retrieve({ retriever, query: state.query, depth: RETRIEVAL_DEPTH, byText });
      return { value: found.ranked.map(roundScore), usage: found.usage, timing: found.timing };
    }
    if (indexes.dense) {
      const embedded = await indexes.dense.embedder.embed([state.query], 'query');
      usage = embedded.usage;
      timing = embedded.timing;
      const query = embedded.vectors[0];
      dense = indexes.store
        ? await indexes.store.component.search({
            store: indexes.store.store,
            query,
            depth: RETRIEVAL_DEPTH,
            vectors: indexes.dense.vectors,
          })
        : indexes.dense.index.search(query, RETRIEVAL_DEPTH);
    }
    if (indexes.bm25) sparse = indexes.bm25.search(state.query, RETRIEVAL_DEPTH);
    let ranked: ScoredChunk[];
    if (config.retrieval === 'dense') ranked = dense;
    else if (config.retrieval === 'bm25') ranked = sparse;
    else if (config.fusion === 'weighted') ranked = fuseWeighted({ dense, sparse, weight: fusionWeight(config) });
    else ranked = fuseReciprocalRank({ lists: [dense, sparse] });
    return { value: ranked.slice(0, RETRIEVAL_DEPTH).map(roundScore), usage, timing };
  },
  apply: (state, ranked) => ({ ...state, ranked }),
};

/** The dense share of weighted fusion; readPipelineConfig guarantees it is set when fusion is weighted. */
function fusionWeight(config: PipelineConfig): number {
  const weight = config['fusion.weight'];
  if (weight === undefined) throw new Error('weighted fusion needs "fusion.weight"');
  return weight;
}

/** The indexes a retrieval mode searches, loaded (or built) before the query clock starts. */
async function loadIndexes(context: StageContext): Promise<Indexes> {
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
