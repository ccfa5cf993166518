import type { CallTiming } from '../../accounting/call-timing.js';
import { ZERO_USAGE, type Usage } from '../../accounting/usage.js';
import type { ScoredChunk } from '../../chunking/chunk.js';
import { fuseReciprocalRank, fuseWeighted } from '../../retrieval/fusion.js';
import { RETRIEVAL_DEPTH } from '../../space/catalogue.js';
import type { CorpusArtifacts } from '../corpus-artifacts.js';
import type { PipelineConfig } from '../pipeline-config.js';
import type { QuestionStage, StageContext } from '../question-stage.js';
import { roundScore } from './round-score.js';

type Indexes = {
  dense: Awaited<ReturnType<CorpusArtifacts['dense']>> | null;
  bm25: Awaited<ReturnType<CorpusArtifacts['bm25']>> | null;
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
  keyMaterial: () => ({ depth: RETRIEVAL_DEPTH }),
  prepare: loadIndexes,
  async run(state, { config }, indexes) {
    let usage: Usage = ZERO_USAGE;
    let timing: CallTiming | undefined;
    let dense: ScoredChunk[] = [];
    let sparse: ScoredChunk[] = [];
    if (indexes.dense) {
      const embedded = await indexes.dense.embedder.embed([state.query], 'query');
      usage = embedded.usage;
      timing = embedded.timing;
      dense = indexes.dense.index.search(embedded.vectors[0], RETRIEVAL_DEPTH);
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
async function loadIndexes({ config, keys, artifacts }: StageContext): Promise<Indexes> {
  const mode = config.retrieval;
  return {
    dense: mode === 'dense' || mode === 'hybrid' ? await artifacts.dense(config, keys) : null,
    bm25: mode === 'bm25' || mode === 'hybrid' ? await artifacts.bm25(config, keys) : null,
  };
}
