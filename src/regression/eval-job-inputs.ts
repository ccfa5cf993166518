import type { Dataset } from '../data/dataset-schema.js';
import { packageVersion } from '../package-root.js';
import { stableHash } from '../json/canonical-json.js';
import type { Workspace } from '../workspace/workspace.js';
import { componentVersionsOf } from '../pipeline/component-versions.js';
import type { UserPipeline } from '../pipeline/user/user-pipeline.js';
import type { ResolvedEvalJob } from './run-eval-job.js';

/**
 * A hash of everything that decides an eval job's result: its name, the dataset's content
 * fingerprint, both resolved configurations and their component versions, the question sample
 * (count and seed), repeats, metrics, the tolerated drop and the tune-rag version. `eval --resume`
 * reuses a stored job only when this matches, so an edited config, dataset or flag is re-run.
 */
export function evalJobInputs(options: {
  job: ResolvedEvalJob;
  dataset: Dataset;
  workspace: Workspace;
  pipeline?: UserPipeline;
}): string {
  const { job, dataset, workspace, pipeline } = options;
  const versions = (config: ResolvedEvalJob['candidate']['config']) =>
    componentVersionsOf({ config, components: workspace.components, pipeline });
  return stableHash({
    name: job.name,
    dataset: dataset.fingerprint,
    candidate: { config: job.candidate.config, components: versions(job.candidate.config) },
    baseline: { config: job.baseline.config, components: versions(job.baseline.config) },
    metrics: job.metrics,
    maxDrop: job.maxDrop,
    questions: job.questions ?? null,
    seed: job.seed,
    repeat: job.repeat,
    version: packageVersion(),
  });
}

/** The hash of a batch: its jobs' inputs in order, so `--resume` continues only the same job list. */
export function evalBatchInputs(jobInputs: readonly string[]): string {
  return stableHash({ jobs: jobInputs });
}
