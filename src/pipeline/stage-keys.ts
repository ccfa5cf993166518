import { RETRIEVAL_DEPTH } from '../space/catalogue.js';
import { stableHash } from '../json/canonical-json.js';
import type { Config } from '../space/parameter-schema.js';
import { STAGES, type StageName } from './stages.js';

/** Bump when the layout of cached values changes: every key changes with it. */
const CACHE_FORMAT = 'tune-rag-cache/1';

export interface StageKeys {
  chunk: string;
  /** null when the configuration uses no embedder (BM25 only). */
  embed: string | null;
  denseIndex: string | null;
  bm25Index: string | null;
  retrieve: string;
  rerank: string;
  generate: string;
}

export interface KeyInputs {
  fingerprint: string;
  config: Config;
  /** Versions of the chosen components (embedder, reranker, generator) and the prompt's content hash. */
  componentVersions: { embedder?: string; reranker?: string; generator?: string; prompt?: string };
  /** Overrides of stage versions (tests use it to prove a bump invalidates). */
  stageVersions?: Partial<Record<StageName, string>>;
  /** Effective rerank candidate count (max of rerank.candidates and top_k). */
  rerankCandidates: number;
}

/** Cache keys of every stage for one configuration over one dataset. */
export function computeStageKeys(inputs: KeyInputs): StageKeys {
  const { config, componentVersions } = inputs;
  const material = (name: StageName, upstream: (string | null)[], extra: Record<string, unknown> = {}) => {
    const stage = STAGES.find((s) => s.name === name)!;
    const reads = Object.fromEntries(stage.reads.map((key) => [key, config[key]]));
    return stableHash({ format: CACHE_FORMAT, stage: name, version: inputs.stageVersions?.[name] ?? stage.version, upstream, reads, ...extra }, 32);
  };
  const chunk = material('chunk', [inputs.fingerprint]);
  const usesDense = config.retrieval === 'dense' || config.retrieval === 'hybrid';
  const usesBm25 = config.retrieval === 'bm25' || config.retrieval === 'hybrid';
  const embed = usesDense ? material('embed', [chunk], { embedderVersion: componentVersions.embedder }) : null;
  // layout: identical vectors share one HNSW node (see duplicate-vectors.ts); files built before
  // held every copy, whose search could be trapped, so they must not be reused.
  const denseIndex = embed ? material('index', [embed], { kind: 'hnsw', layout: 'distinct-vectors' }) : null;
  const bm25Index = usesBm25 ? material('index', [chunk], { kind: 'bm25' }) : null;
  const retrieve = material('retrieve', [denseIndex, bm25Index], { depth: RETRIEVAL_DEPTH });
  const rerank = material('rerank', [retrieve], { rerankerVersion: componentVersions.reranker, candidates: config.reranker === 'none' ? 0 : inputs.rerankCandidates });
  const generate = material('generate', [rerank], { generatorVersion: componentVersions.generator, promptHash: componentVersions.prompt });
  return { chunk, embed, denseIndex, bm25Index, retrieve, rerank, generate };
}

/** Key of one question's output of a per-question stage. */
export function questionKey(stageKey: string, questionId: string): string {
  return stableHash({ stageKey, questionId }, 32);
}
