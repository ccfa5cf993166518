import { join, resolve } from 'node:path';
import { packageRoot } from './package-root.js';
import { ComponentRegistry } from './providers/component-registry.js';
import { buildCatalogue } from './space/catalogue.js';
import { CATALOGUE_DEFAULTS } from './space/catalogue-defaults.js';
import { loadConfigFile } from './space/load-config-file.js';
import type { Config, SearchSpace } from './space/parameter-schema.js';

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
  /** Values for parameters nobody set: the baseline over the catalogue's fallbacks. */
  defaults: Config;
  defaultSpacePath: string;
}

export function openWorkspace(options: { cwd: string; dir?: string; cacheDir?: string }): Workspace {
  const dir = resolve(options.cwd, options.dir ?? '.tune-rag');
  const components = new ComponentRegistry();
  const catalogue = buildCatalogue(components.names());
  const baselinePath = join(packageRoot(), 'pipelines', 'baseline.json');
  const baseline = loadConfigFile({ path: baselinePath, space: catalogue, defaults: CATALOGUE_DEFAULTS }).config;
  return {
    dir,
    cacheDir: options.cacheDir ? resolve(options.cwd, options.cacheDir) : join(dir, 'cache'),
    components,
    catalogue,
    baseline,
    defaults: { ...CATALOGUE_DEFAULTS, ...baseline },
    defaultSpacePath: join(packageRoot(), 'pipelines', 'default.space.json'),
  };
}
