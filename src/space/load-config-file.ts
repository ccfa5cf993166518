import { TuneRagError } from '../errors.js';
import { ConfigValuesSchema, type Config, type SearchSpace } from './parameter-schema.js';
import { readJsonFile } from './read-json-file.js';
import { resolveConfig, type ResolvedConfig } from './validate-config.js';

/**
 * Loads a configuration file: either a flat object of parameters, or any object with a
 * `config` member (what `tune-rag run --json` and a tuning run's best.json write), so results
 * can be fed straight back. Missing parameters come from `defaults`.
 */
export function loadConfigFile(options: {
  path: string;
  space: SearchSpace;
  defaults?: Config;
  overrides?: Config;
}): ResolvedConfig {
  const raw = readJsonFile(options.path, 'configuration');
  const candidate =
    raw && typeof raw === 'object' && !Array.isArray(raw) && 'config' in raw
      ? (raw as { config: unknown }).config
      : raw;
  const parsed = ConfigValuesSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.path.length ? `key "${issue.path.join('.')}"` : 'the file';
    throw new TuneRagError('config', `${options.path}: ${key}: ${issue.message}`, {
      hint: 'A configuration is a JSON object of parameter names to strings, numbers or booleans, e.g. {"chunk.size": 256}.',
    });
  }
  return resolveConfig({
    config: { ...parsed.data, ...options.overrides },
    space: options.space,
    defaults: options.defaults,
    source: options.path,
  });
}
