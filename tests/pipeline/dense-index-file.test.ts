import { copyFileSync, mkdtempSync, readdirSync, renameSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listEntries } from '../../src/maintenance/cache-inventory.js';
import { pruneCache } from '../../src/maintenance/prune-cache.js';
import { denseIndexFileKey, denseIndexFileName } from '../../src/pipeline/dense-index-file.js';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { components, configOf, dataset } from '../faults/cache-fixture.js';

const config = configOf({
  'chunk.strategy': 'sentence',
  'chunk.size': 32,
  retrieval: 'dense',
  embedder: 'hash-words',
  top_k: 2,
});

const caches: StageCache[] = [];
afterEach(() => caches.splice(0).forEach((c) => c.close()));
const open = (dir: string) => {
  const cache = new StageCache({ dir });
  caches.push(cache);
  return cache;
};

describe('dense index files named by content', () => {
  it('names a file <key>-<16 hex of sha256>.hnsw and maps both namings back to the key', () => {
    const sha = 'ab'.repeat(32);
    expect(denseIndexFileName('k1', sha)).toBe('k1-abababababababab.hnsw');
    expect(denseIndexFileKey('k1-abababababababab.hnsw')).toBe('k1');
    expect(denseIndexFileKey('k1.hnsw')).toBe('k1');
    expect(denseIndexFileKey('value-00.bin')).toBeNull();
  });

  it('writes the content-named file, counts it as the entry, and still reads a record of the older `<key>.hnsw` form', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dense-file-'));
    const cache = open(dir);
    const first = new PipelineRunner({ dataset, cache, components, denseSearch: 'hnsw' });
    await first.run({ config });
    const [file] = readdirSync(join(dir, 'files')).filter((name) => name.endsWith('.hnsw'));
    const entry = listEntries({ stage: cache, request: null, close: () => {} }).find((e) => e.stage === 'index')!;
    expect(entry.files).toEqual([file]);
    // A losing duplicate build's file (same key, other content): counted with the entry, pruned
    // once older than the grace period, while the file the record names stays.
    const loser = `${entry.key}-${'0'.repeat(16)}.hnsw`;
    copyFileSync(join(dir, 'files', file), join(dir, 'files', loser));
    expect(listEntries({ stage: cache, request: null, close: () => {} }).find((e) => e.id === entry.id)?.files).toEqual(
      [loser, file],
    );
    utimesSync(join(dir, 'files', loser), new Date(2020, 0, 1), new Date(2020, 0, 1));
    const pruned = pruneCache({ location: { cacheDir: dir, requestFile: join(dir, 'none.db') } });
    expect(pruned.removed).toMatchObject({ corrupt: 0, orphan_files: 1 });
    expect(readdirSync(join(dir, 'files')).filter((name) => name.endsWith('.hnsw'))).toEqual([file]);
    // Rewrite it the way an older version stored it: file `<key>.hnsw`, no `file` in the record.
    const record = cache.getJson<{ count: number; bytes: number; sha256: string; file?: string }>('index', entry.key)!;
    expect(record.value.file).toBe(file);
    expect(file).toBe(`${entry.key}-${record.value.sha256.slice(0, 16)}.hnsw`);
    renameSync(join(dir, 'files', file), join(dir, 'files', `${entry.key}.hnsw`));
    const { file: _, ...legacy } = record.value;
    cache.putJson('index', entry.key, legacy, record.cost);
    const second = new PipelineRunner({ dataset, cache: open(dir), components, denseSearch: 'hnsw' });
    const run = await second.run({ config });
    expect(second.stats.executions.index ?? 0).toBe(0);
    expect(second.stats.hits.index).toBeGreaterThan(0);
    expect(run.failures).toBe(0);
    expect(caches[1].health.report().corrupt).toBe(0);
  });
});
