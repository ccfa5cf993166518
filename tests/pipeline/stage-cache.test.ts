import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LARGE_VALUE_BYTES, StageCache } from '../../src/pipeline/stage-cache.js';
import { ZERO_USAGE } from '../../src/accounting/usage.js';

const cost = { latencyMs: 12.5, usage: ZERO_USAGE };

describe('StageCache', () => {
  it('keeps values over the blob limit in files beside the database, transparently', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stage-cache-'));
    const cache = new StageCache({ dir });
    // Bigger than any SQLite blob should be; the vectors of 100k chunks x 2048 dims are 835 MiB.
    const big = Buffer.alloc(LARGE_VALUE_BYTES + 1, 7);
    big[123] = 42;
    cache.put('embed', 'k1', { value: big, ...cost });
    cache.put('chunk', 'k2', { value: Buffer.from('small'), ...cost });
    expect(cache.size('embed', 'k1')).toBe(big.length);
    const back = cache.get('embed', 'k1')!;
    expect(back.value.equals(big)).toBe(true);
    expect(back.latencyMs).toBe(12.5);
    expect(cache.get('chunk', 'k2')!.value.toString()).toBe('small');
    const files = readdirSync(join(dir, 'files'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^value-[0-9a-f]{32}-[0-9a-f]{16}\.bin$/);
    // Deleting the file turns the entry into a miss (recomputed), never an error or a wrong value.
    rmSync(join(dir, 'files', files[0]));
    expect(cache.get('embed', 'k1')).toBeUndefined();
    expect(cache.size('embed', 'k1')).toBeUndefined();
    cache.close();
  });

  it('opens a cache of the unchecksummed v1 format: its entries are misses, new ones work', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stage-cache-old-'));
    const old = new Database(join(dir, 'stages.db'));
    old.exec(`CREATE TABLE entries (stage TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
      latency_ms REAL NOT NULL, usage TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (stage, key))`);
    old
      .prepare('INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)')
      .run('chunk', 'k', Buffer.from('old value'), 3, JSON.stringify(ZERO_USAGE), 0);
    old.close();
    const cache = new StageCache({ dir });
    // v1 rows carry no checksum, so they cannot be trusted: recomputed, never read.
    expect(cache.get('chunk', 'k')).toBeUndefined();
    cache.put('chunk', 'k', { value: Buffer.from('new value'), ...cost });
    expect(cache.get('chunk', 'k')!.value.toString()).toBe('new value');
    cache.close();
  });
});
