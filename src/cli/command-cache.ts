import type { Command } from 'commander';
import { join } from 'node:path';
import { formatBytes } from '../cache/cache-write-error.js';
import { TuneRagError } from '../errors.js';
import {
  cacheReport,
  openCaches,
  type CacheLocation,
  type CacheReport,
  type EntryKind,
} from '../maintenance/cache-inventory.js';
import { pruneCache, type PruneResult } from '../maintenance/prune-cache.js';
import { resolveWorkspacePaths } from '../workspace/workspace.js';
import type { CliIo } from './cli-io.js';
import { byteSize } from './option-parsers.js';

interface CacheFlags {
  cacheDir?: string;
  prune?: boolean;
  maxSize?: number;
  json?: boolean;
}

const KIND_LABELS: Record<EntryKind, string> = {
  stage: 'stage outputs',
  corpus: 'corpus artifacts',
  request: 'LLM replies',
};

/** `tune-rag cache [--prune] [--max-size SIZE] [--json]`: the caches' size by kind, and cleanup. */
export function registerCacheCommand(program: Command, io: CliIo): void {
  program
    .command('cache')
    .description(
      'Report the cache size by kind (stage outputs, corpus artifacts and indexes, LLM replies); --prune cleans it',
    )
    .option('--cache-dir <dir>', 'stage cache folder (default .tune-rag/cache)')
    .option(
      '--prune',
      'remove corrupt entries, leftovers and old-format entries (and with --max-size the least recently used entries)',
    )
    .option(
      '--max-size <size>',
      'with --prune: remove least recently used entries until the payload is at most this (e.g. 500MB, 2GB)',
      byteSize,
    )
    .option('--json', 'print the report as JSON')
    .action((flags: CacheFlags) => cacheCommand(flags, io));
}

function cacheCommand(flags: CacheFlags, io: CliIo): void {
  if (flags.maxSize !== undefined && !flags.prune) {
    throw new TuneRagError('cli', '--max-size needs --prune', { hint: 'tune-rag cache --prune --max-size 500MB' });
  }
  const { dir, cacheDir } = resolveWorkspacePaths({ cwd: io.cwd, cacheDir: flags.cacheDir });
  const location: CacheLocation = { cacheDir, requestFile: join(dir, 'llm-cache.db') };
  if (flags.prune) {
    const result = pruneCache({ location, maxBytes: flags.maxSize });
    io.out(flags.json ? JSON.stringify(result, null, 2) : formatPrune(result).join('\n'));
    return;
  }
  const caches = openCaches(location);
  try {
    const report = cacheReport(location, caches);
    io.out(flags.json ? JSON.stringify(report, null, 2) : formatReport(report).join('\n'));
  } finally {
    caches.close();
  }
}

function plural(n: number, word: string): string {
  return `${n} ${n === 1 ? word : word.endsWith('entry') ? `${word.slice(0, -1)}ies` : `${word}s`}`;
}

function formatReport(report: CacheReport): string[] {
  const lines = [`cache ${report.cache_dir} (LLM replies: ${report.request_cache})`];
  for (const kind of ['stage', 'corpus', 'request'] as const) {
    const totals = report.kinds[kind];
    const stages = Object.entries(totals.by_stage ?? {})
      .map(([stage, t]) => `${stage} ${t.entries}`)
      .join(', ');
    lines.push(
      `  ${KIND_LABELS[kind].padEnd(17)} ${plural(totals.entries, 'entry').padStart(14)}  ${formatBytes(totals.bytes).padStart(9)}${stages ? `  (${stages})` : ''}`,
    );
  }
  lines.push(`  total ${formatBytes(report.total_bytes)} of entries; ${formatBytes(report.disk_bytes)} on disk`);
  const { temp_files, orphan_files, old_format_entries } = report.leftovers;
  if (temp_files + orphan_files + old_format_entries > 0) {
    lines.push(
      `  leftovers: ${plural(temp_files, 'temp file')}, ${plural(orphan_files, 'orphan file')}, ${plural(old_format_entries, 'old-format entry')} (tune-rag cache --prune removes them)`,
    );
  }
  return lines;
}

function formatPrune(result: PruneResult): string[] {
  const r = result.removed;
  const lines = [
    `pruned ${result.after.cache_dir}: ${plural(r.corrupt, 'corrupt entry')}, ${plural(r.old_format_entries, 'old-format entry')}, ${plural(r.temp_files, 'temp file')}, ` +
      `${plural(r.orphan_files, 'orphan file')}, ${plural(r.least_recently_used, 'least recently used entry')} (${formatBytes(r.least_recently_used_bytes)})`,
    `entries ${formatBytes(result.before.total_bytes)} -> ${formatBytes(result.after.total_bytes)}; on disk ${formatBytes(result.before.disk_bytes)} -> ${formatBytes(result.after.disk_bytes)}`,
  ];
  if (result.vacuum_error)
    lines.push(
      `warning: the databases could not be compacted (${result.vacuum_error}); the space is reused by later runs`,
    );
  return [...lines, ...formatReport(result.after).slice(1)];
}
