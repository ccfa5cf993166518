import { CacheHealth } from '../cache/cache-health.js';
import type { CliIo } from './cli-io.js';
import { flagOf } from './flag-names.js';

/**
 * The cache-fault counter of one CLI run, shared by the stage and request caches: the first
 * failed cache write prints one `warning:` line on stderr (naming the folder, the bytes and the
 * fix) as it happens; the totals are printed by {@link printCacheHealth} and go to `--json` as `cache`.
 *
 * A full cache disk does not stop the run: the cache only saves time, every value is still
 * computed and used, so scores are the same; stopping would throw away the finished work.
 */
export function cliCacheHealth(io: CliIo): CacheHealth {
  // The warning's fix names the cache folder option; a CLI user set it as --cache-dir.
  return new CacheHealth({ onWarning: (line) => io.err(`warning: ${line}`), spell: flagOf });
}

/** Prints the run's cache line (corrupt entries recomputed, failed writes) when there is one. */
export function printCacheHealth(options: { io: CliIo; health: CacheHealth; quiet: boolean }): void {
  const line = options.health.summaryLine();
  // With --json stdout carries one line; the cache line still reaches the terminal on stderr.
  if (line) (options.quiet ? options.io.err : options.io.out)(line);
}
