import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { budgetedEvents } from '../../src/api/budgeted-events.js';
import { ZERO_USAGE } from '../../src/accounting/usage.js';
import { enforceCacheBudget, leastRecentlyUsed } from '../../src/maintenance/cache-budget.js';
import type { InventoryEntry } from '../../src/maintenance/cache-inventory.js';
import { STAGE_TABLE, StageCache } from '../../src/pipeline/stage-cache.js';
import type { TrialRecord } from '../../src/store/trial.js';

const cost = { latencyMs: 1, usage: ZERO_USAGE };

/** A stage cache with entries e1..e5 of 1000 bytes each, last used at t = 1000..5000. */
function seededCache(): { cache: StageCache; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cache-budget-'));
  const cache = new StageCache({ dir });
  for (let i = 1; i <= 5; i++) cache.put('embed', `e${i}`, { value: Buffer.alloc(1000, i), ...cost });
  cache.close();
  const db = new Database(join(dir, 'stages.db'));
  for (let i = 1; i <= 5; i++) db.prepare(`UPDATE ${STAGE_TABLE} SET used_at = ? WHERE key = ?`).run(i * 1000, `e${i}`);
  db.close();
  return { cache: new StageCache({ dir }), dir };
}

const keys = (cache: StageCache) =>
  cache
    .list()
    .map((e) => e.key)
    .sort();

const entry = (id: string, bytes: number, usedAt: number): InventoryEntry => ({
  kind: 'corpus',
  id,
  stage: 'embed',
  key: id,
  bytes,
  usedAt,
  files: [],
});

describe('cache budget (LRU)', () => {
  it('picks the least recently used first, skips kept entries, and stops once within the budget', () => {
    const entries = [entry('a', 500, 1), entry('b', 300, 2), entry('c', 400, 3), entry('d', 100, 4)];
    expect(leastRecentlyUsed(entries, 800).map((e) => e.id)).toEqual(['a']);
    expect(leastRecentlyUsed(entries, 300).map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(leastRecentlyUsed(entries, 300, (e) => e.id === 'a').map((e) => e.id)).toEqual(['b', 'c', 'd']);
    expect(leastRecentlyUsed(entries, 1300)).toEqual([]);
  });

  it('evicts oldest first down to the budget, never what was used since the running trial began', () => {
    const { cache } = seededCache();
    // e2 read by the running trial: its use is flushed before choosing, so it is not "old" any more.
    expect(cache.get('embed', 'e2')).toBeDefined();
    const evicted = enforceCacheBudget({ cache, maxBytes: 2500, keepUsedSince: 4500 });
    expect(evicted).toEqual({ entries: 3, bytes: 3000 });
    expect(keys(cache)).toEqual(['e2', 'e5']);
    // Everything left is protected: the budget cannot be met, and nothing more goes.
    expect(enforceCacheBudget({ cache, maxBytes: 0, keepUsedSince: 4500 })).toEqual({ entries: 0, bytes: 0 });
    cache.close();
  });

  it('applies after each trial, protecting trials still running, and counts evictions in the cache health', () => {
    const { cache } = seededCache();
    const ended: number[] = [];
    const events = budgetedEvents({ cache, maxBytes: 1500, events: { onTrialEnd: (t) => ended.push(t.number) } });
    const trial = (number: number) => ({ number }) as TrialRecord;
    events.onTrialStart?.(trial(0));
    events.onTrialStart?.(trial(1));
    cache.put('embed', 'new', { value: Buffer.alloc(1000, 9), ...cost });
    events.onTrialEnd?.(trial(0));
    // All five old entries go (used before both trials began); the new one, written while trial 1 runs, stays.
    expect(keys(cache)).toEqual(['new']);
    expect(ended).toEqual([0]);
    expect(cache.health.report()).toMatchObject({ evicted: 5, evicted_bytes: 5000 });
    expect(cache.health.summaryLine()).toBe(
      'cache: 5 least recently used entries evicted to stay within the cache budget (5.0 kB)',
    );
    cache.close();
  });
});
