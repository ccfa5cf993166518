import type { Constraint } from '../optimize/pareto/pick-best.js';
import { pickBest } from '../optimize/pareto/pick-best.js';
import { scalariseObjectives } from '../optimize/proposers/objective-score.js';
import type { Objective } from '../optimize/proposers/proposer.js';
import { countsTowardBudget, type Study } from '../optimize/study.js';
import type { TrialRecord, TrialState } from '../optimize/trial.js';
import type { SteeringRecord } from '../store/study-store.js';
import { replaySteering } from '../chat/steering-state.js';
import { storedQuestionValues } from '../optimize/noise/stored-question-values.js';

/** The standard errors of a trial's objectives: those of its highest rung; null when not recorded. */
function trialObjectiveSe(trial: TrialRecord): Record<string, number | null> | null {
  return trial.rungs.at(-1)?.objectiveSe ?? null;
}

/** Everything the end-of-run report, `show`, and JSON output say about a study. */
export interface StudySummary {
  name: string;
  objectives: Objective[];
  weights: Record<string, number>;
  constraints: Constraint[];
  trials: TrialRecord[];
  counts: Record<TrialState, number>;
  /** Complete trials, best first by weighted normalised score. */
  leaderboard: { trial: TrialRecord; score: number }[];
  best?: TrialRecord;
  pareto: TrialRecord[];
  baseline?: TrialRecord;
  violations: { constraint: Constraint; failedBy: number }[];
  /** Questions evaluated (highest rung reached per trial; lower rungs are nested prefixes) vs evaluating every trial fully. */
  questionEvaluations: number;
  fullEvaluations: number;
  steering: SteeringRecord[];
  /** Why the best won over its nearest rival when that was a noise decision ("ties #29 within noise; more questions"). */
  pickReason?: string;
}

export function summarizeStudy(study: Study): StudySummary {
  const { objectives, rungs } = study.settings;
  const steering = study.store.listSteering(study.id);
  // Weights and constraints changed by steering rank the results the way the user now wants.
  const { weights, constraints } = replaySteering({ settings: study.settings, budget: study.settings.budget, records: steering });
  const trials = study.trials();
  const counts: Record<TrialState, number> = { waiting: 0, running: 0, complete: 0, pruned: 0, failed: 0 };
  for (const t of trials) counts[t.state] += 1;
  const complete = trials.filter((t) => t.state === 'complete');
  const scores = scalariseObjectives({ rows: complete.map((t) => t.objectives), objectives, weights });
  const leaderboard = complete.map((trial, i) => ({ trial, score: scores[i] })).sort((a, b) => b.score - a.score || a.trial.number - b.trial.number);
  // Complete trials are compared per question on their highest rung (all on the same questions).
  const questionValuesOf = storedQuestionValues({ questionResults: (q) => study.store.questionResults(q), rungOf: (id) => complete.find((t) => t.id === id)?.rungs.at(-1)?.rung });
  const picked = pickBest({ candidates: complete, objectives, weights, constraints, questionValuesOf });
  const evaluated = trials.filter(countsTowardBudget);
  const allQuestions = rungs[rungs.length - 1];
  return {
    name: study.name,
    objectives,
    weights,
    constraints,
    trials,
    counts,
    leaderboard,
    best: picked.best,
    pareto: picked.front,
    baseline: trials.find((t) => t.proposer === 'baseline' && t.state === 'complete'),
    violations: picked.violations,
    questionEvaluations: evaluated.reduce((sum, t) => sum + Math.max(0, ...t.rungs.map((r) => r.questions)), 0),
    fullEvaluations: evaluated.length * allQuestions,
    steering,
    ...(picked.tie ? { pickReason: `ties #${picked.tie.rival.number} within noise; ${picked.tie.decidedBy}` } : {}),
  };
}

/** The `--json` shape of a study: {study, best, pareto, trials, steering}. */
export function studyJson(summary: StudySummary): Record<string, unknown> {
  const trialJson = (t: TrialRecord) => ({
    id: t.number, state: t.state, proposer: t.proposer, rationale: t.rationale, config: t.config,
    objectives: t.objectives, metrics: t.metrics, objective_se: trialObjectiveSe(t), rungs: t.rungs.map((r) => ({ rung: r.rung, questions: r.questions, objectives: r.objectives, objective_se: r.objectiveSe ?? null })),
    ...(t.error ? { error: t.error } : {}),
  });
  return {
    study: summary.name,
    objectives: summary.objectives,
    weights: summary.weights,
    constraints: summary.constraints,
    best: summary.best ? { id: summary.best.number, config: summary.best.config, objectives: summary.best.objectives, objective_se: trialObjectiveSe(summary.best), metrics: summary.best.metrics, ...(summary.pickReason ? { pick_reason: summary.pickReason } : {}) } : null,
    baseline: summary.baseline ? { id: summary.baseline.number, config: summary.baseline.config, objectives: summary.baseline.objectives } : null,
    pareto: summary.pareto.map((t) => ({ id: t.number, config: t.config, objectives: t.objectives })),
    counts: summary.counts,
    question_evaluations: summary.questionEvaluations,
    full_evaluations: summary.fullEvaluations,
    trials: summary.trials.map(trialJson),
    steering: summary.steering.map((s) => ({ at_trial: s.atTrial, action: s.action, message: s.message })),
  };
}
