/**
 * LangChain's LongContextReorder ("lost in the middle", Liu et al. 2023), the same loop: given
 * items best first, the two best go to the two ends, and so on inwards, so the weakest sit in the
 * middle where long-context models attend least. [1,2,3,4,5] → [1,3,5,4,2]; on an even count the
 * best lands last: [1,2,3,4] → [2,4,3,1].
 */
export function longContextOrder<T>(bestFirst: readonly T[]): T[] {
  const out: T[] = [];
  [...bestFirst].reverse().forEach((item, i) => {
    if (i % 2 === 1) out.push(item);
    else out.unshift(item);
  });
  return out;
}
