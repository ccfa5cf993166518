import type { Config } from '../../../space/parameter-schema.js';
import { configIdentity } from './config-identity.js';
import type { Grid } from './grid-enumeration.js';
import { shuffledIndices } from './lazy-shuffle.js';

/**
 * Up to `n` points of `grid` in a seeded random order whose identity is not in `seen`, adding
 * each to `seen` (so a batch never repeats itself). Walks the order lazily: cheap on huge grids.
 */
export function unseenGridPoints(options: {
  grid: Grid;
  n: number;
  random: () => number;
  seen: Set<string>;
}): { index: number; config: Config }[] {
  const { grid, n, random, seen } = options;
  const out: { index: number; config: Config }[] = [];
  for (const index of shuffledIndices(grid.size, random)) {
    if (out.length >= n) break;
    const config = grid.at(index);
    const id = configIdentity(config);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ index, config });
  }
  return out;
}
