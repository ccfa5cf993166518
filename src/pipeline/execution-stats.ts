import type { StageName } from './stage-names.js';

/**
 * Counts how often each stage really computed (cache misses) versus was served from cache.
 * Per-question stages count one execution per question computed. Every stage named at
 * construction starts at 0; a stage first counted later is added then.
 */
export class ExecutionStats {
  readonly executions: Record<StageName, number>;
  readonly hits: Record<StageName, number>;

  constructor(stages: readonly StageName[]) {
    this.executions = Object.fromEntries(stages.map((name) => [name, 0]));
    this.hits = Object.fromEntries(stages.map((name) => [name, 0]));
  }

  executed(stage: StageName, count = 1): void {
    this.executions[stage] = (this.executions[stage] ?? 0) + count;
  }

  hit(stage: StageName, count = 1): void {
    this.hits[stage] = (this.hits[stage] ?? 0) + count;
  }
}
