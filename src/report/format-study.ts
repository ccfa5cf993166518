import Table from 'cli-table3';
import type { Objective } from '../optimize/proposers/proposer.js';
import type { TrialRecord } from '../store/trial.js';
import type { Config } from '../space/parameter-schema.js';
import { formatTrivialAnswers } from './format-trivial-answers.js';
import { formatMetricValue } from '../metrics/format-metric-value.js';
import type { StudySummary } from '../optimize/study-summary.js';
import { describeAction, SteeringActionSchema } from '../optimize/steering/steering-action.js';
import { formatImportance } from './format-importance.js';
import { formatErrorGroups } from '../metrics/error-groups.js';
import { INTERRUPTED } from '../optimize/study.js';

/** The end-of-run text: counts, leaderboard (top 10), Pareto front, best vs baseline. */
export function formatStudy(summary: StudySummary): string {
  const lines: string[] = [];
  const { counts } = summary;
  const saved = summary.fullEvaluations > 0 ? 1 - summary.questionEvaluations / summary.fullEvaluations : 0;
  lines.push(
    `study ${summary.name}: ${counts.complete} complete, ${counts.pruned} pruned, ${counts.failed} failed${counts.waiting ? `, ${counts.waiting} waiting` : ''}; ` +
      `${summary.questionEvaluations} question evaluations (${(saved * 100).toFixed(0)}% fewer than evaluating every trial on all questions)`,
  );
  lines.push(...failureLines(summary));
  lines.push('', 'Leaderboard (complete trials, by weighted score ' + weightText(summary) + ')');
  lines.push(
    trialTable(
      summary.leaderboard.slice(0, 10).map((e) => ({ trial: e.trial, score: e.score })),
      summary,
    ),
  );
  lines.push(
    '',
    `Pareto front over ${summary.objectives.map((o) => `${o.name} (${o.direction})`).join(', ')}: ${summary.pareto.length} configuration(s)`,
  );
  const scoreOf = new Map(summary.leaderboard.map((e) => [e.trial.id, e.score]));
  lines.push(
    trialTable(
      summary.pareto.map((trial) => ({ trial, score: scoreOf.get(trial.id) ?? 0 })),
      summary,
    ),
  );
  if (summary.best) {
    lines.push(
      '',
      `Best: #${summary.best.number} (${summary.best.proposer})${summary.pickReason ? ` [${summary.pickReason}]` : ''}${summary.why ? ` — ${summary.why}` : ''}`,
    );
    if (summary.best.rationale) lines.push(`  proposed because: ${summary.best.rationale}`);
    lines.push(`  config: ${configText(summary.best.config)}`);
    if (summary.baseline) lines.push(...improvementLines(summary.best, summary.baseline, summary.objectives));
  } else if (summary.violations.length) {
    lines.push(
      '',
      'No configuration satisfies every constraint: ' +
        summary.violations
          .map((v) => `${v.constraint.metric} ${v.constraint.op} ${v.constraint.value} failed by ${v.failedBy}`)
          .join('; '),
    );
  }
  const importance = formatImportance(summary.importance);
  if (importance.length) lines.push('', ...importance);
  if (summary.qualityReason) lines.push('', `Quality metric: ${summary.qualityReason}`);
  if (summary.trivialAnswers) {
    lines.push(
      ...(summary.qualityReason ? [] : ['']),
      ...formatTrivialAnswers({
        trivial: summary.trivialAnswers,
        warning: summary.trivialAnswers.warning,
        scope: 'first-rung questions',
        pipelines: [
          { label: 'best', value: summary.trivialAnswers.best },
          { label: 'baseline', value: summary.trivialAnswers.baseline },
        ],
      }),
    );
  }
  if (summary.steering.length) {
    lines.push('', `Steering log (${summary.steering.length} action(s)):`);
    for (const record of summary.steering) {
      const action = SteeringActionSchema.safeParse(record.action);
      const text = action.success ? describeAction(action.data) : JSON.stringify(record.action);
      lines.push(
        `  after ${String(record.atTrial).padStart(3)} trials: ${text}${record.message && record.message !== `/${text}` ? `  ("${record.message}")` : ''}`,
      );
    }
  }
  return lines.join('\n');
}

/**
 * Failed questions and failed trials, when there are any: the total with its most common errors,
 * then each failed trial with its reason (interrupted ones are re-run, so they are left out).
 */
function failureLines(summary: StudySummary): string[] {
  const { failures } = summary;
  const failedTrials = summary.trials.filter((t) => t.state === 'failed' && t.error !== INTERRUPTED);
  if (failures.questions === 0 && failedTrials.length === 0) return [];
  const lines = [
    `failed questions: ${failures.questions} in ${failures.trials} trial(s)${failures.byError.length ? `: ${formatErrorGroups(failures.byError)}` : ''}`,
  ];
  for (const t of failedTrials) lines.push(`  #${t.number} failed, not ranked: ${t.error ?? 'unknown error'}`);
  return lines;
}

function trialTable(rows: { trial: TrialRecord; score: number }[], summary: StudySummary): string {
  // The failed-question column appears only when some trial had failures: most studies have none.
  const showFailed = summary.failures.questions > 0;
  const head = [
    '#',
    'proposer',
    ...summary.objectives.map((o) => (o.metric.endsWith('_ms') ? `${o.name} ms` : o.name)),
    ...(showFailed ? ['failed'] : []),
    'score',
    'changes from baseline',
  ];
  const table = new Table({
    head,
    style: { head: [], border: [], compact: true },
    wordWrap: true,
    colWidths: [5, 10, ...summary.objectives.map(() => 11), ...(showFailed ? [8] : []), 7, 56],
  });
  const baseline = summary.baseline?.config ?? {};
  for (const { trial, score } of rows) {
    const failed = showFailed ? [`${trial.metrics?.failed_questions ?? 0}/${trial.metrics?.questions ?? 0}`] : [];
    table.push([
      String(trial.number),
      trial.proposer,
      ...summary.objectives.map((o) => formatMetricValue(o.metric, trial.objectives?.[o.name])),
      ...failed,
      score.toFixed(3),
      diffText(trial.config, baseline),
    ]);
  }
  return table.toString();
}

function improvementLines(best: TrialRecord, baseline: TrialRecord, objectives: readonly Objective[]): string[] {
  if (best.id === baseline.id) return ['  the baseline itself is the best configuration found'];
  return objectives.map((o) => {
    const b = baseline.objectives?.[o.name];
    const v = best.objectives?.[o.name];
    const delta = typeof b === 'number' && typeof v === 'number' ? v - b : null;
    const rel = delta !== null && b ? ` (${delta >= 0 ? '+' : ''}${((delta / Math.abs(b)) * 100).toFixed(0)}%)` : '';
    return `  ${o.name.padEnd(10)} baseline ${formatMetricValue(o.metric, b).padStart(9)} -> best ${formatMetricValue(o.metric, v).padStart(9)}${delta === null ? '' : `  ${delta >= 0 ? '+' : ''}${formatMetricValue(o.metric, delta)}${rel}`}`;
  });
}

function weightText(summary: StudySummary): string {
  return summary.objectives.map((o) => `${o.name}=${summary.weights[o.name] ?? 0}`).join(' ');
}

export function configText(config: Config): string {
  return Object.entries(config)
    .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(3) : v}`)
    .join(' ');
}

/** Parameters that differ from the baseline (the baseline row itself shows "(baseline)"). */
export function diffText(config: Config, baseline: Config): string {
  const keys = new Set([...Object.keys(config), ...Object.keys(baseline)]);
  const changes = [...keys]
    .filter((k) => config[k] !== baseline[k] && config[k] !== undefined)
    .map(
      (k) =>
        `${k}=${typeof config[k] === 'number' && !Number.isInteger(config[k]) ? (config[k] as number).toFixed(2) : config[k]}`,
    );
  return changes.length ? changes.join(' ') : '(baseline)';
}
