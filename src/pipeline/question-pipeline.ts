import type { QaItem } from '../data/dataset-schema.js';
import { LlmError, stopsTheRun, usageOfFailure } from '../llm/llm-error.js';
import type { CallTiming } from '../accounting/call-timing.js';
import { addUsage, ZERO_USAGE, type Usage } from '../accounting/usage.js';
import { RETRIEVAL_DEPTH } from '../space/catalogue.js';
import type { Config } from '../space/parameter-schema.js';
import type { ScoredChunk } from '../chunking/chunk.js';
import { CONTEXT_SEPARATOR, packContext } from './context-packing.js';
import type { CorpusArtifacts } from './corpus-artifacts.js';
import type { ExecutionStats } from './execution-stats.js';
import { fuseReciprocalRank, fuseWeighted } from '../retrieval/fusion.js';
import type { PipelineComponents } from '../providers/pipeline-components.js';
import type { QuestionOutcome, RerankStatus } from '../metrics/question-outcome.js';
import type { CostRecord, StageCache } from './stage-cache.js';
import { questionKey, type StageKeys } from './stage-keys.js';
import type { StageName } from './stages.js';

export interface QuestionPipelineOptions {
  config: Config;
  keys: StageKeys;
  rerankCandidates: number;
  artifacts: CorpusArtifacts;
  cache: StageCache;
  components: PipelineComponents;
  stats: ExecutionStats;
}

interface GenerateOutput {
  answer: string;
  contextChunks: number[];
  context: string;
}

/** What a step computes: its value, the usage it spent and, for LLM calls, their timing. */
type StepResult<T> = { value: T; usage: Usage; timing?: CallTiming };

/**
 * The rerank stage's cached value: the ranking, plus for model rerankers whether it was repaired.
 * Local rerankers (and caches written before the flag existed) store the bare array.
 */
type RerankValue = ScoredChunk[] | { ranked: ScoredChunk[]; repaired: boolean };

/**
 * Runs retrieve -> rerank -> generate for one question, each step served from the stage cache
 * when its key was computed before. A failure becomes an outcome with `error` (and is not
 * cached), never an exception that stops the other questions; it keeps the usage spent up to and
 * including the failed call (the error of an LLM adapter carries it), so its cost counts.
 */
export async function runQuestion(item: QaItem, options: QuestionPipelineOptions): Promise<QuestionOutcome> {
  const { config, keys } = options;
  let spent: Usage = ZERO_USAGE;
  let retryWaitMs = 0;
  let rerankStatus: RerankStatus | undefined;
  const step = async <T, P = undefined>(stage: StageName, stageKey: string, compute: (prepared: P) => Promise<StepResult<T>>, prepare?: () => Promise<P>, priceUsage?: (usage: Usage) => Usage) => {
    // After a rerank fallback the later steps saw a different ranking than their keys say: never cached.
    const result = await cachedStep({ options, stage, stageKey, questionId: item.id, compute, prepare, store: rerankStatus !== 'fallback', priceUsage });
    spent = addUsage(spent, result.cost.usage);
    retryWaitMs += result.cost.retryWaitMs ?? 0;
    return result;
  };
  try {
    const retrieved = await step('retrieve', keys.retrieve, (indexes: Indexes) => retrieve(item.question, indexes, options), () => loadIndexes(options));
    let reranked: { value: ScoredChunk[]; cost: CostRecord } = { value: retrieved.value, cost: { latencyMs: 0, usage: ZERO_USAGE } };
    if (config.reranker !== 'none') {
      const started = performance.now();
      try {
        const reranker = options.components.reranker(config.reranker as string);
        const result = await step('rerank', keys.rerank, () => rerank(item.question, retrieved.value, options), undefined, reranker.priceUsage?.bind(reranker));
        const { value } = result;
        reranked = { value: Array.isArray(value) ? value : value.ranked, cost: result.cost };
        if (!Array.isArray(value)) rerankStatus = value.repaired ? 'repaired' : 'ok';
      } catch (error) {
        // A model reranker that failed (after retries and the repair round) leaves the first-stage
        // order, which is what the pipeline without reranking would use: the question still gets
        // an answer, and the fallback is counted instead. What it spent still counts; its time is
        // time lost to failed calls, not latency.
        if (stopsTheRun(error) || !(error instanceof LlmError)) throw error;
        spent = addUsage(spent, error.usage);
        retryWaitMs += performance.now() - started;
        rerankStatus = 'fallback';
      }
    }
    const topK = reranked.value.slice(0, config.top_k as number).map((s) => s.chunkIndex);
    const generator = options.components.generator(config.generator as string);
    const generated = await step('generate', keys.generate, () => generate(item.question, topK, options), undefined, generator.priceUsage?.bind(generator));
    const usage: Usage = spent;
    return {
      questionId: item.id,
      retrieved: topK,
      contextChunks: generated.value.contextChunks,
      context: generated.value.context,
      answer: generated.value.answer,
      latencyMs: retrieved.cost.latencyMs + reranked.cost.latencyMs + generated.cost.latencyMs,
      stageLatencyMs: { retrieve: retrieved.cost.latencyMs, rerank: reranked.cost.latencyMs, generate: generated.cost.latencyMs },
      retryWaitMs,
      usage,
      ...(rerankStatus ? { rerank: rerankStatus } : {}),
    };
  } catch (error) {
    // Reaching --max-cost or a rejected key is not this question's failure: it must stop the whole run.
    if (stopsTheRun(error)) throw error;
    return {
      questionId: item.id, retrieved: [], contextChunks: [], context: '', answer: null, latencyMs: 0,
      stageLatencyMs: { retrieve: 0, rerank: 0, generate: 0 }, retryWaitMs, usage: addUsage(spent, usageOfFailure(error)),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * One per-question step through the stage cache. On a miss, `prepare` runs first, outside the
 * clock: it loads (or, on the first question, builds) corpus artifacts, whose cost is recorded as
 * build cost, so it must not also count as this question's latency.
 *
 * When the step called an LLM, its time inside the client is replaced by the successful attempts'
 * time: retries, Retry-After waits and back-off measure the endpoint's weather that minute, and
 * cached, they would make a configuration look slow forever. They are recorded apart as
 * `retryWaitMs`. Local steps (no timing) record their wall time.
 */
async function cachedStep<T, P = undefined>(args: {
  options: QuestionPipelineOptions; stage: StageName; stageKey: string; questionId: string;
  compute: (prepared: P) => Promise<StepResult<T>>;
  prepare?: () => Promise<P>;
  /** False: neither read nor written (the step's key does not describe its input). */
  store: boolean;
  /** The component's pricing (remote components): a hit's tokens are priced by today's table. */
  priceUsage?: (usage: Usage) => Usage;
}): Promise<{ value: T; cost: CostRecord }> {
  const { options, stage, compute, prepare } = args;
  const key = questionKey(args.stageKey, args.questionId);
  const hit = args.store ? options.cache.getJson<T>(stage, key) : undefined;
  if (hit) {
    options.stats.hit(stage);
    return args.priceUsage ? { value: hit.value, cost: { ...hit.cost, usage: args.priceUsage(hit.cost.usage) } } : hit;
  }
  const prepared = prepare ? await prepare() : (undefined as P);
  const started = performance.now();
  const { value, usage, timing } = await compute(prepared);
  const wallMs = performance.now() - started;
  const cost: CostRecord = timing
    ? { latencyMs: Math.max(0, wallMs - timing.elapsedMs) + timing.latencyMs, usage, retryWaitMs: timing.retryWaitMs }
    : { latencyMs: wallMs, usage, retryWaitMs: 0 };
  if (args.store) options.cache.putJson(stage, key, value, cost);
  options.stats.executed(stage);
  return { value, cost };
}

type Indexes = { dense: Awaited<ReturnType<CorpusArtifacts['dense']>> | null; bm25: Awaited<ReturnType<CorpusArtifacts['bm25']>> | null };

/** The indexes a retrieval mode searches, loaded (or built) before the query clock starts. */
async function loadIndexes(options: QuestionPipelineOptions): Promise<Indexes> {
  const { config, keys, artifacts } = options;
  const mode = config.retrieval;
  return {
    dense: mode === 'dense' || mode === 'hybrid' ? await artifacts.dense(config, keys) : null,
    bm25: mode === 'bm25' || mode === 'hybrid' ? await artifacts.bm25(config, keys) : null,
  };
}

async function retrieve(question: string, indexes: Indexes, options: QuestionPipelineOptions): Promise<StepResult<ScoredChunk[]>> {
  const { config } = options;
  const mode = config.retrieval;
  let usage: Usage = ZERO_USAGE;
  let timing: CallTiming | undefined;
  let dense: ScoredChunk[] = [];
  let sparse: ScoredChunk[] = [];
  if (indexes.dense) {
    const embedded = await indexes.dense.embedder.embed([question], 'query');
    usage = embedded.usage;
    timing = embedded.timing;
    dense = indexes.dense.index.search(embedded.vectors[0], RETRIEVAL_DEPTH);
  }
  if (indexes.bm25) sparse = indexes.bm25.search(question, RETRIEVAL_DEPTH);
  let ranked: ScoredChunk[];
  if (mode === 'dense') ranked = dense;
  else if (mode === 'bm25') ranked = sparse;
  else if (config.fusion === 'weighted') ranked = fuseWeighted({ dense, sparse, weight: config['fusion.weight'] as number });
  else ranked = fuseReciprocalRank({ lists: [dense, sparse] });
  return { value: ranked.slice(0, RETRIEVAL_DEPTH).map(roundScore), usage, timing };
}

async function rerank(question: string, retrieved: ScoredChunk[], options: QuestionPipelineOptions): Promise<StepResult<RerankValue>> {
  const { config, keys, artifacts, components, rerankCandidates } = options;
  const { chunks } = await artifacts.chunks(config, keys);
  const reranker = components.reranker(config.reranker as string);
  const candidates = retrieved.slice(0, rerankCandidates).map((s) => ({
    chunkIndex: s.chunkIndex, text: chunks[s.chunkIndex].text, title: chunks[s.chunkIndex].title, score: s.score,
  }));
  const params = config['mmr.lambda'] === undefined ? {} : { lambda: config['mmr.lambda'] };
  const { ranked, usage, timing, repaired } = await reranker.rerank({ question, candidates, params });
  const value: RerankValue = repaired === undefined ? ranked.map(roundScore) : { ranked: ranked.map(roundScore), repaired };
  return { value, usage, timing };
}

async function generate(question: string, topK: number[], options: QuestionPipelineOptions): Promise<StepResult<GenerateOutput>> {
  const { config, keys, artifacts, components } = options;
  const { chunks, tokenCounts } = await artifacts.chunks(config, keys);
  const packed = packContext({ ranked: topK, chunks, tokenCounts, maxTokens: config['context.max_tokens'] as number });
  const generator = components.generator(config.generator as string);
  const prompt = config.prompt === undefined ? undefined : components.prompt(config.prompt as string).text;
  const contexts = packed.indices.map((index, i) => ({ text: packed.texts[i], docId: chunks[index].docId, title: chunks[index].title }));
  const params = config.temperature === undefined ? {} : { temperature: config.temperature };
  const { answer, usage, timing } = await generator.generate({ question, contexts, prompt, params });
  return { value: { answer, contextChunks: packed.indices, context: packed.texts.join(CONTEXT_SEPARATOR) }, usage, timing };
}

/** Scores are stored rounded: JSON round-trips must not change rankings by float noise. */
function roundScore(s: ScoredChunk): ScoredChunk {
  return { chunkIndex: s.chunkIndex, score: Math.round(s.score * 1e6) / 1e6 };
}
