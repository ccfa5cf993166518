import { TuneRagError } from '../errors.js';
import { parseValueFor } from '../space/check-value.js';
import { loadConfigFile } from '../space/load-config-file.js';
import type { Config } from '../space/parameter-schema.js';
import { didYouMean } from '../names/suggest-name.js';
import { resolveConfig, type ResolvedConfig } from '../space/validate-config.js';
import type { Workspace } from '../workspace/workspace.js';

/**
 * The configuration a command runs: baseline, then `--config FILE`, then `--set key=value`
 * flags, validated against the catalogue (unknown keys, types, ranges), with errors that name
 * the file or the flag.
 */
export function resolveRunConfig(options: {
  workspace: Workspace;
  configPath?: string;
  assignments?: string[];
}): ResolvedConfig {
  const { workspace } = options;
  const overrides = parseAssignments(workspace, options.assignments ?? []);
  if (options.configPath) {
    return loadConfigFile({
      path: options.configPath,
      space: workspace.catalogue,
      defaults: workspace.defaults,
      overrides,
    });
  }
  return resolveConfig({
    config: { ...workspace.baseline, ...overrides },
    space: workspace.catalogue,
    defaults: workspace.defaults,
    source: Object.keys(overrides).length ? 'pipelines/baseline.json + --set' : 'pipelines/baseline.json',
  });
}

function parseAssignments(workspace: Workspace, assignments: string[]): Config {
  const known = workspace.catalogue.parameters.map((p) => p.name);
  const out: Config = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    const key = assignment.slice(0, eq).trim();
    const param = workspace.catalogue.parameters.find((p) => p.name === key);
    if (!param) {
      throw new TuneRagError('cli', `--set ${assignment}: unknown key "${key}".${didYouMean(key, known)}`, {
        hint: `Known keys: ${known.join(', ')}`,
      });
    }
    out[key] = parseValueFor(param, assignment.slice(eq + 1));
  }
  return out;
}
