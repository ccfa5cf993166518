import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConfiguration } from '../../src/api/run-configuration.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { tinyDataset } from '../support/tiny-dataset.js';

describe('runConfiguration resources', () => {
  it('reports the bytes written to the stage cache (all of them cold, none warm) and the peak RSS', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'run-resources-'));
    const options = { dataset: tinyDataset, cacheDir, config: { retrieval: 'bm25' } };
    const cold = await runConfiguration(options);
    const cache = new StageCache({ dir: cacheDir });
    const stored = cache.list().reduce((n, e) => n + e.bytes, 0);
    cache.close();
    expect(stored).toBeGreaterThan(0);
    expect(cold.resources.cacheBytesWritten).toBe(stored);
    expect(cold.resources.peakRssBytes).toBeGreaterThan(10 * 1024 * 1024);
    const warm = await runConfiguration(options);
    expect(warm.resources.cacheBytesWritten).toBe(0);
  });
});
