import type { LlmClient } from '../llm/llm-client.js';
import type { ComponentCalls } from '../llm/component-calls.js';
import type { SpendAccount } from '../llm/usage-ledger.js';
import type { Study } from '../optimize/study.js';

/**
 * Makes `--max-cost` the study's total: binds the client's cap to the study's stored spend, so a
 * resumed study continues from what earlier processes paid, and every finished call's cost is
 * added to the store as it happens (a killed process loses at most the calls in flight).
 *
 * The cap is stored with the study: a later process without `--max-cost` keeps it, one with
 * `--max-cost` replaces it. Called by `tune` and `chat` right after the study is opened, before
 * any LLM request. Returns a line for the user when earlier spend or a stored cap applies, else null.
 * Throws TuneRagError when a cap applies to a model without a price (see `--prices`).
 */
export function bindStudySpend(options: {
  study: Study;
  client?: LlmClient | null;
  /** LangChain.js components' calls (see ComponentCalls): their spend counts towards the same cap. */
  calls?: readonly ComponentCalls[];
  maxCostUsd?: number;
}): string | null {
  const { study } = options;
  const spenders: { bindSpendAccount(account: SpendAccount): void; stats(): { costUsd: number } }[] = [
    ...(options.client ? [options.client] : []),
    ...(options.calls ?? []),
  ];
  if (spenders.length === 0) return null;
  const stored = study.spend();
  const flagged = options.maxCostUsd ?? null;
  const capUsd = flagged ?? stored.capUsd;
  for (const spender of spenders)
    spender.bindSpendAccount({
      priorUsd: stored.spentUsd,
      capUsd,
      onSpend: (costUsd) => study.addSpend(costUsd),
      spentElsewhereUsd: () =>
        spenders.reduce((sum, other) => (other === spender ? sum : sum + other.stats().costUsd), 0),
    });
  if (flagged !== null && flagged !== stored.capUsd) study.setSpendCap(flagged);
  const dollars = `$${stored.spentUsd.toFixed(6)}`;
  // Same wording as the llm line: an unpriced model's spend is unknown, never "$0".
  const spent = !stored.costUnknown
    ? dollars
    : stored.spentUsd > 0
      ? `at least ${dollars} (cost unknown for unpriced calls)`
      : 'cost unknown';
  if (capUsd === null)
    return stored.spentUsd > 0 || stored.costUnknown
      ? `LLM spend of this study so far: ${spent} (no --max-cost)`
      : null;
  const source =
    flagged === null
      ? 'stored with the study'
      : stored.capUsd !== null && stored.capUsd !== flagged
        ? `--max-cost, was $${stored.capUsd}`
        : '--max-cost';
  if (stored.spentUsd === 0 && !stored.costUnknown && source === '--max-cost') return null;
  return `spend cap $${capUsd} for the whole study (${source}): ${spent} spent by earlier runs, $${Math.max(0, capUsd - stored.spentUsd).toFixed(6)} left`;
}
