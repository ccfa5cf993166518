import { countTokens } from '../text/token-counter.js';
import type { TextSpan } from './text-span.js';

/** Options for {@link packSpans}. */
export interface PackSpansOptions {
  text: string;
  /** Consecutive, non-overlapping, trimmed units (sentences, sections) in document order. */
  units: readonly TextSpan[];
  /** Token budget per packed span. */
  size: number;
  /** Splits one unit that alone exceeds `size`; its spans are emitted as they are. */
  splitOversized: (unit: TextSpan) => TextSpan[] | Promise<TextSpan[]>;
}

/**
 * Greedily packs whole consecutive units into spans of at most `size` tokens (measured on the
 * span's own text, separators between units included); a unit longer than `size` on its own
 * is handed to `splitOversized`. Used by the sentence and markdown chunkers.
 */
export async function packSpans({ text, units, size, splitOversized }: PackSpansOptions): Promise<TextSpan[]> {
  const tokens = units.map((u) => countTokens(text.slice(u.start, u.end)));
  const spans: TextSpan[] = [];
  let i = 0;
  while (i < units.length) {
    const first = units[i] as TextSpan;
    if ((tokens[i] as number) > size) {
      spans.push(...(await splitOversized(first)));
      i++;
      continue;
    }
    // Estimate with per-unit counts (+1 for the whitespace between units), then check the
    // real text, which can tokenise a little differently where units meet.
    let last = i;
    let estimate = tokens[i] as number;
    while (last + 1 < units.length && estimate + 1 + (tokens[last + 1] as number) <= size) {
      last++;
      estimate += 1 + (tokens[last] as number);
    }
    while (last > i && countTokens(text.slice(first.start, (units[last] as TextSpan).end)) > size) last--;
    spans.push({ start: first.start, end: (units[last] as TextSpan).end });
    i = last + 1;
  }
  return spans;
}
