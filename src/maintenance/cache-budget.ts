import type { StageCache } from '../pipeline/stage-cache.js';
import { listEntries, removeEntry, type InventoryEntry } from './cache-inventory.js';

/** What one enforcement of the cache budget removed. */
export interface Eviction {
  entries: number;
  bytes: number;
}

/**
 * The entries to remove, oldest first, so that the payload is at most `maxBytes`; entries for
 * which `keep` holds are never picked (they still count towards the total, so the result may
 * leave it above `maxBytes` when what must stay is larger). `entries` come least recently used first.
 */
export function leastRecentlyUsed(
  entries: readonly InventoryEntry[],
  maxBytes: number,
  keep: (entry: InventoryEntry) => boolean = () => false,
): InventoryEntry[] {
  let total = entries.reduce((n, e) => n + e.bytes, 0);
  const out: InventoryEntry[] = [];
  for (const entry of entries) {
    if (total <= maxBytes) break;
    if (keep(entry)) continue;
    out.push(entry);
    total -= entry.bytes;
  }
  return out;
}

/**
 * `--cache-budget`: keeps the stage cache's payload (index files included) at most `maxBytes` by
 * removing its least recently used entries, never one used at or after `keepUsedSince` (ms since
 * epoch: the start of the oldest trial still running, whose chunks, vectors and indexes it may
 * still read). First writes this run's reads to disk, so "least recently used" counts them.
 * Called between trials; LLM replies (the request cache) are never evicted, they cost money.
 */
export function enforceCacheBudget(options: { cache: StageCache; maxBytes: number; keepUsedSince: number }): Eviction {
  const { cache, maxBytes, keepUsedSince } = options;
  cache.flushUse();
  const caches = { stage: cache, request: null, close: () => {} };
  const evict = leastRecentlyUsed(listEntries(caches), maxBytes, (entry) => entry.usedAt >= keepUsedSince);
  for (const entry of evict) removeEntry(caches, entry);
  return { entries: evict.length, bytes: evict.reduce((n, e) => n + e.bytes, 0) };
}
