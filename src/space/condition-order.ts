import type { Param } from './parameter-schema.js';

/** Parameters in an order where every `when` names only earlier ones, or the first cycle found. */
export type ConditionOrder = { ok: true; parameters: Param[] } | { ok: false; cycle: string[] };

/**
 * Orders a completed space's parameters so each one's conditions come before it, because
 * activity is resolved in one pass in declaration order (active-params.ts): a condition on a
 * later parameter would silently never hold. The order is stable: a space whose conditions
 * already point backwards (the catalogue, every space that follows it) is returned unchanged,
 * and a parameter moves only as far as its conditions require. A cycle (`a` active only when
 * `b` is, `b` only when `a` is) can never be satisfied, so it is returned as `[a, b, a]` for the
 * caller to report. Conditions on names outside `parameters` are ignored here (the loader
 * reports unknown names itself).
 */
export function orderByConditions(parameters: readonly Param[]): ConditionOrder {
  const byName = new Map(parameters.map((p) => [p.name, p]));
  const done = new Set<string>();
  const stack: string[] = [];
  const ordered: Param[] = [];
  const visit = (param: Param): string[] | null => {
    if (done.has(param.name)) return null;
    const at = stack.indexOf(param.name);
    if (at >= 0) return [...stack.slice(at), param.name];
    stack.push(param.name);
    for (const name of Object.keys(param.when ?? {})) {
      const dependency = byName.get(name);
      const cycle = dependency ? visit(dependency) : null;
      if (cycle) return cycle;
    }
    stack.pop();
    done.add(param.name);
    ordered.push(param);
    return null;
  };
  for (const param of parameters) {
    const cycle = visit(param);
    if (cycle) return { ok: false, cycle };
  }
  return { ok: true, parameters: ordered };
}
