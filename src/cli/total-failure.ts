import { formatErrorGroups, groupErrors, type ErrorGroup } from '../metrics/error-groups.js';
import { TuneRagError } from '../errors.js';
import type { LlmClientStats } from '../llm/llm-client.js';
import { INTERRUPTED } from '../optimize/study.js';
import type { StudySummary } from '../optimize/study-summary.js';

const HINT =
  'Fix the cause above (for an LLM: the endpoint, key and model; see the llm line), then run again: answers that succeeded are cached and not paid again.';

/**
 * Whether the LLM was called and every call failed because of the endpoint (unreachable, 5xx,
 * 429s, 4xx, open breaker): none answered, none came from the cache. A refusal is an answer from
 * a working endpoint, so it does not count. Such a run did not measure what the user asked the
 * LLM for, so it must not exit 0.
 */
export function everyLlmCallFailed(stats: LlmClientStats): boolean {
  return stats.calls > 0 && stats.endpointFailures === stats.calls && stats.cacheHits === 0;
}

/**
 * The error `tune` exits with (code 2) when nothing was measured: every trial failed for a reason
 * of its own, or every LLM call failed, or the endpoint failed more of its calls than the
 * study's `maxFailureRate` (the local baseline may still complete, but none of the LLM
 * configurations the user asked for did; a dead endpoint used to exit 0 after minutes). Interrupted
 * trials are re-run on resume, so they are no verdict. Called after the outputs are written, so
 * nothing finished is lost. Null when the study produced measurements.
 */
export function tuneTotalFailure(options: {
  summary: StudySummary;
  /** The run's LLM client (its stats are read), or null without --llm. */
  llm: { client: { stats(): LlmClientStats } } | null;
  maxFailureRate: number;
}): TuneRagError | null {
  const { trials, counts, failures } = options.summary;
  const llm = options.llm ? options.llm.client.stats() : null;
  const failed = trials.filter((t) => t.state === 'failed' && t.error !== INTERRUPTED);
  if (counts.complete + counts.pruned === 0 && failed.length > 0) {
    const reasons = formatErrorGroups(groupErrors(failed.map((t) => t.error ?? 'unknown error')), { maxChars: 240 });
    return new TuneRagError('pipeline', `every trial failed (${failed.length} of ${trials.length}): ${reasons}`, {
      hint: HINT,
    });
  }
  if (llm && everyLlmCallFailed(llm)) return llmTotalFailure({ stats: llm, errors: failures.byError });
  if (llm && llmFailureShare(llm) > options.maxFailureRate) {
    return llmPartialFailure({ stats: llm, errors: failures.byError, maxFailureRate: options.maxFailureRate });
  }
  return null;
}

/** Share of LLM calls the endpoint failed (after retries); 0 when none was made. */
export function llmFailureShare(stats: LlmClientStats): number {
  return stats.calls === 0 ? 0 : stats.endpointFailures / stats.calls;
}

/**
 * An endpoint that fails more of its calls than the study's failure limit (e.g. HTTP 400 on half
 * the questions) makes the LLM configurations' scores measure the endpoint, not the pipeline:
 * those trials are failed and not ranked, and the run must not exit 0 as if the search worked.
 */
function llmPartialFailure(options: {
  stats: LlmClientStats;
  errors: readonly ErrorGroup[];
  maxFailureRate: number;
}): TuneRagError {
  const { stats, errors } = options;
  const pct = (share: number) => `${Math.round(share * 100)}%`;
  const reasons = errors.length ? `: ${formatErrorGroups(errors, { maxChars: 240 })}` : '';
  return new TuneRagError(
    'pipeline',
    `the LLM endpoint failed ${stats.endpointFailures} of ${stats.calls} calls (${pct(llmFailureShare(stats))}, limit ${pct(options.maxFailureRate)} set by --max-failure-rate); ` +
      `trials over the limit are failed and not ranked${reasons}`,
    { hint: HINT },
  );
}

/** "every LLM call failed (12 of 12, 30 retries): <grouped question errors>", for `run` and `tune`. */
export function llmTotalFailure(options: { stats: LlmClientStats; errors: readonly ErrorGroup[] }): TuneRagError {
  const { stats, errors } = options;
  const reasons = errors.length ? `: ${formatErrorGroups(errors, { maxChars: 240 })}` : '';
  return new TuneRagError(
    'pipeline',
    `every LLM call failed (${stats.failures} of ${stats.calls}, ${stats.retries} retries)${reasons}`,
    { hint: HINT },
  );
}
