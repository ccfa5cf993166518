/** Whether higher or lower values of an objective are better. */
export type Direction = 'max' | 'min';

/** One value per objective, in a fixed objective order; null (or NaN) means unknown and counts as worst. */
export type ObjectivePoint = readonly (number | null)[];

/** Maps a value to "higher is better"; unknown values become -Infinity, worse than anything known. */
function goodness(value: number | null | undefined, direction: Direction): number {
  if (value === null || value === undefined || Number.isNaN(value)) return -Infinity;
  return direction === 'max' ? value : -value;
}

/**
 * Whether `a` Pareto-dominates `b`: at least as good in every objective and strictly better in
 * one. Two unknown values tie, so a point never dominates itself.
 */
export function dominates(a: ObjectivePoint, b: ObjectivePoint, directions: readonly Direction[]): boolean {
  let strictly = false;
  for (let i = 0; i < directions.length; i++) {
    const ga = goodness(a[i], directions[i]);
    const gb = goodness(b[i], directions[i]);
    if (ga < gb) return false;
    if (ga > gb) strictly = true;
  }
  return strictly;
}

/**
 * Fast non-dominated sort (Deb et al., NSGA-II): partitions point indices into fronts, front 0
 * being the Pareto front, front 1 what is non-dominated once front 0 is removed, and so on.
 * Objectives may mix max and min directions. Indices keep input order inside each front;
 * duplicate points share a front. O(M·N²) for N points and M objectives.
 */
export function nonDominatedSort(options: {
  points: readonly ObjectivePoint[];
  directions: readonly Direction[];
}): number[][] {
  const { points, directions } = options;
  const dominatedBy = points.map(() => 0);
  const dominating: number[][] = points.map(() => []);
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      if (dominates(points[i], points[j], directions)) {
        dominating[i].push(j);
        dominatedBy[j]++;
      } else if (dominates(points[j], points[i], directions)) {
        dominating[j].push(i);
        dominatedBy[i]++;
      }
    }
  }
  const fronts: number[][] = [];
  let current = points.map((_, i) => i).filter((i) => dominatedBy[i] === 0);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) {
      for (const j of dominating[i]) if (--dominatedBy[j] === 0) next.push(j);
    }
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}
