import type { Usage } from '../accounting/usage.js';
import type { ExecutionStats } from './execution-stats.js';
import type { StepResult } from './step-result.js';
import type { CostRecord, StageCache } from './stage-cache.js';
import { questionKey } from './stage-keys.js';

/**
 * One question's pass through one stage, via the stage cache. On a miss, `prepare` runs first,
 * outside the clock: it loads (or, on the first question, builds) corpus artifacts, whose cost is
 * recorded as build cost, so it must not also count as this question's latency.
 *
 * When the step called an LLM, its time inside the client is replaced by the successful attempts'
 * time: retries, Retry-After waits and back-off measure the endpoint's weather that minute, and
 * cached, they would make a configuration look slow forever. They are recorded apart as
 * `retryWaitMs`. Local steps (no timing) record their wall time. Only successes are stored.
 */
export async function cachedStep<T, P>(args: {
  cache: StageCache;
  stats: ExecutionStats;
  stage: string;
  stageKey: string;
  questionId: string;
  compute: (prepared: P) => Promise<StepResult<T>>;
  prepare: () => Promise<P>;
  /** False: neither read nor written (the step's key does not describe its input). */
  store: boolean;
  /** The component's pricing (remote components): a hit's tokens are priced by today's table. */
  priceUsage?: (usage: Usage) => Usage;
  /** Checks a cached value's shape: one that fails is corrupt (removed, counted) and recomputed. */
  accept?: (value: unknown) => boolean;
}): Promise<{ value: T; cost: CostRecord }> {
  const { cache, stats, stage, compute, priceUsage } = args;
  const key = questionKey(args.stageKey, args.questionId);
  let hit = args.store ? cache.getJson<T>(stage, key) : undefined;
  if (hit && args.accept && !args.accept(hit.value)) hit = cache.markCorrupt(stage, key);
  if (hit) {
    stats.hit(stage);
    return priceUsage ? { value: hit.value, cost: { ...hit.cost, usage: priceUsage(hit.cost.usage) } } : hit;
  }
  const prepared = await args.prepare();
  const started = performance.now();
  const { value, usage, timing } = await compute(prepared);
  const wallMs = performance.now() - started;
  const cost: CostRecord = timing
    ? { latencyMs: Math.max(0, wallMs - timing.elapsedMs) + timing.latencyMs, usage, retryWaitMs: timing.retryWaitMs }
    : { latencyMs: wallMs, usage, retryWaitMs: 0 };
  if (args.store) cache.putJson(stage, key, value, cost);
  stats.executed(stage);
  return { value, cost };
}
