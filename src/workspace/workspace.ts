import { join, resolve } from 'node:path';
import { packageRoot } from '../package-root.js';
import { ComponentRegistry } from '../providers/component-registry.js';
import { buildCatalogue } from '../space/catalogue.js';
import { CATALOGUE_DEFAULTS } from '../space/catalogue-defaults.js';
import { loadConfigFile } from '../space/load-config-file.js';
import type { Config, SearchSpace } from '../space/parameter-schema.js';

/**
 * Everything a command needs before touching a dataset: the components available, the catalogue
 * built from them, the baseline configuration, and where state lives (`.tune-rag/` in the
 * working directory unless told otherwise).
 */
export interface Workspace {
  /** Folder of tune-rag's state: cache/, the study database. */
  dir: string;
  cacheDir: string;
  components: ComponentRegistry;
  catalogue: SearchSpace;
  /** pipelines/baseline.json, validated: the reference every tuning result is compared with. */
  baseline: Config;
  /** Where `baseline` comes from, as reports name it (default "pipelines/baseline.json"). */
  baselineSource?: string;
  /** Values for parameters nobody set: the baseline over the catalogue's fallbacks. */
  defaults: Config;
  defaultSpacePath: string;
}

/** Where state lives, without loading anything (for files needed before the workspace opens). */
export function resolveWorkspacePaths(options: { cwd: string; dir?: string; cacheDir?: string }): {
  dir: string;
  cacheDir: string;
} {
  const dir = resolve(options.cwd, options.dir ?? '.tune-rag');
  return { dir, cacheDir: options.cacheDir ? resolve(options.cwd, options.cacheDir) : join(dir, 'cache') };
}

/**
 * Pass `components` when extra (LLM) components were registered: the catalogue lists the
 * registry's names, so registration must come first.
 */
export function openWorkspace(options: {
  cwd: string;
  dir?: string;
  cacheDir?: string;
  components?: ComponentRegistry;
}): Workspace {
  const { dir, cacheDir } = resolveWorkspacePaths(options);
  const components = options.components ?? new ComponentRegistry();
  const catalogue = buildCatalogue(components.names());
  const baselinePath = join(packageRoot(), 'pipelines', 'baseline.json');
  // Registered components' parameters (and vector_store) are in no preset: their defaults complete them.
  const fallbacks = { ...CATALOGUE_DEFAULTS, ...components.parameterDefaults() };
  const baseline = loadConfigFile({ path: baselinePath, space: catalogue, defaults: fallbacks }).config;
  return {
    dir,
    cacheDir,
    components,
    catalogue,
    baseline,
    defaults: { ...fallbacks, ...baseline },
    defaultSpacePath: join(packageRoot(), 'pipelines', 'default.space.json'),
  };
}
