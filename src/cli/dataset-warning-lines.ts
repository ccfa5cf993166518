import type { DatasetWarning } from '../data/dataset-warning.js';
import type { ChunkSizeReference } from '../data/document-warnings.js';
import { largestChunkSize } from '../space/largest-chunk-size.js';
import type { SearchSpace } from '../space/parameter-schema.js';
import type { CliIo } from './cli-io.js';

/**
 * Prints dataset warnings before `tune`, `chat` or `run` starts, one `warning: ...` line each:
 * on stdout with the rest of the report, or on stderr when `--json` is given (stdout then only
 * carries the one-line summary, and the JSON file gets them as `dataset_warnings`).
 */
export function printDatasetWarnings(options: { io: CliIo; warnings: readonly DatasetWarning[]; quiet: boolean }): void {
  const print = options.quiet ? options.io.err : options.io.out;
  for (const warning of options.warnings) print(`warning: ${warning.message}`);
}

/** The chunk size the long-document warning compares with before a search: the space's largest `chunk.size`. */
export function spaceChunkReference(space: SearchSpace): ChunkSizeReference | undefined {
  const tokens = largestChunkSize(space);
  return tokens === undefined ? undefined : { tokens, source: 'the largest chunk.size in the search space' };
}
