/**
 * A random instance valid against a JSON schema, as a schema-constrained decoder (OpenAI strict
 * mode, vLLM guided decoding, llama.cpp grammars, Ollama `format`) would produce from a model that
 * knows nothing of the task: every choice the schema leaves open is a coin flip.
 *
 * Handles type (also arrays of types), enum, const, minimum/maximum (and the exclusive forms),
 * multipleOf, minItems/maxItems, uniqueItems, minLength/maxLength, required, properties, items,
 * anyOf/oneOf and OpenAPI's `nullable`. An object without `properties` becomes `{}`, its smallest
 * valid form; optional properties are present half of the time.
 */
export function randomSchemaInstance(schema: unknown, random: () => number): unknown {
  if (typeof schema !== 'object' || schema === null) return null;
  const s = schema as Record<string, unknown>;
  if (s.nullable === true && random() < 0.25) return null;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return pick(s.enum, random);
  const branches = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(branches) && branches.length > 0) return randomSchemaInstance(pick(branches, random), random);
  const type = Array.isArray(s.type) ? pick(s.type as string[], random) : (s.type as string | undefined);
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return random() < 0.5;
    case 'integer':
      return randomNumber(s, random, true);
    case 'number':
      return randomNumber(s, random, false);
    case 'string':
      return randomString(s, random);
    case 'array':
      return randomArray(s, random);
    case 'object':
      return randomObject(s, random);
    default:
      // No type: any JSON value; a string is as good as any.
      return randomString({}, random);
  }
}

function pick<T>(values: readonly T[], random: () => number): T {
  return values[Math.floor(random() * values.length)];
}

function randomNumber(s: Record<string, unknown>, random: () => number, integer: boolean): number {
  let low =
    typeof s.minimum === 'number'
      ? s.minimum
      : typeof s.exclusiveMinimum === 'number'
        ? s.exclusiveMinimum + (integer ? 1 : 1e-6)
        : -1000;
  let high =
    typeof s.maximum === 'number'
      ? s.maximum
      : typeof s.exclusiveMaximum === 'number'
        ? s.exclusiveMaximum - (integer ? 1 : 1e-6)
        : low + 2000;
  if (integer) {
    low = Math.ceil(low);
    high = Math.floor(high);
  }
  const step = typeof s.multipleOf === 'number' ? s.multipleOf : integer ? 1 : 0;
  if (step > 0) {
    const first = Math.ceil(low / step);
    const last = Math.floor(high / step);
    const k = first + Math.floor(random() * (last - first + 1));
    return Number((k * step).toPrecision(12));
  }
  return low + random() * (high - low);
}

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'recall', 'chunk', 'token', 'lorem', 'ipsum', 'omega'];

function randomString(s: Record<string, unknown>, random: () => number): string {
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Math.max(min, 40);
  const words = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(WORDS, random));
  let text = words.join(' ');
  while (text.length < min) text += ` ${pick(WORDS, random)}`;
  return text.slice(0, max);
}

function randomArray(s: Record<string, unknown>, random: () => number): unknown[] {
  const min = typeof s.minItems === 'number' ? s.minItems : 0;
  const max = typeof s.maxItems === 'number' ? s.maxItems : min + 3;
  const length = min + Math.floor(random() * (max - min + 1));
  const out: unknown[] = [];
  const seen = new Set<string>();
  // uniqueItems: redraw duplicates; a schema with too few distinct values stops at what it allows.
  for (let tries = 0; out.length < length && tries < length * 50 + 50; tries++) {
    const item = randomSchemaInstance(s.items ?? {}, random);
    const key = JSON.stringify(item);
    if (s.uniqueItems === true && seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

function randomObject(s: Record<string, unknown>, random: () => number): Record<string, unknown> {
  const properties = (s.properties ?? {}) as Record<string, unknown>;
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const out: Record<string, unknown> = {};
  for (const [name, sub] of Object.entries(properties)) {
    if (required.has(name) || random() < 0.5) out[name] = randomSchemaInstance(sub, random);
  }
  return out;
}
