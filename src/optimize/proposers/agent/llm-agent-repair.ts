import { isActive } from '../../../space/active-params.js';
import { isFixedNeutral, NEUTRAL_VALUES, withoutNeutralValues } from '../../../space/neutral-values.js';
import { checkValue } from '../../../space/check-value.js';
import type { Config, Param, ParamValue, SearchSpace } from '../../../space/parameter-schema.js';
import { snapValue } from '../sampling/numeric-scale.js';
import { neutralValue } from '../sampling/start-config.js';

/** The outcome of repairing one configuration proposed by the LLM. */
export type RepairResult =
  | {
      ok: true;
      config: Config /** What was changed, e.g. `dropped unknown key "foo"`; empty when nothing was. */;
      notes: string[];
    }
  | { ok: false; reason: string };

/**
 * Turns an LLM-proposed configuration into a valid one holding exactly the active keys, in
 * declaration order, or rejects it.
 *
 * - unknown keys are dropped;
 * - numbers are clamped into range, rounded for ints and snapped to the step; numeric strings
 *   ("256") are parsed;
 * - categorical values match exactly, else by their string form ("true" → true, "256" → 256,
 *   case-insensitively), else a numeric value snaps to the nearest numeric allowed value;
 * - a value that cannot be repaired (e.g. "bm99" for a categorical, text for a number) rejects the
 *   whole proposal: guessing a different value would no longer be what the model meant;
 * - keys that are inactive under the final values are dropped;
 * - missing active keys are filled from `fill` (the best trial's value when valid, else the
 *   parameter's neutral value: its first or only categorical value, the middle of a range);
 *   a missing switch (query.rewrite, context.*) is off, as a configuration without it means,
 *   never the best trial's setting: proposals are written with neutral switches left out.
 */
export function repairConfig(options: {
  space: SearchSpace;
  draft: Readonly<Record<string, unknown>>;
  fill?: Config;
}): RepairResult {
  const { space, draft, fill = {} } = options;
  const notes: string[] = [];
  const known = new Set(space.parameters.map((p) => p.name));
  for (const key of Object.keys(draft)) if (!known.has(key)) notes.push(`dropped unknown key "${key}"`);

  const config: Config = {};
  const active = new Set<string>();
  for (const param of space.parameters) {
    if (!isActive(param, config, active)) {
      // null is how a strict schema says "inactive", so only a real value is worth a note.
      if (draft[param.name] !== undefined && draft[param.name] !== null) notes.push(`dropped inactive "${param.name}"`);
      continue;
    }
    const given = draft[param.name];
    if ((given === undefined || given === null) && offByDefault(param)) {
      // A switch left out is off, as in every stored configuration (neutral values are dropped);
      // one the space keeps off is no choice the agent was offered. Nothing to note either way.
      config[param.name] = NEUTRAL_VALUES[param.name];
    } else if (given === undefined || given === null) {
      const value = fillValue(param, fill);
      if (value === undefined) return { ok: false, reason: `"${param.name}" has no allowed value` };
      config[param.name] = value;
      notes.push(`filled "${param.name}"=${JSON.stringify(value)}`);
    } else {
      const snapped = nearestAllowedValue(param, given);
      if (snapped === undefined)
        return {
          ok: false,
          reason: `"${param.name}"=${JSON.stringify(given)} is outside the space and cannot be repaired`,
        };
      if (snapped !== given) notes.push(`"${param.name}" ${JSON.stringify(given)}→${JSON.stringify(snapped)}`);
      config[param.name] = snapped;
    }
    active.add(param.name);
  }
  return { ok: true, config: withoutNeutralValues(config), notes };
}

/** A switch whose neutral value the space allows (see neutral-values.ts). */
function offByDefault(param: Param): boolean {
  return (
    isFixedNeutral(param) || (param.name in NEUTRAL_VALUES && checkValue(param, NEUTRAL_VALUES[param.name]) === null)
  );
}

function fillValue(param: Param, fill: Config): ParamValue | undefined {
  const given = fill[param.name];
  if (given !== undefined && checkValue(param, given) === null) return given;
  if (param.type === 'categorical' && param.values.length === 0) return undefined;
  return neutralValue(param);
}

/**
 * The nearest allowed value to `value`, or undefined when there is no sensible one. A valid value
 * is kept exactly as the model gave it; a number that is not is snapped like every proposer's
 * values (numeric-scale.ts `snapValue`: clamp, step grid, ints, free floats to 4 digits).
 */
function nearestAllowedValue(param: Param, value: unknown): ParamValue | undefined {
  if (checkValue(param, value) === null && (param.type === 'categorical' || onStep(param, value as number)))
    return value as ParamValue;
  if (param.type === 'categorical') {
    const text = String(value).trim().toLowerCase();
    const byText = param.values.find((v) => String(v).toLowerCase() === text);
    if (byText !== undefined) return byText;
    const n = toNumber(value);
    const numeric = param.values.filter((v): v is number => typeof v === 'number');
    if (n === undefined || numeric.length === 0) return undefined;
    return numeric.reduce((best, v) => (Math.abs(v - n) < Math.abs(best - n) ? v : best));
  }
  const n = toNumber(value);
  return n === undefined ? undefined : snapValue(param, n);
}

function onStep(param: Param, value: number): boolean {
  if (param.type === 'categorical' || param.step === undefined) return true;
  const k = (value - param.low) / param.step;
  return Math.abs(k - Math.round(k)) < 1e-9;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : undefined;
}
