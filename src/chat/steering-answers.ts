import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pairedComparison } from '../metrics/paired-comparison.js';
import type { QuestionScores } from '../metrics/score-question.js';
import { countsTowardBudget, type Study } from '../optimize/study.js';
import type { TrialRecord } from '../store/trial.js';
import { configText, diffText } from '../report/format-study.js';
import { formatMetricValue } from '../metrics/format-metric-value.js';
import { summarizeStudy, type StudySummary } from '../optimize/study-summary.js';
import type { SteeringState } from '../optimize/steering/steering-state.js';

/**
 * Plain-text answers to the question actions (/status, /pareto, /why, /compare, /export). The
 * LLM chat agent gets the same text as tool results, so both paths say the same things.
 */

const objectiveLine = (summary: StudySummary, trial: TrialRecord): string =>
  summary.objectives
    .map(
      (o) =>
        `${o.name} ${formatMetricValue(o.metric, trial.objectives?.[o.name])}${o.metric.endsWith('_ms') ? ' ms' : ''}`,
    )
    .join(', ');

/** The steering in force, one clause per kind; 'none' when nothing is steered. */
export function describeSteering(state: SteeringState): string {
  const parts: string[] = [];
  const pins = Object.entries(state.pins);
  if (pins.length) parts.push(`pinned ${pins.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  const excluded = Object.entries(state.excluded);
  if (excluded.length) parts.push(`excluded ${excluded.map(([k, v]) => `${k}=${v.join('|')}`).join(', ')}`);
  const ranges = Object.entries(state.ranges);
  if (ranges.length) parts.push(`narrowed ${ranges.map(([k, r]) => `${k} to [${r.low}, ${r.high}]`).join(', ')}`);
  if (state.constraints.length)
    parts.push(`constraints ${state.constraints.map((c) => `${c.metric}${c.op}${c.value}`).join(', ')}`);
  if (state.notes.length) parts.push(`notes: ${state.notes.map((n) => `"${n}"`).join('; ')}`);
  return parts.length ? parts.join('; ') : 'none';
}

export function statusText(options: { study: Study; state: SteeringState; running: boolean }): string {
  const { study, state } = options;
  const summary = summarizeStudy(study);
  const done = summary.trials.filter(countsTowardBudget).length;
  const inFlight = summary.trials.filter((t) => t.state === 'running').map((t) => `#${t.number}`);
  const phase = state.stopped
    ? 'stopping'
    : state.paused
      ? 'paused'
      : options.running
        ? 'running'
        : 'idle (budget used or nothing left to try)';
  const lines = [
    `${done}/${state.budget} trials done (${summary.counts.complete} complete, ${summary.counts.pruned} pruned, ${summary.counts.failed} failed); ${phase}${inFlight.length ? `; evaluating ${inFlight.join(', ')}` : ''}`,
    summary.best
      ? `best so far: #${summary.best.number} — ${objectiveLine(summary, summary.best)}\n  ${configText(summary.best.config)}`
      : 'best so far: none yet',
    `weights: ${summary.objectives.map((o) => `${o.name}=${state.weights[o.name] ?? 0}`).join(' ')}`,
    `steering: ${describeSteering(state)}`,
  ];
  return lines.join('\n');
}

export function paretoText(study: Study): string {
  const summary = summarizeStudy(study);
  if (summary.pareto.length === 0)
    return summary.violations.length ? 'No complete trial satisfies every constraint yet.' : 'No complete trial yet.';
  const baseline = summary.baseline?.config ?? {};
  const lines = [
    `Pareto front over ${summary.objectives.map((o) => `${o.name} (${o.direction})`).join(', ')}: ${summary.pareto.length} configuration(s)`,
  ];
  for (const trial of summary.pareto)
    lines.push(
      `  #${String(trial.number).padEnd(3)} ${objectiveLine(summary, trial)}${trial.id === summary.best?.id ? '  <- best' : ''}\n       ${diffText(trial.config, baseline)}`,
    );
  return lines.join('\n');
}

export function explainText(study: Study, number: number): string {
  const summary = summarizeStudy(study);
  const trial = summary.trials.find((t) => t.number === number);
  if (!trial) return `There is no trial #${number}.`;
  const lines = [
    `#${trial.number}: proposed by ${trial.proposer}`,
    `  why: ${trial.rationale || '(no rationale recorded)'}`,
    `  config: ${configText(trial.config)}`,
  ];
  if (summary.baseline && trial.id !== summary.baseline.id)
    lines.push(`  vs baseline: ${diffText(trial.config, summary.baseline.config)}`);
  const rungs = study.settings.rungs;
  if (trial.state === 'waiting' || trial.state === 'running')
    lines.push(
      `  state: ${trial.state}${trial.rungs.length ? ` (rung ${trial.rungs.length}/${rungs.length} done: ${objectiveLine(summary, trial)})` : ''}`,
    );
  else {
    const where =
      trial.state === 'pruned'
        ? ` after ${trial.rungs[trial.rungs.length - 1]?.questions ?? 0} of ${rungs[rungs.length - 1]} questions (not promising enough against its peers)`
        : '';
    lines.push(
      `  result: ${trial.state}${where}${trial.error ? ` — ${trial.error}` : ''}${trial.objectives ? `: ${objectiveLine(summary, trial)}` : ''}`,
    );
  }
  const rank = summary.leaderboard.findIndex((e) => e.trial.id === trial.id);
  if (rank >= 0)
    lines.push(
      `  rank: ${rank + 1} of ${summary.leaderboard.length} complete trials (score ${summary.leaderboard[rank].score.toFixed(3)})${summary.best?.id === trial.id ? ', the current best' : ''}`,
    );
  return lines.join('\n');
}

export function compareText(study: Study, a: number, b: number): string {
  const summary = summarizeStudy(study);
  const [ta, tb] = [a, b].map((n) => summary.trials.find((t) => t.number === n));
  if (!ta || !tb) return `There is no trial #${!ta ? a : b}.`;
  const lines = [`#${a} vs #${b}`];
  const keys = [...new Set([...Object.keys(ta.config), ...Object.keys(tb.config)])].filter(
    (k) => ta.config[k] !== tb.config[k],
  );
  lines.push(
    keys.length
      ? `  differences: ${keys.map((k) => `${k} ${ta.config[k] ?? '-'} vs ${tb.config[k] ?? '-'}`).join('; ')}`
      : '  same configuration',
  );
  for (const o of summary.objectives) {
    const unit = o.metric.endsWith('_ms') ? ' ms' : '';
    lines.push(
      `  ${o.name.padEnd(10)} ${formatMetricValue(o.metric, ta.objectives?.[o.name]).padStart(9)}${unit} vs ${formatMetricValue(o.metric, tb.objectives?.[o.name]).padStart(9)}${unit}`,
    );
  }
  // Paired on the questions both evaluated (the highest rung both reached: rungs are nested prefixes).
  const rung = Math.min(ta.rungs.length, tb.rungs.length) - 1;
  const metric = (summary.objectives.find((o) => o.name === 'quality') ?? summary.objectives[0])
    ?.metric as keyof QuestionScores;
  if (rung >= 0 && metric) {
    const values = (t: TrialRecord) =>
      study
        .questionResults({ trialId: t.id, rung })
        .map((q) => ({ questionId: q.questionId, value: q.scores[metric] ?? null }));
    const paired = pairedComparison({ baseline: values(ta), candidate: values(tb), seed: study.settings.seed });
    if (paired.n > 0 && paired.meanDifference !== null) {
      lines.push(
        `  ${metric} per question, #${b} minus #${a}: ${signed(paired.meanDifference)} (95% CI ${signed(paired.ciLow ?? 0)} to ${signed(paired.ciHigh ?? 0)}) on ${paired.n} shared questions` +
          ((paired.ciLow ?? 0) > 0 || (paired.ciHigh ?? 0) < 0 ? '' : ' — not a clear difference'),
      );
    }
  }
  return lines.join('\n');
}

/** Writes the best configuration as a `tune-rag run --config` file; returns what happened. */
export function exportBest(study: Study, path: string): string {
  const summary = summarizeStudy(study);
  if (!summary.best) return 'Nothing to export yet: no complete trial satisfies the constraints.';
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    JSON.stringify(
      {
        study: study.name,
        trial: summary.best.number,
        config: summary.best.config,
        objectives: summary.best.objectives,
        metrics: summary.best.metrics,
      },
      null,
      2,
    ) + '\n',
  );
  return `Wrote the best configuration (#${summary.best.number}) to ${path}; run it with tune-rag run --config ${path}`;
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
}
