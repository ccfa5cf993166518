import { SCORE_TARGET, type TargetImportance } from './importance/parameter-importance.js';
import { failedConstraints, type Constraint } from './pareto/pick-best.js';
import { objectiveWeights, scalariseObjectives } from './objective-score.js';
import type { Objective } from './proposers/proposer.js';
import type { TrialRecord } from '../store/trial.js';
import { configDifferences, differenceText } from '../space/config-differences.js';
import { formatMetricValue } from '../metrics/format-metric-value.js';

/** A parameter needs at least this share of the score importance to pick the second rival. */
const IMPORTANT_SHARE = 0.1;
/** How many differences a rival's description lists before "+N more". */
const LISTED_DIFFERENCES = 3;

/**
 * One line on why the best configuration won, instead of the proposer's reason for trying it:
 * the objective that gave it the largest weighted edge over the runner-up (the feasible complete
 * trial with the next best weighted score) and how the runner-up's configuration differs; then the
 * closest rival (fewest differences, then best score) that differs on the most important parameter
 * the runner-up shares with the best; then which parameters explain most of the score variance.
 * Called by the study summary; undefined when there is no best.
 */
export function whyBestWon(options: {
  best: TrialRecord | undefined;
  leaderboard: readonly { trial: TrialRecord; score: number }[];
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
  constraints: readonly Constraint[];
  importance: readonly TargetImportance[];
}): string | undefined {
  const { best, leaderboard, objectives, constraints } = options;
  if (!best) return undefined;
  const score = options.importance.find((t) => t.target === SCORE_TARGET);
  const rank = new Map((score?.parameters ?? []).map((p) => [p.parameter, p.importance]));
  const feasible = leaderboard.filter(
    (e) => e.trial.id !== best.id && failedConstraints({ metrics: e.trial.metrics, constraints }).length === 0,
  );
  const edges = objectiveEdges({ leaderboard, objectives, weights: options.weights });
  const bestScore = leaderboard.find((e) => e.trial.id === best.id)?.score ?? 0;
  const parts: string[] = [];
  const runnerUp = feasible[0];
  if (!runnerUp) parts.push('the only complete configuration that meets every constraint');
  else {
    const differences = configDifferences({ ours: best.config, theirs: runnerUp.trial.config, rank });
    const which = differences.length
      ? `, which differs in ${listDifferences(differences)}`
      : ', a repeat of the same configuration';
    parts.push(
      comparison({
        best,
        bestScore,
        rival: runnerUp,
        label: `runner-up #${runnerUp.trial.number}${which}`,
        edges,
        objectives,
      }),
    );
    const shared = score?.parameters.find(
      (p) => p.importance >= IMPORTANT_SHARE && !differences.some((d) => d.parameter === p.parameter),
    );
    const second = shared && closestDiffering(best, feasible.slice(1), shared.parameter, rank);
    if (second) {
      const others = configDifferences({ ours: best.config, theirs: second.trial.config, rank });
      parts.push(
        comparison({
          best,
          bestScore,
          rival: second,
          label: `#${second.trial.number}, which differs in ${listDifferences(others)}`,
          edges,
          objectives,
        }),
      );
    }
  }
  const explained = explainedText(score);
  if (explained) parts.push(explained);
  return parts.join('; ');
}

/** Each objective's normalised value per trial, times its weight share: the parts of the score. */
function objectiveEdges(options: {
  leaderboard: readonly { trial: TrialRecord }[];
  objectives: readonly Objective[];
  weights: Readonly<Record<string, number>>;
}): Map<number, number[]> {
  const { leaderboard, objectives } = options;
  const weights = objectiveWeights(options);
  const total = weights.reduce((s, w) => s + w, 0);
  const rows = leaderboard.map((e) => e.trial.objectives);
  const columns = objectives.map((o) => scalariseObjectives({ rows, objectives: [o], weights: { [o.name]: 1 } }));
  return new Map(
    leaderboard.map((e, i) => [e.trial.id, objectives.map((_, j) => (weights[j] * columns[j][i]) / total)]),
  );
}

/**
 * "won on quality (+0.031 vs LABEL)": the objective with the largest weighted normalised edge over
 * the rival; or a tie on every objective; or, when the pick is not the higher mean score, that.
 */
function comparison(options: {
  best: TrialRecord;
  bestScore: number;
  rival: { trial: TrialRecord; score: number };
  label: string;
  edges: Map<number, number[]>;
  objectives: readonly Objective[];
}): string {
  const { best, bestScore, rival, label, edges, objectives } = options;
  const ours = edges.get(best.id) ?? [];
  const theirs = edges.get(rival.trial.id) ?? [];
  const gains = objectives.map((_, j) => (ours[j] ?? 0) - (theirs[j] ?? 0));
  if (gains.every((g) => Math.abs(g) < 1e-12))
    return `tied on every objective with ${label} (ties are broken by trial order)`;
  if (bestScore < rival.score)
    return `picked over ${label}, despite a ${(rival.score - bestScore).toFixed(3)} lower weighted score`;
  const j = gains.indexOf(Math.max(...gains));
  const o = objectives[j];
  const delta = (best.objectives?.[o.name] ?? 0) - (rival.trial.objectives?.[o.name] ?? 0);
  // Deltas of rates read as rates (+1.000, not the "+1" a count would print).
  const size = o.metric.endsWith('_ms')
    ? `${formatMetricValue(o.metric, Math.abs(delta))} ms`
    : o.metric.startsWith('cost')
      ? formatMetricValue(o.metric, Math.abs(delta))
      : Math.abs(delta).toFixed(3);
  return `won on ${o.name} (${delta >= 0 ? '+' : '-'}${size} vs ${label})`;
}

function listDifferences(differences: ReturnType<typeof configDifferences>): string {
  const shown = differences.slice(0, LISTED_DIFFERENCES).map(differenceText).join(', ');
  return differences.length > LISTED_DIFFERENCES ? `${shown} +${differences.length - LISTED_DIFFERENCES} more` : shown;
}

/** Among rivals with another value of `parameter`, the one with the fewest differences (then best score). */
function closestDiffering(
  best: TrialRecord,
  rivals: readonly { trial: TrialRecord; score: number }[],
  parameter: string,
  rank: ReadonlyMap<string, number>,
) {
  const candidates = rivals
    .filter((e) => e.trial.config[parameter] !== best.config[parameter])
    .map((e) => ({
      entry: e,
      distance: configDifferences({ ours: best.config, theirs: e.trial.config, rank }).length,
    }));
  candidates.sort(
    (a, b) => a.distance - b.distance || b.entry.score - a.entry.score || a.entry.trial.number - b.entry.trial.number,
  );
  return candidates[0]?.entry;
}

/**
 * "top_k and retrieval explain 71% of the score variance (30 trials)": the fewest parameters
 * carrying half of the importance, at most 3, and the variance their main effects explain
 * together (explained fractions add up to the model's R², see AdditiveFit).
 */
function explainedText(score: TargetImportance | undefined): string | undefined {
  if (!score || score.parameters.length === 0) return undefined;
  const top: typeof score.parameters = [];
  for (const p of score.parameters) {
    if (top.length === 3 || top.reduce((s, t) => s + t.importance, 0) >= 0.5) break;
    top.push(p);
  }
  const names = top.map((p) => p.parameter);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
  const share = top.reduce((s, p) => s + p.explained, 0);
  return `${list} explain${names.length > 1 ? '' : 's'} ${(share * 100).toFixed(0)}% of the score variance (${score.trials} trials)`;
}
