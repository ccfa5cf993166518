/**
 * LangChain's LongContextReorder ("lost in the middle", Liu et al. 2023): given items best first,
 * returns them with the best at the start, the second best at the end, and so on inwards, so the
 * weakest sit in the middle where long-context models attend least. [1,2,3,4,5] → [1,3,5,4,2].
 */
export function longContextOrder<T>(bestFirst: readonly T[]): T[] {
  const out: T[] = [];
  [...bestFirst].reverse().forEach((item, i) => {
    if (i % 2 === 1) out.push(item);
    else out.unshift(item);
  });
  return out;
}
