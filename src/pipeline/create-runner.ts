import type { Dataset } from '../data/dataset-schema.js';
import type { PipelineComponents } from '../providers/pipeline-components.js';
import type { AnswerJudge } from '../providers/judges/answer-judge.js';
import type { ConfigurationRunner } from './configuration-runner.js';
import { PipelineRunner } from './pipeline-runner.js';
import type { StageCache } from './stage-cache.js';
import type { UserPipeline } from './user/user-pipeline.js';
import { UserPipelineRunner } from './user/user-pipeline-runner.js';

/**
 * The runner of a dataset's configurations: the user's pipeline when one is given (run as a
 * black box, see UserPipelineRunner), else the built-in pipeline over `components`. Both share
 * the stage cache; one runner per dataset.
 */
export function createRunner(options: {
  dataset: Dataset;
  cache: StageCache;
  components: PipelineComponents;
  pipeline?: UserPipeline;
  /** Questions processed at once (default 1). */
  concurrency?: number;
  judge?: AnswerJudge;
}): ConfigurationRunner {
  const { pipeline, components, ...shared } = options;
  return pipeline ? new UserPipelineRunner({ ...shared, pipeline }) : new PipelineRunner({ ...shared, components });
}
