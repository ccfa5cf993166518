import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted at every depth, floats trimmed to 12 significant digits so
 * that 0.1 + 0.2 and 0.3 hash alike, `undefined` members dropped. Two equal configurations always
 * give the same string, whatever order their keys were written in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = normalise(member);
    }
    return out;
  }
  return value;
}

/** Short, stable content hash (hex) of any JSON-able value, via its canonical JSON. */
export function stableHash(value: unknown, length = 16): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, length);
}
