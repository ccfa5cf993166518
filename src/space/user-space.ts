import type { z } from 'zod';
import { completeSearchSpace, parseSpaceDeclaration } from './load-space.js';
import type { SearchSpace, SearchSpaceSchema } from './parameter-schema.js';

type ParamSpec = z.input<typeof SearchSpaceSchema>['parameters'][number];

/**
 * A user pipeline's parameters, declared like a space file; `group` may be left out (it is then
 * `pipeline`). Names, types, ranges and `when` conditions follow the space file rules.
 */
export interface UserSpaceSpec {
  name?: string;
  description?: string;
  parameters: readonly DistributiveOmit<ParamSpec, 'group'>[];
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown
  ? Omit<T, K> & { group?: ParamSpec['group'] }
  : never;

/**
 * A user pipeline's space, checked like a space file but against nothing else: no built-in
 * parameter is required or known, names must be distinct, `when` may name only declared
 * parameters, conditions may not form a cycle. Parameters are ordered so conditions come first.
 *
 * With `catalogue` (the pipeline's own declared space), `raw` narrows it instead, exactly as a
 * space file narrows the built-in catalogue: each parameter must be one of the catalogue's and
 * inside its limits; the ones left out stay fixed at `fixed[name]` (the pipeline's baseline).
 *
 * @throws TuneRagError ('config') naming `source` and each bad key.
 */
export function completeUserSpace(options: {
  raw: unknown;
  source: string;
  catalogue?: SearchSpace;
  fixed?: Record<string, string | number | boolean>;
}): SearchSpace {
  const { source } = options;
  const raw = withDefaultGroups(options.raw);
  // Checked against itself: the same duplicate, condition and cycle rules as any space.
  const catalogue = options.catalogue ?? parseSpaceDeclaration({ raw, source });
  return completeSearchSpace({ raw, catalogue, fixed: options.fixed ?? {}, source });
}

/** `group: "pipeline"` on each declared parameter that names none (a user's parameters have no built-in group). */
function withDefaultGroups(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const parameters = (raw as { parameters?: unknown }).parameters;
  if (!Array.isArray(parameters)) return raw;
  return {
    ...raw,
    parameters: parameters.map((p: unknown) =>
      typeof p === 'object' && p !== null && !('group' in p) ? { ...p, group: 'pipeline' } : p,
    ),
  };
}
