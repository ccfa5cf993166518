import type { DatasetWarning } from '../data/dataset-warning.js';
import type { CliIo } from './cli-io.js';

/**
 * Prints dataset warnings before `tune`, `chat` or `run` starts, one `warning: ...` line each:
 * on stdout with the rest of the report, or on stderr when `--json` is given (stdout then only
 * carries the one-line summary, and the JSON file gets them as `dataset_warnings`).
 */
export function printDatasetWarnings(options: {
  io: CliIo;
  warnings: readonly DatasetWarning[];
  quiet: boolean;
}): void {
  const print = options.quiet ? options.io.err : options.io.out;
  for (const warning of options.warnings) print(`warning: ${warning.message}`);
}
