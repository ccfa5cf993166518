import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../src/data/dataset-schema.js';
import { PipelineRunner, type PipelineRun } from '../src/pipeline/pipeline-runner.js';
import { StageCache } from '../src/pipeline/stage-cache.js';
import type { Config } from '../src/space/parameter-schema.js';
import type { Workspace } from '../src/workspace/workspace.js';

/**
 * Runs configurations over a dataset in a throw-away cache folder (so "cold" really is cold) and
 * removes it afterwards. Shared by the pipeline benchmarks.
 */
export async function withScratchCache<T>(
  work: (newRunner: () => PipelineRunner, cache: StageCache) => Promise<T>,
  options: { dataset: Dataset; workspace: Workspace },
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'tune-rag-bench-'));
  const cache = new StageCache({ dir });
  try {
    return await work(
      () => new PipelineRunner({ dataset: options.dataset, cache, components: options.workspace.components }),
      cache,
    );
  } finally {
    cache.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runOnce(runner: PipelineRunner, config: Config): Promise<PipelineRun> {
  return runner.run({ config });
}
