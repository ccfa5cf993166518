import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { components, dataset, hybrid as config } from '../faults/cache-fixture.js';

const caches: StageCache[] = [];
afterEach(() => caches.splice(0).forEach((c) => c.close()));

describe('corpus artifacts under leases', () => {
  it('two runners with their own cache connections on one folder build chunks, vectors and both indexes once between them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-leases-'));
    // Two connections, two lease owners: what two worker processes on one --cache-dir are.
    const open = () => {
      const cache = new StageCache({ dir, lease: { pollMs: 2, maxPollMs: 10 } });
      caches.push(cache);
      return cache;
    };
    const runners = [open(), open()].map(
      (cache) => new PipelineRunner({ dataset, cache, components, denseSearch: 'hnsw' }),
    );
    const [a, b] = await Promise.all(runners.map((runner) => runner.run({ config })));
    const executed = (stage: string) => runners.reduce((n, r) => n + (r.stats.executions[stage] ?? 0), 0);
    expect(executed('chunk')).toBe(1);
    expect(executed('embed')).toBe(1);
    // The HNSW graph (forced: the tiny corpus would pick an exact scan) and the BM25 index.
    expect(executed('index')).toBe(2);
    expect(b.metrics).toEqual(a.metrics);
    for (const cache of caches) expect(cache.health.report()).toMatchObject({ corrupt: 0, write_failures: 0 });
    expect(caches[0].health.report().lease_waits + caches[1].health.report().lease_waits).toBeGreaterThanOrEqual(1);
  });
});
