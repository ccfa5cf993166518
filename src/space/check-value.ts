import type { Param, ParamValue } from './parameter-schema.js';

/**
 * Checks one value against one declaration. Returns null when valid, otherwise a sentence that
 * says what is allowed (the caller adds where the value came from).
 */
export function checkValue(param: Param, value: unknown): string | null {
  if (param.type === 'categorical') {
    if (param.values.includes(value as ParamValue)) return null;
    return param.values.length === 0
      ? `no value is available for "${param.name}" here`
      : `"${param.name}" must be one of ${param.values.map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(value)})`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return `"${param.name}" must be a number (got ${JSON.stringify(value)})`;
  }
  if (param.type === 'int' && !Number.isInteger(value)) return `"${param.name}" must be an integer (got ${value})`;
  if (value < param.low || value > param.high) {
    return `"${param.name}" = ${value} is out of range [${param.low}, ${param.high}]`;
  }
  return null;
}

/**
 * Parses a command-line string (`--set chunk.size=256`) into the value type the parameter
 * declares, so "256" becomes 256 and "true" becomes true.
 */
export function parseValueFor(param: Param | undefined, raw: string): ParamValue {
  const trimmed = raw.trim();
  if (param?.type === 'int' || param?.type === 'float') {
    const n = Number(trimmed);
    return trimmed !== '' && Number.isFinite(n) ? n : trimmed;
  }
  if (param?.type === 'categorical') {
    const match = param.values.find((v) => String(v) === trimmed);
    if (match !== undefined) return match;
  }
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  const n = Number(trimmed);
  return trimmed !== '' && Number.isFinite(n) ? n : trimmed;
}
