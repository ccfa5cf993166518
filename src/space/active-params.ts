import type { Config, Param, SearchSpace } from './parameter-schema.js';

/**
 * Whether a parameter matters for a configuration: every parameter named in its `when` must itself
 * be active and hold one of the listed values. Declarations are ordered so that conditions refer
 * only to earlier parameters, which makes one pass enough.
 */
export function isActive(param: Param, config: Config, activeNames: ReadonlySet<string>): boolean {
  if (!param.when) return true;
  return Object.entries(param.when).every(
    ([name, allowed]) => activeNames.has(name) && config[name] !== undefined && allowed.includes(config[name]),
  );
}

/** Names of the active parameters of `config`, in declaration order. */
export function activeParamNames(space: SearchSpace, config: Config): string[] {
  const active = new Set<string>();
  for (const param of space.parameters) {
    if (isActive(param, config, active)) active.add(param.name);
  }
  return [...active];
}
