import type { Objective } from '../proposers/proposer.js';
import type { RungResult, TrialRecord } from '../../store/trial.js';
import { isTimingMetric } from './noise-rule.js';
import { reproducibleValues } from './reproducible-values.js';
import { verdictMatrix, type NoisyCandidate } from './verdict-matrix.js';

/**
 * The history as proposers should see it: each finished trial's timing objectives (latency,
 * index build time) replaced by their tie-class values, so that a cold rerun, whose timings differ
 * only by noise, hands every proposer the same numbers and, with the same seed, gets the same
 * proposals. Classes are formed over all trials with objectives, unpaired (each trial's highest
 * rung's standard error plus the run-to-run floor, see compareObjective). On one machine all
 * local pipelines usually fall in one class, which scores the same for everyone: latency then
 * steers nothing, as it should when it cannot be told apart.
 *
 * The timing objectives' standard errors are dropped from every rung too: a model that weighs
 * observations by their noise (the heteroscedastic GP of the auto proposer and the pick's
 * smoother) would otherwise read the measured spread back in.
 *
 * Other objectives are passed through: they repeat exactly for a seed offline (answers and
 * retrieval are deterministic, cost is counted, not timed), and their sampling noise is
 * information a model-based proposer weighs itself (the GP's noise term). Called by the tuning
 * loop before every proposal; the store is never changed.
 */
export function decisionGradeHistory(options: {
  history: readonly TrialRecord[];
  objectives: readonly Objective[];
}): TrialRecord[] {
  const timing = options.objectives.filter((o) => isTimingMetric(o.metric));
  const scored = options.history.filter((t) => t.objectives !== null);
  if (timing.length === 0 || scored.length === 0) return [...options.history];
  const candidates: NoisyCandidate[] = scored.map((t) => ({
    id: t.id,
    configHash: t.configHash,
    objectives: t.objectives,
    objectiveSe: t.rungs.at(-1)?.objectiveSe ?? null,
    questions: t.rungs.at(-1)?.questions ?? 0,
  }));
  const matrix = verdictMatrix({ candidates, objectives: timing });
  const values = reproducibleValues({ candidates, objectives: timing, matrix });
  const replaced = new Map(scored.map((t, i) => [t.id, { ...t.objectives, ...values[i] }]));
  const timingNames = new Set(timing.map((o) => o.name));
  const withoutTimingSe = (rung: RungResult): RungResult =>
    rung.objectiveSe
      ? {
          ...rung,
          objectiveSe: Object.fromEntries(Object.entries(rung.objectiveSe).filter(([name]) => !timingNames.has(name))),
        }
      : rung;
  return options.history.map((t) =>
    replaced.has(t.id) ? { ...t, objectives: replaced.get(t.id)!, rungs: t.rungs.map(withoutTimingSe) } : t,
  );
}
