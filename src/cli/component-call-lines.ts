import type { ComponentCalls } from '../llm/component-calls.js';

/** Totals over the ComponentCalls of a run (one per project, usually). */
function totals(calls: readonly ComponentCalls[]) {
  const all = calls.map((c) => c.stats());
  const sum = (pick: (s: (typeof all)[number]) => number) => all.reduce((n, s) => n + pick(s), 0);
  return {
    calls: sum((s) => s.calls),
    retries: sum((s) => s.retries),
    failures: sum((s) => s.failures),
    promptTokens: sum((s) => s.promptTokens),
    completionTokens: sum((s) => s.completionTokens),
    costUsd: sum((s) => s.costUsd),
    costUnknown: all.some((s) => s.costUnknown),
  };
}

/** The `langchain` member of the JSON reports: the calls of the project's LangChain.js components. */
export function componentCallsJson(calls: readonly ComponentCalls[]): Record<string, number | null> {
  const t = totals(calls);
  return {
    calls: t.calls,
    retries: t.retries,
    failures: t.failures,
    prompt_tokens: t.promptTokens,
    completion_tokens: t.completionTokens,
    cost_usd: t.costUnknown ? null : t.costUsd,
  };
}

/** One line for the terminal, like the `llm` line; cost unknown (never $0) when a model has no price. */
export function formatComponentCallsLine(calls: readonly ComponentCalls[]): string {
  const t = totals(calls);
  const cost = t.costUnknown ? 'cost unknown' : `$${t.costUsd.toFixed(6)}`;
  return `langchain components: ${t.calls} calls, ${t.retries} retries, ${t.failures} failed, ${t.promptTokens}+${t.completionTokens} tokens, ${cost}`;
}
