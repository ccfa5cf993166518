import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempFileOwner } from '../cache/checked-write.js';
import { processAlive } from '../cache/process-alive.js';
import { REQUEST_CACHE_VERSION } from '../llm/request-cache.js';
import { DenseIndex } from '../retrieval/dense-index.js';
import { leastRecentlyUsed } from './cache-budget.js';
import {
  cacheReport,
  listEntries,
  openCaches,
  removeEntry,
  strayFiles,
  type CacheLocation,
  type CacheReport,
  type InventoryEntry,
  type OpenCaches,
} from './cache-inventory.js';

/**
 * Orphan files younger than this are left alone: a running tune writes an index file just before
 * the entry that refers to it, and must not lose it to a prune started in that instant.
 */
export const ORPHAN_GRACE_MS = 60_000;

/** What a prune removed, with the report before and after. */
export interface PruneResult {
  removed: {
    corrupt: number;
    temp_files: number;
    orphan_files: number;
    old_format_entries: number;
    least_recently_used: number;
    least_recently_used_bytes: number;
    /** Entries last used longer ago than `olderThanMs` (removed before the size limit applies). */
    older_than: number;
    older_than_bytes: number;
  };
  before: CacheReport;
  after: CacheReport;
  /** Set when VACUUM failed (e.g. no room for its copy): the entries are gone, the files did not shrink. */
  vacuum_error: string | null;
}

/**
 * `tune-rag cache --prune`: removes, in order, entries that fail verification (checksum, index
 * file), old-format entries (v1 stage table, older request-cache versions), temp files of
 * processes that are gone, files no entry refers to (older than ORPHAN_GRACE_MS), with
 * `olderThanMs` the entries last used longer ago than that, then, with `maxBytes`, the least recently used entries (last written or read by a run, then kind and id)
 * until the payload is at most `maxBytes`. Finally VACUUMs both databases so the disk shrinks.
 */
export function pruneCache(options: {
  location: CacheLocation;
  maxBytes?: number;
  /** Also remove every entry last used more than this many ms before `now`. */
  olderThanMs?: number;
  now?: number;
}): PruneResult {
  const { location } = options;
  const now = options.now ?? Date.now();
  const caches = openCaches(location);
  try {
    const before = cacheReport(location, caches);
    const corrupt = removeCorrupt(caches);
    const oldFormat = (caches.stage?.dropLegacy() ?? 0) + removeOldRequests(caches);
    const stray = strayFiles(location.cacheDir, listEntries(caches));
    const folder = join(location.cacheDir, 'files');
    const deadTemp = stray.temp.filter((name) => !processAlive(tempFileOwner(name) ?? -1));
    const oldOrphans = [...stray.orphans, ...supersededIndexFiles(caches)].filter(
      (name) => now - (modifiedAt(join(folder, name)) ?? now) >= ORPHAN_GRACE_MS,
    );
    for (const name of [...deadTemp, ...oldOrphans]) rmSync(join(folder, name), { force: true });
    const { olderThanMs } = options;
    const old = olderThanMs === undefined ? [] : listEntries(caches).filter((e) => now - e.usedAt > olderThanMs);
    for (const entry of old) removeEntry(caches, entry);
    const lru = options.maxBytes === undefined ? [] : leastRecentlyUsed(listEntries(caches), options.maxBytes);
    for (const entry of lru) removeEntry(caches, entry);
    let vacuumError: string | null = null;
    try {
      caches.stage?.vacuum();
      caches.request?.vacuum();
    } catch (error) {
      vacuumError = (error as Error).message;
    }
    return {
      removed: {
        corrupt,
        temp_files: deadTemp.length,
        orphan_files: oldOrphans.length,
        old_format_entries: oldFormat,
        least_recently_used: lru.length,
        least_recently_used_bytes: lru.reduce((n, e) => n + e.bytes, 0),
        older_than: old.length,
        older_than_bytes: old.reduce((n, e) => n + e.bytes, 0),
      },
      before,
      after: cacheReport(location, caches),
      vacuum_error: vacuumError,
    };
  } finally {
    caches.close();
  }
}

/**
 * Index files of an entry other than the one its record names: left by a process that built the
 * same index at the same time (after a lease takeover) and lost the race to write the record.
 */
function supersededIndexFiles(caches: OpenCaches): string[] {
  const cache = caches.stage;
  if (!cache) return [];
  return listEntries(caches).flatMap((entry) => {
    if (entry.stage !== 'index' || entry.files.length < 2) return [];
    const value = cache.verified('index', entry.key);
    const named = value ? denseRecord(value)?.file : undefined;
    return named ? entry.files.filter((file) => file !== named) : [];
  });
}

/** A file's modification time (ms), or null when another process removed it meanwhile. */
function modifiedAt(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

function removeCorrupt(caches: OpenCaches): number {
  let removed = 0;
  for (const entry of listEntries(caches)) {
    if (entryIsSound(caches, entry)) continue;
    removeEntry(caches, entry);
    removed += 1;
  }
  return removed;
}

function entryIsSound(caches: OpenCaches, entry: InventoryEntry): boolean {
  if (entry.kind === 'request') return caches.request!.verify(entry.key);
  const cache = caches.stage!;
  const stage = entry.stage!;
  const value = cache.verified(stage, entry.key);
  if (!value) return false;
  if (stage !== 'index') return true;
  // Dense-index entries are a JSON record of their file's length and sha256; BM25 ones are binary.
  const record = denseRecord(value);
  // Records of older versions name no file: theirs is `<key>.hnsw`.
  const file = record?.file ?? `${entry.key}.hnsw`;
  return record === null || DenseIndex.fileMatches({ path: cache.filePath(file), ...record });
}

function denseRecord(value: Buffer): { bytes: number; sha256: string; file?: string } | null {
  if (value[0] !== 0x7b) return null;
  try {
    const record = JSON.parse(value.toString('utf8')) as { bytes?: unknown; sha256?: unknown; file?: unknown };
    if (typeof record.bytes !== 'number' || typeof record.sha256 !== 'string') return null;
    const file = typeof record.file === 'string' ? record.file : undefined;
    return { bytes: record.bytes, sha256: record.sha256, file };
  } catch {
    return null;
  }
}

function removeOldRequests(caches: OpenCaches): number {
  const old = (caches.request?.list() ?? []).filter((r) => !r.key.startsWith(`${REQUEST_CACHE_VERSION}:`));
  for (const row of old) caches.request!.remove(row.key);
  return old.length;
}
