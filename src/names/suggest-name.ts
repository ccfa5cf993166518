import { distance } from 'fastest-levenshtein';

/** The closest known name to a misspelt one, if it is close enough to be a plausible typo. */
export function suggestName(unknown: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(unknown.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(unknown.length / 3)) ? best : undefined;
}

/** " Did you mean "x"?" or an empty string: ready to append to an error message. */
export function didYouMean(unknown: string, known: readonly string[]): string {
  const suggestion = suggestName(unknown, known);
  return suggestion ? ` Did you mean "${suggestion}"?` : '';
}
