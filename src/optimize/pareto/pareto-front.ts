import type { Objective } from '../proposers/proposer.js';
import type { ObjectiveValues } from '../../store/trial.js';
import { nonDominatedSort, type ObjectivePoint } from './non-dominated-sort.js';

/** Anything that carries objective values by objective name (a trial, a report row). */
export interface HasObjectives {
  objectives: ObjectiveValues | null;
}

/** The objective vector of each item, in `objectives` order (missing values become null). */
export function objectivePoints(options: {
  items: readonly HasObjectives[];
  objectives: readonly Objective[];
}): ObjectivePoint[] {
  return options.items.map((item) => options.objectives.map((o) => item.objectives?.[o.name] ?? null));
}

/** The items on the first Pareto front over `objectives`, in input order. Pass complete trials only. */
export function paretoFront<T extends HasObjectives>(options: {
  items: readonly T[];
  objectives: readonly Objective[];
}): T[] {
  const fronts = nonDominatedSort({
    points: objectivePoints(options),
    directions: options.objectives.map((o) => o.direction),
  });
  return (fronts[0] ?? []).map((i) => options.items[i]);
}
