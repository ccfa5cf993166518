import { groupErrors, mergeErrorGroups, type ErrorGroup } from '../metrics/error-groups.js';
import type { Constraint } from './pareto/pick-best.js';
import { pickBest } from './pareto/pick-best.js';
import { scalariseObjectives } from './objective-score.js';
import type { Objective } from './proposers/proposer.js';
import { countsTowardBudget, INTERRUPTED } from './interrupted-trials.js';
import type { QuestionResult, TrialRecord, TrialState } from '../store/trial.js';
import type { StudySettings } from './study-settings.js';
import type { SteeringRecord } from '../store/study-store.js';
import { replaySteering } from './steering/steering-state.js';
import { parameterImportance, type TargetImportance } from './importance/parameter-importance.js';
import { whyBestWon } from './why-best-won.js';
import { importanceJson } from './importance/importance-json.js';
import { trivialAnswerWarning, type TrivialAnswers } from '../metrics/trivial-answers.js';
import { storedQuestionValues } from './noise/stored-question-values.js';
import { decisionGradeHistory } from './noise/decision-grade-history.js';
import { smoothedScores } from './proposers/auto/smoothed-scores.js';
import type { SearchSpace } from '../space/parameter-schema.js';

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
  /** Which parameters mattered: the weighted score first, then each objective (parameter-importance.ts). */
  importance: TargetImportance[];
  /** One line on why the best won against its nearest rivals (why-best-won.ts); its rationale says why it was tried. */
  why?: string;
  /** Failed questions of every trial (at its highest rung), and the trials they failed. */
  failures: StudyFailures;
  /** Per trial id with failed questions: their errors grouped by message (highest rung). */
  questionErrors: Map<number, ErrorGroup[]>;
  /** Trivial answers scored when the study started, with a warning when one reaches the best or baseline (absent in older studies). */
  trivialAnswers?: TrivialAnswerReport;
  /** Why the quality objective uses its metric (absent in older studies). */
  qualityReason?: string;
  /** Why the best won over its nearest rival when that was a noise decision ("ties #29 within noise; more questions"). */
  pickReason?: string;
}

/** Study-wide failure counts, shown by the end-of-run summary, `show`, `--json` and the report. */
export interface StudyFailures {
  /** Failed questions summed over trials (each at its highest rung). */
  questions: number;
  /** Trials with at least one failed question. */
  trials: number;
  /** Trials finished as failed (too many failed questions, or an error), not counting interruptions. */
  failedTrials: number;
  byError: ErrorGroup[];
}

/**
 * What a summary reads of a study: `Study` is one. Declared here, not imported, because Study's
 * own `summary()` calls summarizeStudy (a type import back would close a cycle).
 */
export interface SummarizedStudy {
  readonly name: string;
  readonly settings: StudySettings;
  trials(): TrialRecord[];
  questionResults(options: { trialId: number; rung: number }): QuestionResult[];
  steeringRecords(): SteeringRecord[];
}

export function summarizeStudy(study: SummarizedStudy): StudySummary {
  const { objectives, rungs } = study.settings;
  const steering = study.steeringRecords();
  // Weights and constraints changed by steering rank the results the way the user now wants.
  const { weights, constraints } = replaySteering({
    settings: study.settings,
    budget: study.settings.budget,
    records: steering,
  });
  const trials = study.trials();
  const counts: Record<TrialState, number> = { waiting: 0, running: 0, complete: 0, pruned: 0, failed: 0 };
  for (const t of trials) counts[t.state] += 1;
  const complete = trials.filter((t) => t.state === 'complete');
  const scores = scalariseObjectives({ rows: complete.map((t) => t.objectives), objectives, weights });
  const leaderboard = complete
    .map((trial, i) => ({ trial, score: scores[i] }))
    .sort((a, b) => b.score - a.score || a.trial.number - b.trial.number);
  // Complete trials are compared per question on their highest rung (all on the same questions).
  const questionValuesOf = storedQuestionValues({
    questionResults: (q) => study.questionResults(q),
    rungOf: (id) => complete.find((t) => t.id === id)?.rungs.at(-1)?.rung,
  });
  // Ties within noise go to the better smoothed estimate (the GP posterior mean at each trial), fitted
  // on the history as proposers see it, so measured timing noise cannot reorder a cold rerun.
  // (Settings written by hand, e.g. in fixtures, may carry no space: then ties skip this step.)
  const space = study.settings.space as SearchSpace | undefined;
  const smoothed = space?.parameters
    ? smoothedScores({ space, history: decisionGradeHistory({ history: trials, objectives }), objectives, weights })
    : undefined;
  const picked = pickBest({ candidates: complete, objectives, weights, constraints, questionValuesOf, smoothed });
  const evaluated = trials.filter(countsTowardBudget);
  const allQuestions = rungs[rungs.length - 1];
  // Computed on first read and kept: the progress line and chat summarise after every trial and
  // only need the best, while the importance fit grows with the history.
  let importance: TargetImportance[] | undefined;
  let why: { text?: string } | undefined;
  const questionErrors = new Map<number, ErrorGroup[]>();
  for (const t of trials) {
    const top = t.rungs.length - 1;
    if (top < 0 || !(t.rungs[top].metrics.failed_questions ?? 0)) continue;
    questionErrors.set(
      t.id,
      groupErrors(study.questionResults({ trialId: t.id, rung: t.rungs[top].rung }).map((q) => q.error)),
    );
  }
  const failures: StudyFailures = {
    questions: [...questionErrors.values()].reduce((sum, groups) => sum + groups.reduce((n, g) => n + g.count, 0), 0),
    trials: questionErrors.size,
    failedTrials: trials.filter((t) => t.state === 'failed' && t.error !== INTERRUPTED).length,
    byError: mergeErrorGroups(questionErrors.values()),
  };
  const baseline = trials.find((t) => t.proposer === 'baseline' && t.state === 'complete');
  const trivial = study.settings.trivialAnswers;
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
    baseline,
    violations: picked.violations,
    questionEvaluations: evaluated.reduce((sum, t) => sum + Math.max(0, ...t.rungs.map((r) => r.questions)), 0),
    fullEvaluations: evaluated.length * allQuestions,
    steering,
    get importance() {
      importance ??= parameterImportance({ trials, objectives, weights });
      return importance;
    },
    get why() {
      why ??= {
        text: whyBestWon({
          best: picked.best,
          leaderboard,
          objectives,
          weights,
          constraints,
          importance: this.importance,
        }),
      };
      return why.text;
    },
    failures,
    questionErrors,
    ...(trivial ? { trivialAnswers: trivialReport(trivial, picked.best, baseline) } : {}),
    ...(study.settings.quality ? { qualityReason: study.settings.quality.reason } : {}),
    ...(picked.tie ? { pickReason: `ties #${picked.tie.rival.number} within noise; ${picked.tie.decidedBy}` } : {}),
  };
}

/** The trivial answers next to the best and the baseline on the same (first-rung) questions. */
export type TrivialAnswerReport = TrivialAnswers & {
  best: number | null;
  baseline: number | null;
  warning: string | null;
};

function trivialReport(
  trivial: TrivialAnswers,
  best: TrialRecord | undefined,
  baseline: TrialRecord | undefined,
): TrivialAnswerReport {
  const values = { best: firstRungValue(best, trivial.metric), baseline: firstRungValue(baseline, trivial.metric) };
  const warning = trivialAnswerWarning({
    trivial,
    pipelines: [
      { label: 'best configuration on the same questions', value: values.best },
      { label: 'baseline on the same questions', value: values.baseline },
    ],
  });
  return { ...trivial, ...values, warning };
}

/**
 * A trial's metric on the first rung, the questions the trivial answers were scored on: a
 * comparison on the same questions, not a small subset against the full set.
 */
function firstRungValue(trial: TrialRecord | undefined, metric: string): number | null {
  return trial?.rungs.find((r) => r.rung === 0)?.metrics[metric] ?? null;
}

/** The `--json` shape of a study: {study, best (with why), pareto, trials, steering, importance}. */
export function studyJson(summary: StudySummary): Record<string, unknown> {
  const trialJson = (t: TrialRecord) => ({
    id: t.number,
    state: t.state,
    proposer: t.proposer,
    rationale: t.rationale,
    config: t.config,
    objectives: t.objectives,
    metrics: t.metrics,
    objective_se: trialObjectiveSe(t),
    rungs: t.rungs.map((r) => ({
      rung: r.rung,
      questions: r.questions,
      objectives: r.objectives,
      objective_se: r.objectiveSe ?? null,
    })),
    failed_questions: t.metrics?.failed_questions ?? 0,
    ...(summary.questionErrors.has(t.id) ? { question_errors: summary.questionErrors.get(t.id) } : {}),
    ...(t.error ? { error: t.error } : {}),
  });
  const { failures } = summary;
  return {
    study: summary.name,
    objectives: summary.objectives,
    weights: summary.weights,
    constraints: summary.constraints,
    best: summary.best
      ? {
          id: summary.best.number,
          config: summary.best.config,
          objectives: summary.best.objectives,
          objective_se: trialObjectiveSe(summary.best),
          metrics: summary.best.metrics,
          why: summary.why ?? null,
          proposed_because: summary.best.rationale,
          ...(summary.pickReason ? { pick_reason: summary.pickReason } : {}),
        }
      : null,
    baseline: summary.baseline
      ? { id: summary.baseline.number, config: summary.baseline.config, objectives: summary.baseline.objectives }
      : null,
    pareto: summary.pareto.map((t) => ({ id: t.number, config: t.config, objectives: t.objectives })),
    counts: summary.counts,
    question_evaluations: summary.questionEvaluations,
    failures: {
      questions: failures.questions,
      trials: failures.trials,
      failed_trials: failures.failedTrials,
      by_error: failures.byError,
    },
    full_evaluations: summary.fullEvaluations,
    trials: summary.trials.map(trialJson),
    steering: summary.steering.map((s) => ({ at_trial: s.atTrial, action: s.action, message: s.message })),
    importance: importanceJson(summary.importance),
    ...(summary.qualityReason
      ? {
          quality_metric: {
            metric: summary.objectives.find((o) => o.name === 'quality')?.metric ?? null,
            reason: summary.qualityReason,
          },
        }
      : {}),
    ...(summary.trivialAnswers ? { trivial_answers: trivialJson(summary.trivialAnswers) } : {}),
  };
}

/** `trivial_answers` of the JSON: metric, question count, each answer's score, best and baseline on those questions, the warning. */
export function trivialJson(trivial: TrivialAnswerReport): Record<string, unknown> {
  return {
    metric: trivial.metric,
    questions: trivial.questions,
    scores: trivial.scores,
    best: trivial.best,
    baseline: trivial.baseline,
    warning: trivial.warning,
  };
}
