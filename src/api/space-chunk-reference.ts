import type { ChunkSizeReference } from '../data/document-warnings.js';
import { largestChunkSize } from '../space/largest-chunk-size.js';
import type { SearchSpace } from '../space/parameter-schema.js';

/** The chunk size the long-document warning compares with before a search: the space's largest `chunk.size`. */
export function spaceChunkReference(space: SearchSpace): ChunkSizeReference | undefined {
  const tokens = largestChunkSize(space);
  return tokens === undefined ? undefined : { tokens, source: 'the largest chunk.size in the search space' };
}
