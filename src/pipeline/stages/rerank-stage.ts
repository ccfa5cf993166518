import type { ScoredChunk } from '../../chunking/chunk.js';
import { settingsParam } from '../../providers/component-parameter.js';
import { LlmError, stopsTheRun } from '../../llm/llm-error.js';
import type { PipelineConfig } from '../pipeline-config.js';
import type { QuestionStage } from '../question-stage.js';
import { roundScore } from './round-score.js';

/**
 * The rerank stage's cached value: the ranking, plus for model rerankers whether it was repaired.
 * Local rerankers (and caches written before the flag existed) store the bare array.
 */
type RerankValue = ScoredChunk[] | { ranked: ScoredChunk[]; repaired: boolean };

/** Reorders the first-stage candidates with the configured reranker (skipped for "none"). */
export const rerankStage: QuestionStage<RerankValue> = {
  name: 'rerank',
  version: '2',
  reads: ['reranker', 'mmr.lambda'],
  keyMaterial: ({ config, componentVersions, rerankCandidates }) => ({
    rerankerVersion: componentVersions.reranker,
    candidates: config.reranker === 'none' ? 0 : rerankCandidates,
  }),
  appliesTo: (config) => config.reranker !== 'none',
  async run(state, { config, values, keys, artifacts, components }) {
    const { chunks } = await artifacts.chunks(config, keys);
    const reranker = components.reranker(config.reranker);
    const candidates = state.ranked.slice(0, rerankCandidates(config)).map((s) => ({
      chunkIndex: s.chunkIndex,
      text: chunks[s.chunkIndex].text,
      title: chunks[s.chunkIndex].title,
      score: s.score,
    }));
    const params = {
      ...(config['mmr.lambda'] === undefined ? {} : { lambda: config['mmr.lambda'] }),
      ...settingsParam(reranker, values),
    };
    const { ranked, usage, timing, repaired } = await reranker.rerank({
      question: state.item.question,
      candidates,
      params,
    });
    const value: RerankValue =
      repaired === undefined ? ranked.map(roundScore) : { ranked: ranked.map(roundScore), repaired };
    return { value, usage, timing };
  },
  apply: (state, value) =>
    Array.isArray(value)
      ? { ...state, ranked: value }
      : { ...state, ranked: value.ranked, rerank: value.repaired ? 'repaired' : 'ok' },
  priceUsage({ config, components }) {
    const reranker = components.reranker(config.reranker);
    return reranker.priceUsage?.bind(reranker);
  },
  // A model reranker that failed (after retries and the repair round) leaves the first-stage
  // order, which is what the pipeline without reranking would use: the question still gets an
  // answer, and the fallback is counted instead.
  recover: (error, state) =>
    stopsTheRun(error) || !(error instanceof LlmError) ? undefined : { ...state, rerank: 'fallback' },
};

/** The reranker sees at least top_k candidates, otherwise it could not fill the context. */
export function rerankCandidates(config: PipelineConfig): number {
  return Math.max(config['rerank.candidates'] ?? 0, config.top_k);
}
