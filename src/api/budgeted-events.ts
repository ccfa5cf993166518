import { enforceCacheBudget } from '../maintenance/cache-budget.js';
import type { TuningEvents } from '../optimize/tuning-loop.js';
import type { StageCache } from '../pipeline/stage-cache.js';

/**
 * `events` plus the cache budget: after each trial, the least recently used stage-cache entries
 * go until the cache is within `maxBytes`, except what a trial still running may read (anything
 * used since the oldest running trial started). Evictions are counted in the cache's health.
 */
export function budgetedEvents(options: { cache: StageCache; maxBytes: number; events?: TuningEvents }): TuningEvents {
  const { cache, maxBytes, events } = options;
  const running = new Map<number, number>();
  return {
    ...events,
    onTrialStart(trial) {
      running.set(trial.number, Date.now());
      events?.onTrialStart?.(trial);
    },
    onTrialEnd(trial) {
      const started = running.get(trial.number) ?? Date.now();
      running.delete(trial.number);
      const keepUsedSince = Math.min(started, ...running.values());
      cache.health.evictedEntries(enforceCacheBudget({ cache, maxBytes, keepUsedSince }));
      events?.onTrialEnd?.(trial);
    },
  };
}
