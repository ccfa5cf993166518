import type { z } from 'zod';
import { optionRef } from '../errors.js';
import { completeSearchSpace } from '../space/load-space.js';
import { SearchSpaceSchema, type SearchSpace } from '../space/parameter-schema.js';
import type { ComponentRegistry } from '../providers/component-registry.js';
import { openWorkspace } from '../workspace/workspace.js';

/** A search space as written in code: the shape of a space JSON file (`tune-rag space` lists the parameters). */
export type SearchSpaceSpec = z.input<typeof SearchSpaceSchema>;

/**
 * A search space defined in code, checked exactly like a space file: the same schema, the
 * catalogue's limits, conditions, and component names (those of `components`, so register
 * custom components first). Parameters left out stay at the baseline's value when tuned.
 *
 * @throws TuneRagError ('config') naming each bad key, e.g. `parameters[0] ("chunk.size").low`.
 */
export function defineSearchSpace(
  spec: SearchSpaceSpec,
  options: { components?: ComponentRegistry } = {},
): SearchSpace {
  const workspace = openWorkspace({ cwd: process.cwd(), components: options.components });
  completeSearchSpace({
    raw: spec,
    catalogue: workspace.catalogue,
    fixed: workspace.defaults,
    source: `(the ${optionRef('space')} option)`,
  });
  // The declared space, defaults filled in: `tune` completes it over its own workspace's catalogue.
  return SearchSpaceSchema.parse(spec);
}
