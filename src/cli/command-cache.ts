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
import { byteSize, duration } from './option-parsers.js';

interface CacheFlags {
  cacheDir?: string;
  prune?: boolean;
  maxSize?: number;
  json?: boolean;
}

interface PruneFlags {
  cacheDir?: string;
  to?: number;
  olderThan?: number;
  json?: boolean;
}

const KIND_LABELS: Record<EntryKind, string> = {
  stage: 'stage outputs',
  corpus: 'corpus artifacts',
  request: 'LLM replies',
};

const CACHE_DIR_HELP = 'stage cache folder (default .tune-rag/cache)';

/**
 * `tune-rag cache [--prune] [--max-size SIZE] [--json]`: the caches' size by kind and stage, and
 * cleanup; `tune-rag cache prune [--to SIZE] [--older-than AGE]` is the same cleanup by subcommand.
 */
export function registerCacheCommand(program: Command, io: CliIo): void {
  const cache = program
    .command('cache')
    .description(
      'Report the cache size by kind and stage (entries, bytes, last use); `cache prune` (or --prune) cleans it',
    )
    .option('--cache-dir <dir>', CACHE_DIR_HELP)
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
  cache
    .command('prune')
    .description(
      'Remove corrupt entries, leftovers and old-format entries, then entries unused for --older-than, then the least recently used until --to',
    )
    .option('--cache-dir <dir>', CACHE_DIR_HELP)
    .option(
      '--to <size>',
      'remove least recently used entries until the payload is at most this (e.g. 1GB, 800MiB)',
      byteSize,
    )
    .option('--older-than <age>', 'remove entries no run has used for this long (e.g. 7d, 12h, 30min)', duration)
    .option('--json', 'print what was removed, and the report before and after, as JSON')
    .action((own: PruneFlags) => {
      // Commander gives flags both commands declare (--cache-dir, --json) to `cache`, wherever typed.
      const flags = { ...own, ...definedOnly(cache.opts<CacheFlags>()) };
      prune({ cacheDir: flags.cacheDir, json: flags.json, maxBytes: flags.to, olderThanMs: flags.olderThan }, io);
    });
}

function definedOnly(flags: CacheFlags): Pick<CacheFlags, 'cacheDir' | 'json'> {
  return {
    ...(flags.cacheDir !== undefined ? { cacheDir: flags.cacheDir } : {}),
    ...(flags.json !== undefined ? { json: flags.json } : {}),
  };
}

function cacheCommand(flags: CacheFlags, io: CliIo): void {
  if (flags.maxSize !== undefined && !flags.prune) {
    throw new TuneRagError('cli', '--max-size needs --prune', { hint: 'tune-rag cache --prune --max-size 500MB' });
  }
  if (flags.prune) return prune({ ...flags, maxBytes: flags.maxSize }, io);
  const location = locationOf(flags, io);
  const caches = openCaches(location);
  try {
    const report = cacheReport(location, caches);
    io.out(flags.json ? JSON.stringify(report, null, 2) : formatReport(report).join('\n'));
  } finally {
    caches.close();
  }
}

function prune(flags: { cacheDir?: string; json?: boolean; maxBytes?: number; olderThanMs?: number }, io: CliIo): void {
  const result = pruneCache({
    location: locationOf(flags, io),
    maxBytes: flags.maxBytes,
    olderThanMs: flags.olderThanMs,
  });
  io.out(flags.json ? JSON.stringify(result, null, 2) : formatPrune(result).join('\n'));
}

function locationOf(flags: { cacheDir?: string }, io: CliIo): CacheLocation {
  const { dir, cacheDir } = resolveWorkspacePaths({ cwd: io.cwd, cacheDir: flags.cacheDir });
  return { cacheDir, requestFile: join(dir, 'llm-cache.db') };
}

function plural(n: number, word: string): string {
  return `${n} ${n === 1 ? word : word.endsWith('entry') ? `${word.slice(0, -1)}ies` : `${word}s`}`;
}

function formatReport(report: CacheReport): string[] {
  const lines = [`cache ${report.cache_dir} (LLM replies: ${report.request_cache})`];
  const stages: string[] = [];
  for (const kind of ['stage', 'corpus', 'request'] as const) {
    const totals = report.kinds[kind];
    const byStage = Object.entries(totals.by_stage ?? {});
    const counts = byStage.map(([stage, t]) => `${stage} ${t.entries}`).join(', ');
    lines.push(
      `  ${KIND_LABELS[kind].padEnd(17)} ${plural(totals.entries, 'entry').padStart(14)}  ${formatBytes(totals.bytes).padStart(9)}${counts ? `  (${counts})` : ''}`,
    );
    for (const [stage, t] of byStage)
      stages.push(
        `    ${stage.padEnd(14)} ${plural(t.entries, 'entry').padStart(14)}  ${formatBytes(t.bytes).padStart(9)}  last used ${t.last_used.slice(0, 16).replace('T', ' ')} UTC`,
      );
  }
  lines.push(`  total ${formatBytes(report.total_bytes)} of entries; ${formatBytes(report.disk_bytes)} on disk`);
  if (stages.length > 0) lines.push('  by stage:', ...stages);
  const { temp_files, orphan_files, old_format_entries } = report.leftovers;
  if (temp_files + orphan_files + old_format_entries > 0) {
    lines.push(
      `  leftovers: ${plural(temp_files, 'temp file')}, ${plural(orphan_files, 'orphan file')}, ${plural(old_format_entries, 'old-format entry')} (tune-rag cache prune removes them)`,
    );
  }
  return lines;
}

function formatPrune(result: PruneResult): string[] {
  const r = result.removed;
  const lines = [
    `pruned ${result.after.cache_dir}: ${plural(r.corrupt, 'corrupt entry')}, ${plural(r.old_format_entries, 'old-format entry')}, ${plural(r.temp_files, 'temp file')}, ` +
      `${plural(r.orphan_files, 'orphan file')}, ${plural(r.older_than, 'unused entry')} (${formatBytes(r.older_than_bytes)}), ` +
      `${plural(r.least_recently_used, 'least recently used entry')} (${formatBytes(r.least_recently_used_bytes)})`,
    `entries ${formatBytes(result.before.total_bytes)} -> ${formatBytes(result.after.total_bytes)}; on disk ${formatBytes(result.before.disk_bytes)} -> ${formatBytes(result.after.disk_bytes)}`,
  ];
  if (result.vacuum_error)
    lines.push(
      `warning: the databases could not be compacted (${result.vacuum_error}); the space is reused by later runs`,
    );
  return [...lines, ...formatReport(result.after).slice(1)];
}
