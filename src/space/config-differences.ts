import type { Config, ParamValue } from './parameter-schema.js';

/** One parameter on which two configurations differ; `undefined` = inactive in that configuration. */
export interface ConfigDifference {
  parameter: string;
  ours: ParamValue | undefined;
  theirs: ParamValue | undefined;
}

/**
 * The parameters on which `ours` and `theirs` differ (including one being inactive in either),
 * most important first by `rank` (higher = more important; unknown = 0), then by name.
 */
export function configDifferences(options: {
  ours: Config;
  theirs: Config;
  rank?: ReadonlyMap<string, number>;
}): ConfigDifference[] {
  const { ours, theirs, rank = new Map<string, number>() } = options;
  const names = [...new Set([...Object.keys(ours), ...Object.keys(theirs)])];
  return names
    .filter((parameter) => ours[parameter] !== theirs[parameter])
    .map((parameter) => ({ parameter, ours: ours[parameter], theirs: theirs[parameter] }))
    .sort(
      (a, b) => (rank.get(b.parameter) ?? 0) - (rank.get(a.parameter) ?? 0) || a.parameter.localeCompare(b.parameter),
    );
}

/** "top_k 17→16" (ours → theirs); an inactive side reads "off". */
export function differenceText(difference: ConfigDifference): string {
  return `${difference.parameter} ${valueText(difference.ours)}→${valueText(difference.theirs)}`;
}

function valueText(value: ParamValue | undefined): string {
  if (value === undefined) return 'off';
  return typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : String(value);
}
