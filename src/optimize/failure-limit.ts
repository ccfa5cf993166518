import { formatErrorGroups, groupErrors } from '../metrics/error-groups.js';

/** Default share of failed questions above which a trial is failed, not ranked (a study setting). */
export const DEFAULT_MAX_FAILURE_RATE = 0.2;

/**
 * Why a rung's failures fail the whole trial, or null when they stay within the limit. A trial
 * fails when the share of failed questions exceeds `maxFailureRate`, or when every question
 * failed (even with a limit of 1: there is nothing left to rank). Checked after every rung, so a
 * configuration that breaks on a tenth of the questions stops at the first rung instead of
 * being promoted on the answers it did give.
 *
 * The reason reads `7 of 30 questions failed (23%, limit 20%): <most common error> (x5), ...`.
 */
export function failureLimitReason(options: {
  errors: readonly (string | undefined)[];
  maxFailureRate: number;
}): string | null {
  const total = options.errors.length;
  const groups = groupErrors(options.errors);
  const failed = groups.reduce((sum, g) => sum + g.count, 0);
  if (total === 0 || failed === 0) return null;
  if (failed / total <= options.maxFailureRate && failed < total) return null;
  const pct = (share: number) => `${Math.round(share * 100)}%`;
  return `${failed} of ${total} questions failed (${pct(failed / total)}, limit ${pct(options.maxFailureRate)}): ${formatErrorGroups(groups)}`;
}
