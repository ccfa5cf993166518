import type { LlmClientStats } from '../llm/llm-client.js';

/** How often the status line re-reads the LLM counters between progress events (ms). */
export const LLM_STATUS_INTERVAL_MS = 1000;

/**
 * The LLM part of the live status line, e.g. `llm: 3 retries, 1 failing, 2 failed, breaker open`:
 * retries so far, calls in progress whose last attempt failed, calls failed for good, and the
 * circuit breaker when it is not closed. Null while every call has succeeded at once, so a healthy
 * run's status line is unchanged. Read on every progress refresh and once a second in between,
 * because retries and back-off happen while no trial or question finishes.
 */
export function llmProgressStatus(
  stats: Pick<LlmClientStats, 'retries' | 'failingNow' | 'failures' | 'breakerState'>,
): string | null {
  const parts = [
    ...(stats.retries ? [`${stats.retries} ${stats.retries === 1 ? 'retry' : 'retries'}`] : []),
    ...(stats.failingNow ? [`${stats.failingNow} failing`] : []),
    ...(stats.failures ? [`${stats.failures} failed`] : []),
    ...(stats.breakerState === 'closed' ? [] : [`breaker ${stats.breakerState}`]),
  ];
  return parts.length ? `llm: ${parts.join(', ')}` : null;
}
