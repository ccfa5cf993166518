import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempFileOwner } from '../cache/checked-write.js';
import { REQUEST_CACHE_VERSION, SqliteRequestCache } from '../llm/request-cache.js';
import { StageCache } from '../pipeline/stage-cache.js';
import { TEXT_VECTOR_STAGE } from '../pipeline/text-vector-cache.js';
import { denseIndexFileKey } from '../pipeline/dense-index-file.js';

/** Where a workspace's caches live: the stage cache folder (`--cache-dir`) and the LLM request cache file. */
export interface CacheLocation {
  cacheDir: string;
  requestFile: string;
}

/** The three kinds `tune-rag cache` reports: per-question outputs, corpus artifacts (chunks, vectors, indexes), LLM replies. */
export type EntryKind = 'stage' | 'corpus' | 'request';

/** Stages whose outputs are built once per corpus (per-text vectors included); the rest are per question. */
const CORPUS_STAGES = new Set(['chunk', 'embed', 'index', TEXT_VECTOR_STAGE]);

/** One cache entry with everything it occupies (a dense index entry includes its `.hnsw` file). */
export interface InventoryEntry {
  kind: EntryKind;
  /** `stage:key` for stage entries, the request key for replies. */
  id: string;
  stage: string | null;
  key: string;
  bytes: number;
  usedAt: number;
  /** Files in `files/` that belong to it. */
  files: string[];
}

/** The caches of a location, opened only when their files exist (a report never creates a cache). */
export interface OpenCaches {
  stage: StageCache | null;
  request: SqliteRequestCache | null;
  close(): void;
}

/** Opens the stage and request caches of `location` that exist; close them with `close()`. */
export function openCaches(location: CacheLocation): OpenCaches {
  const stage = existsSync(join(location.cacheDir, 'stages.db')) ? new StageCache({ dir: location.cacheDir }) : null;
  const request = existsSync(location.requestFile) ? new SqliteRequestCache({ file: location.requestFile }) : null;
  return { stage, request, close: () => (stage?.close(), request?.close()) };
}

/** Every current-format entry, least recently used first (ties: kind, then id, so the order is total). */
export function listEntries(caches: OpenCaches): InventoryEntry[] {
  const out: InventoryEntry[] = [];
  if (caches.stage) {
    const cache = caches.stage;
    const indexFiles = denseIndexFilesByKey(cache.filePath(''));
    for (const row of cache.list()) {
      const files = row.file ? [row.file] : [];
      let bytes = row.bytes;
      for (const hnsw of row.stage === 'index' ? (indexFiles.get(row.key) ?? []) : []) {
        const size = fileSize(cache.filePath(hnsw));
        if (size === null) continue;
        files.push(hnsw);
        bytes += size;
      }
      out.push({
        kind: CORPUS_STAGES.has(row.stage) ? 'corpus' : 'stage',
        id: `${row.stage}:${row.key}`,
        stage: row.stage,
        key: row.key,
        bytes,
        usedAt: row.usedAt,
        files,
      });
    }
  }
  for (const row of caches.request?.list() ?? []) {
    if (row.key.startsWith(`${REQUEST_CACHE_VERSION}:`))
      out.push({
        kind: 'request',
        id: row.key,
        stage: null,
        key: row.key,
        bytes: row.bytes,
        usedAt: row.usedAt,
        files: [],
      });
  }
  return out.sort((a, b) => a.usedAt - b.usedAt || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}

/** The `.hnsw` files in `folder` by the entry key they belong to (see denseIndexFileName). */
function denseIndexFilesByKey(folder: string): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const name of existsSync(folder) ? readdirSync(folder).sort() : []) {
    const key = denseIndexFileKey(name);
    if (key !== null) byKey.set(key, [...(byKey.get(key) ?? []), name]);
  }
  return byKey;
}

/** A file's size, or null when it vanished (another process pruned or replaced it just now). */
function fileSize(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

/** Entry count and payload bytes. */
export interface Totals {
  entries: number;
  bytes: number;
}

/** What `tune-rag cache` prints (and `--json` writes). */
/** A stage's totals in the report, with when a run last wrote or read one of its entries. */
export interface StageTotals extends Totals {
  /** ISO time of the most recent use of any of its entries. */
  last_used: string;
}

export interface CacheReport {
  cache_dir: string;
  request_cache: string;
  kinds: Record<EntryKind, Totals & { by_stage?: Record<string, StageTotals> }>;
  /** Payload bytes of all current entries: what `--max-size` bounds. */
  total_bytes: number;
  /** Everything on disk: database files (with WAL) and `files/`, leftovers included. */
  disk_bytes: number;
  leftovers: { temp_files: number; orphan_files: number; old_format_entries: number };
}

/** Files in `files/` no entry refers to, split into temp files (`*.tmp-<pid>`) and orphans. */
export function strayFiles(cacheDir: string, entries: InventoryEntry[]): { temp: string[]; orphans: string[] } {
  const folder = join(cacheDir, 'files');
  if (!existsSync(folder)) return { temp: [], orphans: [] };
  const owned = new Set(entries.flatMap((e) => e.files));
  const temp: string[] = [];
  const orphans: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    if (tempFileOwner(name) !== null) temp.push(name);
    else if (!owned.has(name)) orphans.push(name);
  }
  return { temp, orphans };
}

/** The size report of `tune-rag cache`: entries and payload by kind (and stage), disk use, leftovers. */
export function cacheReport(location: CacheLocation, caches: OpenCaches): CacheReport {
  const entries = listEntries(caches);
  const kinds: CacheReport['kinds'] = {
    stage: { entries: 0, bytes: 0, by_stage: {} },
    corpus: { entries: 0, bytes: 0, by_stage: {} },
    request: { entries: 0, bytes: 0 },
  };
  for (const entry of entries) {
    const totals = kinds[entry.kind];
    totals.entries += 1;
    totals.bytes += entry.bytes;
    if (entry.stage && totals.by_stage) {
      const stage = (totals.by_stage[entry.stage] ??= { entries: 0, bytes: 0, last_used: '' });
      stage.entries += 1;
      stage.bytes += entry.bytes;
      // Entries come least recently used first: the last one seen is the stage's latest use.
      stage.last_used = new Date(entry.usedAt).toISOString();
    }
  }
  const stray = strayFiles(location.cacheDir, entries);
  const oldRequests = (caches.request?.list() ?? []).filter(
    (r) => !r.key.startsWith(`${REQUEST_CACHE_VERSION}:`),
  ).length;
  return {
    cache_dir: location.cacheDir,
    request_cache: location.requestFile,
    kinds,
    total_bytes: entries.reduce((n, e) => n + e.bytes, 0),
    disk_bytes: diskBytes(location),
    leftovers: {
      temp_files: stray.temp.length,
      orphan_files: stray.orphans.length,
      old_format_entries: (caches.stage?.legacyEntries() ?? 0) + oldRequests,
    },
  };
}

/** Bytes on disk of both caches: the SQLite files with their WAL and shared-memory files, and `files/`. */
export function diskBytes(location: CacheLocation): number {
  const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);
  const database = (path: string) => size(path) + size(`${path}-wal`) + size(`${path}-shm`);
  const folder = join(location.cacheDir, 'files');
  const files = existsSync(folder) ? readdirSync(folder).reduce((n, name) => n + size(join(folder, name)), 0) : 0;
  return database(join(location.cacheDir, 'stages.db')) + files + database(location.requestFile);
}

/** Removes one entry of either cache, with the files that belong to it. */
export function removeEntry(caches: OpenCaches, entry: InventoryEntry): void {
  if (entry.kind === 'request') {
    caches.request!.remove(entry.key);
    return;
  }
  const cache = caches.stage!;
  cache.remove(entry.stage!, entry.key);
  for (const file of entry.files) rmSync(cache.filePath(file), { force: true });
}
