import type { Verdict } from './compare-objective.js';

/** Whether i dominates j under noise: no objective significantly worse, one significantly better. */
export function dominatesWithinNoise(matrix: readonly Verdict[][][], i: number, j: number): boolean {
  let better = false;
  for (const rows of matrix) {
    if (rows[i][j] === -1) return false;
    if (rows[i][j] === 1) better = true;
  }
  return better;
}

/**
 * Non-dominated sort under noise-aware dominance ({@link dominatesWithinNoise}): front 0 holds
 * every candidate that no other beats significantly on one objective without being significantly
 * worse on another. `count` is the number of candidates. Ties within noise are not dominance, so a
 * difference smaller than its noise can never move a trial off a front.
 *
 * Noise-aware dominance need not be transitive; should it ever form a cycle, the candidates left
 * in it share the last front rather than being lost. Indices are in ascending order in each front.
 */
export function noisyFronts(options: { matrix: readonly Verdict[][][]; count: number }): number[][] {
  const { matrix, count } = options;
  const dominatedBy = new Array<number>(count).fill(0);
  const dominating: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      if (i !== j && dominatesWithinNoise(matrix, i, j)) {
        dominating[i].push(j);
        dominatedBy[j]++;
      }
    }
  }
  const fronts: number[][] = [];
  const placed = new Set<number>();
  let current = [...Array(count).keys()].filter((i) => dominatedBy[i] === 0);
  while (current.length > 0) {
    fronts.push(current);
    for (const i of current) placed.add(i);
    const next: number[] = [];
    for (const i of current) for (const j of dominating[i]) if (--dominatedBy[j] === 0) next.push(j);
    current = next.sort((a, b) => a - b);
  }
  const left = [...Array(count).keys()].filter((i) => !placed.has(i));
  if (left.length > 0) fronts.push(left);
  return fronts;
}
