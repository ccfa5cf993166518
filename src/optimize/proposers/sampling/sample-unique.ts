import type { Config, SearchSpace } from '../../../space/parameter-schema.js';
import { configIdentity } from './config-identity.js';
import { finiteValues } from './discretise-space.js';
import { createGrid } from './grid-enumeration.js';
import { unseenGridPoints } from './unseen-grid-points.js';
import { sampleConfig } from './sample-config.js';

/** Largest finite space that is enumerated once random draws keep colliding. */
const ENUMERATION_LIMIT = 200_000;

/**
 * Draws up to `n` random configurations whose identity is not in `seen`, adding each one to `seen`
 * (so a batch never repeats itself).
 *
 * Random draws come first; after `maxMisses` consecutive collisions the space is probably nearly
 * exhausted, so a finite space (categoricals, ints, stepped floats) of up to 200k points is walked
 * in a seeded order instead. Returning fewer than `n` therefore means the space is really
 * exhausted, or it is too large to enumerate and random draws kept hitting tried points.
 */
export function sampleUnique(options: {
  space: SearchSpace;
  n: number;
  random: () => number;
  seen: Set<string>;
  maxMisses?: number;
}): Config[] {
  const { space, n, random, seen, maxMisses = 64 } = options;
  const out: Config[] = [];
  let misses = 0;
  while (out.length < n && misses < maxMisses) {
    const config = sampleConfig({ space, random });
    const id = configIdentity(config);
    if (seen.has(id)) {
      misses++;
      continue;
    }
    misses = 0;
    seen.add(id);
    out.push(config);
  }
  if (out.length < n) out.push(...enumerateUnseen({ space, n: n - out.length, random, seen }));
  return out;
}

function enumerateUnseen(options: {
  space: SearchSpace;
  n: number;
  random: () => number;
  seen: Set<string>;
}): Config[] {
  const { space, n, random, seen } = options;
  const values = space.parameters.map((p) => finiteValues(p, ENUMERATION_LIMIT));
  if (values.some((v) => v === undefined)) return [];
  const grid = createGrid({ space, levels: (p) => values[space.parameters.indexOf(p)] ?? [] });
  if (grid.size > ENUMERATION_LIMIT) return [];
  return unseenGridPoints({ grid, n, random, seen }).map((point) => point.config);
}
