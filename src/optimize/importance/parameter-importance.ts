import { scalariseObjectives } from '../objective-score.js';
import type { Objective } from '../proposers/proposer.js';
import type { TrialRecord } from '../../store/trial.js';
import { fitAdditiveEffects } from './additive-anova.js';
import { chanceExplained } from './chance-explained.js';
import { parameterLevels } from './parameter-levels.js';
import { rungObservations, type RungObservations } from './rung-observations.js';

/**
 * A rung with fewer trials than this is left out: a dozen parameters fitted to a handful of trials
 * (the top rung of a short study) would split the credit arbitrarily.
 */
export const MIN_TRIALS_PER_RUNG = 8;

/** The name of the weighted-score target, next to the objective names. */
export const SCORE_TARGET = 'score';

/** One parameter's importance for one target. */
export interface ParameterImportance {
  parameter: string;
  /** Share of the importance of all parameters for this target; the shares sum to 1. */
  importance: number;
  /**
   * Fraction of the target's variance the parameter's main effect explains beyond chance
   * (rung-weighted; see AdditiveFit and chance-explained.ts).
   */
  explained: number;
}

/** Importance for one target: the weighted score or one objective. */
export interface TargetImportance {
  target: string;
  /** Most important first; empty when the target never varied (e.g. cost of local components). */
  parameters: ParameterImportance[];
  /** Distinct trials that entered the fit, over all rungs used. */
  trials: number;
  /** Rung-weighted share of the target's variance the main effects explain together, beyond chance. */
  rSquared: number;
}

/**
 * Which parameters mattered: a main-effects functional ANOVA per rung, combined over rungs.
 *
 * Targets are the weighted score (objectives scalarised with `weights` among the trials of each
 * rung, see scalariseObjectives) and every objective's raw value. For each rung with at least
 * {@link MIN_TRIALS_PER_RUNG} trials carrying the target, configurations become levels
 * (parameter-levels.ts: quantile bins, inactive handled by the parent) and an additive model is
 * fitted (additive-anova.ts). Each rung's explained variances are weighted by the question
 * evaluations behind them (trials × questions): a low rung has many trials on few questions and a
 * high rung few trials on many, so each counts by its evidence. A parameter's importance is its
 * weighted explained variance over the sum for all parameters. Every explained share (and R²)
 * is taken beyond chance: minus what the same fit gives on seeded shuffles of the target, floored
 * at 0 (chance-explained.ts), so parameters that explain no more than noise get nothing, and a
 * target where no parameter beats chance gets an empty list. Called by the study summary.
 */
export function parameterImportance(options: {
  trials: readonly TrialRecord[];
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
  /** Subtract what each parameter explains by chance (default true); false gives the raw decomposition. */
  chanceCorrection?: boolean;
}): TargetImportance[] {
  const { objectives, weights } = options;
  const corrected = options.chanceCorrection ?? true;
  const rungs = rungObservations({ trials: options.trials });
  const scoreTarget = targetImportance(SCORE_TARGET, rungs, corrected, (rung) =>
    scalariseObjectives({ rows: rung.rows.map((r) => r.objectives), objectives, weights }),
  );
  return [
    scoreTarget,
    ...objectives.map((o) =>
      targetImportance(o.name, rungs, corrected, (rung) => rung.rows.map((r) => numberOrNull(r.objectives[o.name]))),
    ),
  ];
}

function targetImportance(
  target: string,
  rungs: readonly RungObservations[],
  corrected: boolean,
  values: (rung: RungObservations) => (number | null)[],
): TargetImportance {
  const explained = new Map<string, number>();
  const trials = new Set<number>();
  let weightSum = 0;
  let rSquared = 0;
  for (const rung of rungs) {
    const y = values(rung);
    const rows = rung.rows.filter((_, i) => y[i] !== null);
    if (rows.length < MIN_TRIALS_PER_RUNG) continue;
    const factors = parameterLevels({ configs: rows.map((r) => r.config) });
    const fit = fitAdditiveEffects({ target: y.filter((v): v is number => v !== null), factors });
    if (!fit) continue;
    const chance = corrected
      ? chanceExplained({
          target: y.filter((v): v is number => v !== null),
          factors,
          rSquared: fit.rSquared,
          seed: 1 + rung.rung,
        })
      : { explained: factors.map(() => 0), rSquared: 0 };
    const weight = rows.length * rung.questions;
    weightSum += weight;
    rSquared += weight * Math.max(0, fit.rSquared - chance.rSquared);
    // A factor that only corrects others (negative covariance with the fit) explains nothing itself,
    // and what a factor explains on shuffled targets is what it would explain from noise.
    factors.forEach((f, j) =>
      explained.set(
        f.parameter,
        (explained.get(f.parameter) ?? 0) + weight * Math.max(0, Math.max(0, fit.explained[j]) - chance.explained[j]),
      ),
    );
    for (const r of rows) trials.add(r.trial);
  }
  const total = [...explained.values()].reduce((s, v) => s + v, 0);
  if (weightSum === 0 || total <= 0) return { target, parameters: [], trials: trials.size, rSquared: 0 };
  const parameters = [...explained]
    .map(([parameter, e]) => ({ parameter, importance: e / total, explained: e / weightSum }))
    .sort((a, b) => b.importance - a.importance || a.parameter.localeCompare(b.parameter));
  return { target, parameters, trials: trials.size, rSquared: rSquared / weightSum };
}

function numberOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
