import { TuneRagError } from '../errors.js';
import { NEUTRAL_VALUES } from './neutral-values.js';
import { checkValue } from './check-value.js';
import { orderByConditions } from './condition-order.js';
import { formatPath, formatZodIssues } from '../json/format-zod-issues.js';
import { SearchSpaceSchema, type Condition, type Config, type Param, type SearchSpace } from './parameter-schema.js';
import { readJsonFile } from './read-json-file.js';
import { didYouMean } from '../names/suggest-name.js';

/**
 * Loads a search space file and completes it into a full space over the catalogue.
 *
 * Parameters the file does not declare become single-valued ("fixed") at `fixed[name]`, so every
 * proposer sees one uniform space and conditions resolve in one pass. Declared parameters must be
 * inside the catalogue's limits; the catalogue's conditions always apply (AND-ed with any `when`
 * in the file), because the pipeline ignores inactive keys whatever a file says.
 */
export function loadSearchSpace(options: { path: string; catalogue: SearchSpace; fixed: Config }): SearchSpace {
  const raw = readJsonFile(options.path, 'search space');
  return completeSearchSpace({ raw, catalogue: options.catalogue, fixed: options.fixed, source: options.path });
}

export function completeSearchSpace(options: {
  raw: unknown;
  catalogue: SearchSpace;
  fixed: Config;
  source: string;
}): SearchSpace {
  const { raw, catalogue, fixed, source } = options;
  const declared = parseSpaceDeclaration({ raw, source });
  const known = catalogue.parameters.map((p) => p.name);
  const problems: string[] = [];
  const byName = new Map<string, Param>();
  for (const param of declared.parameters) {
    const base = catalogue.parameters.find((p) => p.name === param.name);
    if (!base) {
      problems.push(
        `parameter "${param.name}" is not a known parameter.${didYouMean(param.name, known)} Known: ${known.join(', ')}`,
      );
      continue;
    }
    if (byName.has(param.name)) problems.push(`parameter "${param.name}" is declared twice`);
    problems.push(...checkAgainstCatalogue(param, base));
    for (const conditionKey of Object.keys(param.when ?? {})) {
      if (!known.includes(conditionKey))
        problems.push(
          `parameter "${param.name}": "when" refers to unknown parameter "${conditionKey}".${didYouMean(conditionKey, known)}`,
        );
    }
    byName.set(param.name, { ...param, when: mergeConditions(base.when, param.when) } as Param);
  }
  if (problems.length > 0) throw spaceError(source, problems);

  const parameters: Param[] = catalogue.parameters.map((base) => {
    const declaredParam = byName.get(base.name);
    if (declaredParam) return declaredParam;
    // A switch the space does not declare stays off (the baseline's resolved form drops it).
    const value = fixed[base.name] ?? NEUTRAL_VALUES[base.name];
    if (value === undefined)
      return { ...base, type: 'categorical', values: [], description: base.description } as Param;
    return {
      name: base.name,
      type: 'categorical',
      values: [value],
      group: base.group,
      description: base.description,
      when: base.when,
    } as Param;
  });
  const order = orderByConditions(parameters);
  if (!order.ok) throw spaceError(source, [describeCycle({ cycle: order.cycle, declared: declared.parameters })]);
  return { name: declared.name, description: declared.description, parameters: order.parameters };
}

/**
 * `a -> b -> a`, naming where each link comes from: the file's key (`parameters[0].when.b`) or
 * the catalogue's built-in condition (e.g. embedder applies only to dense or hybrid retrieval).
 */
/** A space declaration checked against the schema; each problem names its key and parameter. */
export function parseSpaceDeclaration(options: { raw: unknown; source: string }): SearchSpace {
  const { raw, source } = options;
  const parsed = SearchSpaceSchema.safeParse(raw);
  if (!parsed.success) {
    const label = (path: PropertyKey[]) => {
      const text = formatPath(path);
      const index = path[0] === 'parameters' && typeof path[1] === 'number' ? path[1] : undefined;
      const name =
        index === undefined ? undefined : (raw as { parameters?: { name?: unknown }[] })?.parameters?.[index]?.name;
      return typeof name === 'string' ? text.replace(`parameters[${index}]`, `parameters[${index}] ("${name}")`) : text;
    };
    throw spaceError(source, formatZodIssues(parsed.error, label));
  }
  return parsed.data;
}

function describeCycle(options: { cycle: string[]; declared: readonly Param[] }): string {
  const { cycle, declared } = options;
  const links = cycle.slice(0, -1).map((from, i) => {
    const to = cycle[i + 1];
    const index = declared.findIndex((p) => p.name === from);
    return index >= 0 && declared[index].when?.[to] !== undefined
      ? `${from} -> ${to}: parameters[${index}] ("${from}").when.${to}`
      : `${from} -> ${to}: the built-in condition of "${from}"`;
  });
  return `"when" conditions form a cycle ${cycle.join(' -> ')}, so ${cycle.length > 2 ? 'these parameters' : `"${cycle[0]}"`} could never be active (${links.join('; ')}); remove one of these conditions`;
}

function checkAgainstCatalogue(param: Param, base: Param): string[] {
  if (param.type === 'categorical') {
    return param.values
      .map((v) => checkValue(base, v))
      .filter((p): p is string => p !== null)
      .map((p) => `parameter "${param.name}": ${p}`);
  }
  if (base.type === 'categorical')
    return [`parameter "${param.name}" is categorical: declare it with "type": "categorical" and "values"`];
  if (base.type === 'int' && param.type === 'float')
    return [`parameter "${param.name}" takes integers: use "type": "int"`];
  const problems: string[] = [];
  if (param.low < base.low || param.high > base.high) {
    problems.push(
      `parameter "${param.name}": range [${param.low}, ${param.high}] exceeds the supported [${base.low}, ${base.high}]`,
    );
  }
  return problems;
}

/** AND of two conditions: where both constrain one parameter, only values allowed by both remain. */
function mergeConditions(a: Condition | undefined, b: Condition | undefined): Condition | undefined {
  if (!a) return b;
  if (!b) return a;
  const out: Condition = { ...a };
  for (const [key, values] of Object.entries(b))
    out[key] = out[key] ? out[key].filter((v) => values.includes(v)) : values;
  return out;
}

function spaceError(source: string, problems: string[]): TuneRagError {
  return new TuneRagError('config', `invalid search space ${source}:\n  - ${problems.join('\n  - ')}`, {
    hint: 'Fix the parameters above; `tune-rag space` prints every supported parameter and its limits.',
  });
}
