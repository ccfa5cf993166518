import type { StageName } from './stages.js';

/**
 * Counts how often each stage really computed (cache misses) versus was served from cache.
 * Per-question stages count one execution per question computed.
 */
export class ExecutionStats {
  readonly executions: Record<StageName, number> = { chunk: 0, embed: 0, index: 0, retrieve: 0, rerank: 0, generate: 0 };
  readonly hits: Record<StageName, number> = { chunk: 0, embed: 0, index: 0, retrieve: 0, rerank: 0, generate: 0 };

  executed(stage: StageName, count = 1): void {
    this.executions[stage] += count;
  }

  hit(stage: StageName, count = 1): void {
    this.hits[stage] += count;
  }
}
