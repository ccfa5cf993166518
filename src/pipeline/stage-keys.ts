import { stableHash } from '../json/canonical-json.js';
import type { KeyedStage, KeyInputs, StageKeys } from './stage-key-inputs.js';
import type { StageName } from './stage-names.js';
import { CORPUS_STAGES, QUESTION_STAGES } from './stages.js';

export type { KeyInputs, StageKeys } from './stage-key-inputs.js';

/** Bump when the layout of cached values changes: every key changes with it. */
const CACHE_FORMAT = 'tune-rag-cache/1';

/** Cache keys of every stage for one configuration over one dataset. */
export function computeStageKeys(inputs: KeyInputs): StageKeys {
  const { config } = inputs;
  const material = (
    stage: { name: string; version: string; reads: readonly string[]; activeReads?: KeyedStage['activeReads'] },
    upstream: (string | null)[],
    extra: Record<string, unknown> = {},
  ) => {
    const readKeys = stage.activeReads?.(config) ?? stage.reads;
    const reads = Object.fromEntries(readKeys.map((key) => [key, config[key]]));
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
  // A registered retriever builds its own index over the chunks: it consumes the chunk set.
  let upstream: (string | null)[] = denseIndex === null && bm25Index === null ? [chunk] : [denseIndex, bm25Index];
  for (const stage of inputs.stages ?? QUESTION_STAGES) {
    if (stage.passesThrough?.(config)) continue;
    const questionOnly = stage.questionOnly?.(config) === true;
    const key = material(stage, questionOnly ? [inputs.fingerprint] : upstream, stage.keyMaterial?.(inputs));
    perQuestion[stage.name] = key;
    // What follows a question-only stage consumes both its output and what came before it.
    upstream = questionOnly ? [...upstream, key] : [key];
  }
  const denseSearch = denseIndex === null ? null : (inputs.denseSearch ?? 'hnsw');
  return { chunk, embed, denseIndex, denseSearch, bm25Index, perQuestion };
}

/** Key of one question's output of a per-question stage. */
export function questionKey(stageKey: string, questionId: string): string {
  return stableHash({ stageKey, questionId }, 32);
}
