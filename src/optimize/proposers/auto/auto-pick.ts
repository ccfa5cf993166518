import type { ParamValue } from '../../../space/parameter-schema.js';
import type { Candidate } from './auto-candidates.js';
import type { ScoredTrials } from './auto-scores.js';
import type { Surrogate } from './auto-surrogate.js';
import { normalCdf } from '../../../stats/normal-distribution.js';

/** The chosen candidate with its prediction and the rationale to store. */
export interface Pick {
  candidate: Candidate;
  mean: number;
  sd: number;
  rationale: string;
}

/**
 * Chooses the candidate with the highest expected improvement over the best observed score, or,
 * when `exploit` is set (the last evaluation of the budget), the highest predicted score: with no
 * later trial to profit from what it teaches, exploring has no value. Earlier candidates win ties,
 * so the choice is deterministic for a given pool.
 */
export function pickCandidate(options: {
  pool: readonly Candidate[];
  surrogate: Surrogate;
  incumbent?: ScoredTrials['top'][number];
  exploit: boolean;
}): Pick {
  const { pool, surrogate, incumbent, exploit } = options;
  let best: (Pick & { value: number }) | undefined;
  for (const candidate of pool) {
    const { mean, sd } = surrogate.predict(candidate.config);
    const value = exploit ? mean : expectedImprovement(mean, sd, surrogate.best);
    if (!best || value > best.value) best = { candidate, mean, sd, value, rationale: '' };
  }
  const chosen = best!;
  const prediction = `predicted score ${chosen.mean.toFixed(3)} ± ${chosen.sd.toFixed(3)}`;
  const why = exploit
    ? `${prediction}, the highest of ${pool.length} candidates (last evaluation of the budget)`
    : `${prediction}, expected improvement ${chosen.value.toFixed(4)}, best of ${pool.length} candidates`;
  return { ...chosen, rationale: `${describe(chosen.candidate, incumbent, exploit)}; ${why}` };
}

/** EI for maximisation under a normal posterior. */
export function expectedImprovement(mean: number, sd: number, best: number): number {
  const gain = mean - best;
  if (!(sd > 1e-12)) return Math.max(0, gain);
  const z = gain / sd;
  return gain * normalCdf(z) + (sd * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI);
}

/** "auto/local: top_k 5→8 around best #7" for a move of at most two parameters, else the candidate's source. */
function describe(candidate: Candidate, incumbent: ScoredTrials['top'][number] | undefined, exploit: boolean): string {
  const phase = (name: string) => `auto/${exploit ? 'exploit' : name}`;
  if (incumbent) {
    const before = incumbent.config;
    const after = candidate.config;
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => before[k] !== after[k]);
    if (keys.length > 0 && keys.length <= 2) {
      const show = (v: ParamValue | undefined) => (v === undefined ? '(off)' : String(v));
      const changes = keys.map((k) => `${k} ${show(before[k])}→${show(after[k])}`).join(', ');
      return `${phase('local')}: ${changes} around best #${incumbent.trial.number}`;
    }
  }
  const label = { grid: 'model', local: 'local', tpe: 'tpe', explore: 'explore' }[candidate.source];
  const what = {
    grid: 'a configuration far from the best',
    local: 'a perturbation of the best',
    tpe: "a draw from TPE's good-trial density",
    explore: 'a random configuration',
  }[candidate.source];
  return `${phase(label)}: ${what}`;
}
