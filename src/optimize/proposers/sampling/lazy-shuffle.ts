/**
 * Yields 0..size-1 in a seeded, uniformly random order, lazily.
 *
 * A partial Fisher–Yates shuffle over a virtual array whose swapped cells live in a sparse map, so
 * reading the first k indices costs O(k) time and memory even when `size` is in the millions (a
 * full grid of a realistic space). The same `random` sequence always gives the same order.
 */
export function* shuffledIndices(size: number, random: () => number): Generator<number> {
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? i;
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(uniform53(random) * (size - i));
    const picked = at(j);
    swapped.set(j, at(i));
    swapped.delete(i); // position i is never read again
    yield picked;
  }
}

/** A float in [0, 1) with 53 random bits from two 32-bit draws, so huge ranges stay uniform. */
function uniform53(random: () => number): number {
  return (Math.floor(random() * 2 ** 21) + random()) / 2 ** 21;
}
