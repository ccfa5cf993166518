import type { SearchSpace } from './parameter-schema.js';

/**
 * The largest `chunk.size` (tokens) a search space can propose: the top of an int/float range or
 * the largest numeric categorical value. Undefined when the space has no numeric chunk.size.
 * Used to warn about documents far longer than any chunk before a search starts.
 */
export function largestChunkSize(space: SearchSpace): number | undefined {
  const param = space.parameters.find((p) => p.name === 'chunk.size');
  if (!param) return undefined;
  if (param.type !== 'categorical') return param.high;
  const sizes = param.values.filter((v): v is number => typeof v === 'number');
  return sizes.length === 0 ? undefined : Math.max(...sizes);
}
