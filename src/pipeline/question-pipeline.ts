import type { QaItem } from '../data/dataset-schema.js';
import { isSpendCapReached } from '../llm/llm-error.js';
import { addUsage, ZERO_USAGE, type Usage } from '../providers/usage.js';
import { RETRIEVAL_DEPTH } from '../space/catalogue.js';
import type { Config } from '../space/parameter-schema.js';
import type { ScoredChunk } from './chunk.js';
import { CONTEXT_SEPARATOR, packContext } from './context-packing.js';
import type { CorpusArtifacts } from './corpus-artifacts.js';
import type { ExecutionStats } from './execution-stats.js';
import { fuseReciprocalRank, fuseWeighted } from './fusion.js';
import type { PipelineComponents } from './pipeline-components.js';
import type { QuestionOutcome } from './question-outcome.js';
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

/**
 * Runs retrieve -> rerank -> generate for one question, each step served from the stage cache
 * when its key was computed before. A failure becomes an outcome with `error` (and is not
 * cached), never an exception that stops the other questions.
 */
export async function runQuestion(item: QaItem, options: QuestionPipelineOptions): Promise<QuestionOutcome> {
  const { config, keys } = options;
  try {
    const retrieved = await cachedStep(options, 'retrieve', keys.retrieve, item.id, (indexes) => retrieve(item.question, indexes, options), () => loadIndexes(options));
    const reranked = config.reranker === 'none'
      ? { value: retrieved.value, cost: { latencyMs: 0, usage: ZERO_USAGE } }
      : await cachedStep(options, 'rerank', keys.rerank, item.id, () => rerank(item.question, retrieved.value, options));
    const topK = reranked.value.slice(0, config.top_k as number).map((s) => s.chunkIndex);
    const generated = await cachedStep(options, 'generate', keys.generate, item.id, () => generate(item.question, topK, options));
    const usage: Usage = addUsage(addUsage(retrieved.cost.usage, reranked.cost.usage), generated.cost.usage);
    return {
      questionId: item.id,
      retrieved: topK,
      contextChunks: generated.value.contextChunks,
      context: generated.value.context,
      answer: generated.value.answer,
      latencyMs: retrieved.cost.latencyMs + reranked.cost.latencyMs + generated.cost.latencyMs,
      stageLatencyMs: { retrieve: retrieved.cost.latencyMs, rerank: reranked.cost.latencyMs, generate: generated.cost.latencyMs },
      usage,
    };
  } catch (error) {
    // Reaching --max-cost is not this question's failure: it must stop the whole run.
    if (isSpendCapReached(error)) throw error;
    return {
      questionId: item.id, retrieved: [], contextChunks: [], context: '', answer: null, latencyMs: 0,
      stageLatencyMs: { retrieve: 0, rerank: 0, generate: 0 }, usage: ZERO_USAGE,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * One per-question step through the stage cache. On a miss, `prepare` runs first, outside the
 * clock: it loads (or, on the first question, builds) corpus artifacts, whose cost is recorded as
 * build cost, so it must not also count as this question's latency.
 */
async function cachedStep<T, P = undefined>(
  options: QuestionPipelineOptions, stage: StageName, stageKey: string, questionId: string,
  compute: (prepared: P) => Promise<{ value: T; usage: Usage }>,
  prepare?: () => Promise<P>,
): Promise<{ value: T; cost: CostRecord }> {
  const key = questionKey(stageKey, questionId);
  const hit = options.cache.getJson<T>(stage, key);
  if (hit) {
    options.stats.hit(stage);
    return hit;
  }
  const prepared = prepare ? await prepare() : (undefined as P);
  const started = performance.now();
  const { value, usage } = await compute(prepared);
  const cost = { latencyMs: performance.now() - started, usage };
  options.cache.putJson(stage, key, value, cost);
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

async function retrieve(question: string, indexes: Indexes, options: QuestionPipelineOptions): Promise<{ value: ScoredChunk[]; usage: Usage }> {
  const { config } = options;
  const mode = config.retrieval;
  let usage: Usage = ZERO_USAGE;
  let dense: ScoredChunk[] = [];
  let sparse: ScoredChunk[] = [];
  if (indexes.dense) {
    const embedded = await indexes.dense.embedder.embed([question], 'query');
    usage = embedded.usage;
    dense = indexes.dense.index.search(embedded.vectors[0], RETRIEVAL_DEPTH);
  }
  if (indexes.bm25) sparse = indexes.bm25.search(question, RETRIEVAL_DEPTH);
  let ranked: ScoredChunk[];
  if (mode === 'dense') ranked = dense;
  else if (mode === 'bm25') ranked = sparse;
  else if (config.fusion === 'weighted') ranked = fuseWeighted({ dense, sparse, weight: config['fusion.weight'] as number });
  else ranked = fuseReciprocalRank({ lists: [dense, sparse] });
  return { value: ranked.slice(0, RETRIEVAL_DEPTH).map(roundScore), usage };
}

async function rerank(question: string, retrieved: ScoredChunk[], options: QuestionPipelineOptions): Promise<{ value: ScoredChunk[]; usage: Usage }> {
  const { config, keys, artifacts, components, rerankCandidates } = options;
  const { chunks } = await artifacts.chunks(config, keys);
  const reranker = components.reranker(config.reranker as string);
  const candidates = retrieved.slice(0, rerankCandidates).map((s) => ({
    chunkIndex: s.chunkIndex, text: chunks[s.chunkIndex].text, title: chunks[s.chunkIndex].title, score: s.score,
  }));
  const params = config['mmr.lambda'] === undefined ? {} : { lambda: config['mmr.lambda'] };
  const { ranked, usage } = await reranker.rerank({ question, candidates, params });
  return { value: ranked.map(roundScore), usage };
}

async function generate(question: string, topK: number[], options: QuestionPipelineOptions): Promise<{ value: GenerateOutput; usage: Usage }> {
  const { config, keys, artifacts, components } = options;
  const { chunks, tokenCounts } = await artifacts.chunks(config, keys);
  const packed = packContext({ ranked: topK, chunks, tokenCounts, maxTokens: config['context.max_tokens'] as number });
  const generator = components.generator(config.generator as string);
  const prompt = config.prompt === undefined ? undefined : components.prompt(config.prompt as string).text;
  const contexts = packed.indices.map((index, i) => ({ text: packed.texts[i], docId: chunks[index].docId, title: chunks[index].title }));
  const params = config.temperature === undefined ? {} : { temperature: config.temperature };
  const { answer, usage } = await generator.generate({ question, contexts, prompt, params });
  return { value: { answer, contextChunks: packed.indices, context: packed.texts.join(CONTEXT_SEPARATOR) }, usage };
}

/** Scores are stored rounded: JSON round-trips must not change rankings by float noise. */
function roundScore(s: ScoredChunk): ScoredChunk {
  return { chunkIndex: s.chunkIndex, score: Math.round(s.score * 1e6) / 1e6 };
}
