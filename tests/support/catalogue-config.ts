import { ComponentRegistry } from '../../src/providers/component-registry.js';
import { buildCatalogue } from '../../src/space/catalogue.js';
import { CATALOGUE_DEFAULTS } from '../../src/space/catalogue-defaults.js';
import type { Config } from '../../src/space/parameter-schema.js';
import { resolveConfig } from '../../src/space/validate-config.js';

/** The local components (no LLM) and the catalogue they make, as a plain CLI run has them. */
export const localComponents = new ComponentRegistry();
export const localCatalogue = buildCatalogue(localComponents.names());

/** `values` completed with the catalogue's defaults and validated against it. */
export function catalogueConfig(values: Config): Config {
  return resolveConfig({ config: values, space: localCatalogue, defaults: CATALOGUE_DEFAULTS, source: 'test' }).config;
}
