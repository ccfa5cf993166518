import { stableHash } from '../json/canonical-json.js';
import type { Config } from '../space/parameter-schema.js';
import type { QuestionStage } from './question-stage.js';
import { CORPUS_STAGES, QUESTION_STAGES, type StageName } from './stages.js';

/** Bump when the layout of cached values changes: every key changes with it. */
const CACHE_FORMAT = 'tune-rag-cache/1';

export interface StageKeys {
  chunk: string;
  /** null when the configuration uses no embedder (BM25 only). */
  embed: string | null;
  denseIndex: string | null;
  bm25Index: string | null;
  /** Keys of the per-question stages, by stage name (before the question id is mixed in). */
  perQuestion: Readonly<Record<StageName, string>>;
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
  /** The per-question stages in order (default: QUESTION_STAGES). */
  stages?: readonly QuestionStage[];
}

/** Cache keys of every stage for one configuration over one dataset. */
export function computeStageKeys(inputs: KeyInputs): StageKeys {
  const { config } = inputs;
  const material = (
    stage: { name: string; version: string; reads: readonly string[] },
    upstream: (string | null)[],
    extra: Record<string, unknown> = {},
  ) => {
    const reads = Object.fromEntries(stage.reads.map((key) => [key, config[key]]));
    return stableHash(
      {
        format: CACHE_FORMAT,
        stage: stage.name,
        version: inputs.stageVersions?.[stage.name] ?? stage.version,
        upstream,
        reads,
        ...extra,
      },
      32,
    );
  };
  // Each corpus stage consumes what it is built from: chunk the dataset, embed and BM25 the chunks.
  const stages = CORPUS_STAGES;
  const chunk = material(stages.chunk, [inputs.fingerprint]);
  const usesDense = config.retrieval === 'dense' || config.retrieval === 'hybrid';
  const usesBm25 = config.retrieval === 'bm25' || config.retrieval === 'hybrid';
  const embed = usesDense ? material(stages.embed, [chunk], stages.embed.keyMaterial?.(inputs)) : null;
  const denseIndex = embed ? material(stages.denseIndex, [embed], stages.denseIndex.keyMaterial?.(inputs)) : null;
  const bm25Index = usesBm25 ? material(stages.bm25Index, [chunk], stages.bm25Index.keyMaterial?.(inputs)) : null;
  // Each per-question stage consumes the one before it; the first one, the retrieval indexes.
  const perQuestion: Record<StageName, string> = {};
  let upstream: (string | null)[] = [denseIndex, bm25Index];
  for (const stage of inputs.stages ?? QUESTION_STAGES) {
    const key = material(stage, upstream, stage.keyMaterial?.(inputs));
    perQuestion[stage.name] = key;
    upstream = [key];
  }
  return { chunk, embed, denseIndex, bm25Index, perQuestion };
}

/** Key of one question's output of a per-question stage. */
export function questionKey(stageKey: string, questionId: string): string {
  return stableHash({ stageKey, questionId }, 32);
}
