import { stableHash } from '../json/canonical-json.js';
import type { Config, Param, ParamValue } from '../space/parameter-schema.js';

/**
 * A parameter a registered component declares for itself (a LangChain.js retriever's `k`, say):
 * the space parameter `<component>.<knob>` (`definition`, without its condition, which the
 * registry adds: active only when the component is chosen), and the value used when a space or
 * configuration does not set it. Its values enter the component's stage key and reach the
 * component as `settings`.
 */
export interface ComponentParameter {
  readonly knob: string;
  readonly definition: Param;
  readonly default: ParamValue;
}

/** A component that may declare parameters of its own. */
interface WithParameters {
  readonly version: string;
  readonly parameters?: readonly ComponentParameter[];
}

/** The values of a component's own parameters in a configuration, by knob name. */
export function settingsOf(component: WithParameters, values: Readonly<Config>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const p of component.parameters ?? []) {
    const value = values[p.definition.name];
    if (value !== undefined) out[p.knob] = value;
  }
  return out;
}

/**
 * What a stage key records of a component: its version, plus a hash of its own parameters'
 * values when it declares any (components without parameters keep their plain version, so the
 * keys of built-in components are those of earlier releases).
 */
export function keyedVersion(component: WithParameters, values: Readonly<Config>): string {
  if (!component.parameters?.length) return component.version;
  return `${component.version}+${stableHash(settingsOf(component, values))}`;
}

/** `{ settings }` for a component with parameters of its own (what adapters read), else nothing. */
export function settingsParam(
  component: WithParameters,
  values: Readonly<Config>,
): { settings?: Record<string, ParamValue> } {
  return component.parameters?.length ? { settings: settingsOf(component, values) } : {};
}
