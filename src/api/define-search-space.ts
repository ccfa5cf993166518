import type { z } from 'zod';
import { optionRef } from '../errors.js';
import { completeSearchSpace } from '../space/load-space.js';
import { SearchSpaceSchema, type SearchSpace } from '../space/parameter-schema.js';
import type { ComponentRegistry } from '../providers/component-registry.js';
import { openWorkspace } from '../workspace/workspace.js';
import type { UserPipelineInput } from '../pipeline/user/user-pipeline.js';
import type { UserSpaceSpec } from '../space/user-space.js';
import { setUpUserPipeline } from './user-pipeline-setup.js';

/** A search space as written in code: the shape of a space JSON file (`tune-rag space` lists the parameters). */
export type SearchSpaceSpec = z.input<typeof SearchSpaceSchema>;

/**
 * A search space defined in code, checked exactly like a space file: the same schema, the
 * catalogue's limits, conditions, and component names (those of `components`, so register
 * custom components first). Parameters left out stay at the baseline's value when tuned.
 *
 * With `pipeline` (see `TuneOptions.pipeline`) the space declares that pipeline's own
 * parameters instead: no built-in parameter is known or required, `group` may be left out
 * (default `pipeline`), and when the pipeline declares a space itself this one must narrow it.
 *
 * @throws TuneRagError ('config') naming each bad key, e.g. `parameters[0] ("chunk.size").low`.
 */
export function defineSearchSpace(
  spec: SearchSpaceSpec | UserSpaceSpec,
  options: { components?: ComponentRegistry; pipeline?: UserPipelineInput } = {},
): SearchSpace {
  const workspace = openWorkspace({ cwd: process.cwd(), components: options.components });
  if (options.pipeline)
    return setUpUserPipeline({
      pipeline: options.pipeline,
      workspace,
      space: spec as SearchSpace,
      cwd: process.cwd(),
      needsSpace: true,
    }).space;
  completeSearchSpace({
    raw: spec,
    catalogue: workspace.catalogue,
    fixed: workspace.defaults,
    source: `(the ${optionRef('space')} option)`,
  });
  // The declared space, defaults filled in: `tune` completes it over its own workspace's catalogue.
  return SearchSpaceSchema.parse(spec);
}
