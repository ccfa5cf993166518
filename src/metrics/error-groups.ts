/** One error message and how many questions (or trials) it stopped. */
export interface ErrorGroup {
  message: string;
  count: number;
}

/**
 * Groups error messages by exact text, most frequent first (ties by message, so the order is
 * stable across runs). Undefined entries (questions that did not fail) are skipped. Called for a
 * trial's failure reason and for the failure tables of `run`, `show`, `--json` and the report.
 */
export function groupErrors(errors: Iterable<string | undefined>): ErrorGroup[] {
  const counts = new Map<string, number>();
  for (const error of errors) if (error !== undefined) counts.set(error, (counts.get(error) ?? 0) + 1);
  return [...counts].map(([message, count]) => ({ message, count })).sort(byCountThenMessage);
}

function byCountThenMessage(a: ErrorGroup, b: ErrorGroup): number {
  return b.count - a.count || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** Adds groups counted elsewhere (other trials) into one list, re-sorted like {@link groupErrors}. */
export function mergeErrorGroups(lists: Iterable<readonly ErrorGroup[]>): ErrorGroup[] {
  const counts = new Map<string, number>();
  for (const list of lists) for (const g of list) counts.set(g.message, (counts.get(g.message) ?? 0) + g.count);
  return [...counts].map(([message, count]) => ({ message, count })).sort(byCountThenMessage);
}

/** `msg (x5), other (x2), and 3 more` with long messages shortened: one line for tables and reasons. */
export function formatErrorGroups(
  groups: readonly ErrorGroup[],
  options: { max?: number; maxChars?: number } = {},
): string {
  const max = options.max ?? 3;
  const maxChars = options.maxChars ?? 160;
  const shown = groups
    .slice(0, max)
    .map((g) => `${g.message.length > maxChars ? `${g.message.slice(0, maxChars - 1)}…` : g.message} (x${g.count})`);
  const rest = groups.length - max;
  return rest > 0 ? `${shown.join(', ')}, and ${rest} more` : shown.join(', ');
}
