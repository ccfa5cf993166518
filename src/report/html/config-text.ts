import type { Config } from '../../space/parameter-schema.js';

/** `key=value, key=value` for tooltips and tables (plain text: escape before use in HTML). */
export function configText(config: Config | Record<string, unknown>): string {
  return Object.entries(config)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}
