import { resolve } from 'node:path';
import { optionRef, TuneRagError } from '../errors.js';
import { startConfig } from '../optimize/proposers/sampling/start-config.js';
import { toUserPipeline, type UserPipeline, type UserPipelineInput } from '../pipeline/user/user-pipeline.js';
import type { SearchSpace } from '../space/parameter-schema.js';
import { readJsonFile } from '../space/read-json-file.js';
import { completeUserSpace } from '../space/user-space.js';
import { resolveConfig } from '../space/validate-config.js';
import type { Workspace } from '../workspace/workspace.js';

/** A `pipeline` option resolved: the pipeline, the space it is searched in, and its workspace. */
export interface UserPipelineSetup {
  pipeline: UserPipeline;
  /**
   * The workspace with the pipeline's declared space as its catalogue and the pipeline's
   * baseline as baseline and defaults: configuration files, `config` options and eval jobs are
   * then checked against the pipeline's parameters, not the built-in ones.
   */
  workspace: Workspace;
  /** The searched space: `space` narrowing the pipeline's declared one, or the declared one. */
  space: SearchSpace;
}

/**
 * Resolves a `pipeline` option (see `toUserPipeline`) over `workspace`. The pipeline's space is
 * its own `space`, or else the `space` option (an object or a JSON file relative to `cwd`); with
 * both, `space` narrows the declared one like a space file narrows the catalogue. Its baseline
 * is `pipeline.baseline` completed by neutral values (first categorical value, middle of a range).
 *
 * `needsSpace`: tuning needs parameters; a single run or eval of a pipeline without any does not.
 *
 * @throws TuneRagError ('config') naming `pipeline`, `pipeline.space`, `pipeline.baseline` or `space`.
 */
export function setUpUserPipeline(options: {
  pipeline: UserPipelineInput;
  workspace: Workspace;
  space?: SearchSpace | string;
  cwd: string;
  needsSpace: boolean;
}): UserPipelineSetup {
  const pipeline = toUserPipeline(options.pipeline);
  const declared = pipeline.space
    ? completeUserSpace({ raw: pipeline.space, source: `(the ${optionRef('pipeline.space')} option)` })
    : undefined;
  const given = options.space === undefined ? undefined : readSpace(options.space, options.cwd);
  const full = declared ?? (given ? completeUserSpace(given) : undefined);
  if (!full && options.needsSpace)
    throw new TuneRagError('config', `${optionRef('pipeline')} "${pipeline.name}" declares no parameters to tune`, {
      hint: `Declare them in the pipeline ({ name, version, run, space: { parameters: [...] } }) or pass ${optionRef('space')}.`,
    });
  const catalogue: SearchSpace = full ?? { name: pipeline.name, description: '', parameters: [] };
  const baseline = resolveConfig({
    config: pipeline.baseline,
    space: catalogue,
    defaults: startConfig({ space: catalogue }),
    source: optionRef('pipeline.baseline'),
  }).config;
  const space = declared && given ? completeUserSpace({ ...given, catalogue: declared, fixed: baseline }) : catalogue;
  return {
    pipeline,
    space,
    workspace: {
      ...options.workspace,
      catalogue,
      baseline,
      defaults: baseline,
      baselineSource: `the baseline of pipeline "${pipeline.name}"`,
    },
  };
}

/** The `space` option's declaration and how its errors name it. */
function readSpace(space: SearchSpace | string, cwd: string): { raw: unknown; source: string } {
  if (typeof space !== 'string') return { raw: space, source: `(the ${optionRef('space')} option)` };
  const path = resolve(cwd, space);
  return { raw: readJsonFile(path, 'search space'), source: path };
}
