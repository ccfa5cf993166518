import type { Param, SearchSpace } from '../../../space/parameter-schema.js';
import { withoutNeutralParameters } from '../../../space/neutral-values.js';
import { paretoFront } from '../../pareto/pareto-front.js';
import type { TrialRecord } from '../../../store/trial.js';
import { scalariseObjectives } from '../../objective-score.js';
import type { ProposeRequest } from '../proposer.js';
import { describeNearestDominator } from './nearest-dominator.js';

/** How many best and how many latest trials the prompt shows (the history stays compact). */
export const PROMPT_TOP_TRIALS = 10;
export const PROMPT_RECENT_TRIALS = 10;

/**
 * The search space as a JSON-schema-like object: one property per parameter with its type,
 * range or allowed values, scale, step, group, description and the condition under which it is
 * active (`active_when`).
 */
export function describeSpace(space: SearchSpace): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  // A condition with an empty value list means "never active" here: not worth the model's attention.
  // Switches the space keeps off (undeclared knobs) are no choice: left out like never-active ones.
  for (const param of withoutNeutralParameters(space).parameters)
    if (!Object.values(param.when ?? {}).some((values) => values.length === 0))
      properties[param.name] = describeParam(param);
  return {
    title: space.name,
    description: space.description || undefined,
    type: 'object',
    properties,
    note: 'A parameter with active_when matters only if every named parameter holds one of the listed values; set it to null (or omit it) otherwise.',
  };
}

function describeParam(param: Param): Record<string, unknown> {
  const common = { group: param.group, description: param.description || undefined, active_when: param.when };
  if (param.type === 'categorical') {
    return param.values.length === 1
      ? { const: param.values[0], fixed: true, ...common }
      : { enum: param.values, ...common };
  }
  return {
    type: param.type === 'int' ? 'integer' : 'number',
    minimum: param.low,
    maximum: param.high,
    multipleOf: param.step,
    scale: param.log ? 'log' : undefined,
    fixed: param.low === param.high ? true : undefined,
    ...common,
  };
}

/** {@link describeSpace} as compact JSON with one parameter per line (readable, and cheap in tokens). */
export function renderSpace(space: SearchSpace): string {
  const { properties, ...rest } = describeSpace(space) as { properties: Record<string, unknown> } & Record<
    string,
    unknown
  >;
  const head = Object.entries(rest)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const props = Object.entries(properties).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return ['{', ...head, '  "properties": {', props.join(',\n'), '  }', '}'].join('\n');
}

/** The objectives with direction and weight, one per line. */
export function describeObjectives(request: Pick<ProposeRequest, 'objectives' | 'weights'>): string {
  if (request.objectives.length === 0) return '(none given)';
  return request.objectives
    .map(
      (o) =>
        `- ${o.name} (metric ${o.metric}): ${o.direction === 'max' ? 'higher' : 'lower'} is better, weight ${request.weights[o.name] ?? 'default'}`,
    )
    .join('\n');
}

/** Complete trials ranked by their scalarised weighted objectives (best first, earliest on ties). */
export function rankComplete(
  request: Pick<ProposeRequest, 'history' | 'objectives' | 'weights'>,
): { trial: TrialRecord; score: number }[] {
  const complete = request.history.filter((t) => t.state === 'complete' && t.objectives);
  const scores = scalariseObjectives({
    rows: complete.map((t) => t.objectives),
    objectives: request.objectives,
    weights: request.weights,
  });
  return complete
    .map((trial, i) => ({ trial, score: scores[i] }))
    .sort((a, b) => b.score - a.score || a.trial.number - b.trial.number);
}

/**
 * The history in a few dozen lines: counts by state, the best complete trials, the Pareto front,
 * the latest trials (with failure and pruning reasons), and older failed or pruned trials.
 */
export function describeHistory(request: Pick<ProposeRequest, 'history' | 'objectives' | 'weights'>): string {
  const { history } = request;
  if (history.length === 0) return 'No trials yet: this is the first round.';
  const counts = new Map<string, number>();
  for (const t of history) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  const lines = [`${history.length} trial(s): ${[...counts].map(([state, count]) => `${count} ${state}`).join(', ')}.`];

  const ranked = rankComplete(request);
  const shown = new Set<number>();
  if (ranked.length > 0) {
    lines.push('', `Best complete trials (weighted score in [0, 1], best first; top ${PROMPT_TOP_TRIALS}):`);
    for (const { trial, score } of ranked.slice(0, PROMPT_TOP_TRIALS)) {
      lines.push(trialLine(trial, `score=${round(score)}`));
      shown.add(trial.number);
    }
    if (request.objectives.length > 1) {
      const front = paretoFront({ items: ranked.map((r) => r.trial), objectives: request.objectives });
      lines.push(
        '',
        `Pareto front over ${request.objectives.map((o) => o.name).join(', ')}: ${front.map((t) => `#${t.number}`).join(', ')}`,
      );
      for (const trial of front.filter((t) => !shown.has(t.number)).slice(0, PROMPT_TOP_TRIALS)) {
        lines.push(trialLine(trial));
        shown.add(trial.number);
      }
    }
  }

  const recent = history.slice(-PROMPT_RECENT_TRIALS);
  lines.push('', `Latest trials (last ${recent.length}, oldest first):`);
  for (const trial of recent) {
    lines.push(shown.has(trial.number) ? `- #${trial.number} ${trial.state} (listed above)` : trialLine(trial));
    shown.add(trial.number);
  }

  const dominated = describeNearestDominator(request);
  if (dominated) lines.push('', dominated);

  const olderProblems = history
    .filter((t) => (t.state === 'failed' || t.state === 'pruned') && !shown.has(t.number))
    .slice(-PROMPT_RECENT_TRIALS);
  if (olderProblems.length > 0) {
    lines.push('', 'Older failed or pruned trials:');
    for (const trial of olderProblems) lines.push(trialLine(trial));
  }
  return lines.join('\n');
}

function trialLine(trial: TrialRecord, extra?: string): string {
  const parts = [`- #${trial.number} ${trial.state}`];
  if (extra) parts.push(extra);
  if (trial.objectives) parts.push(`objectives=${JSON.stringify(roundValues(trial.objectives))}`);
  if (trial.state === 'failed') parts.push(`error=${JSON.stringify(shorten(trial.error ?? 'unknown error', 200))}`);
  if (trial.state === 'pruned') {
    const last = trial.rungs.at(-1);
    parts.push(
      `reason="stopped early by the pruner${last ? ` after rung ${last.rung} (${last.questions} questions)` : ''}: worse than the others at that point"`,
    );
  }
  parts.push(`config=${JSON.stringify(trial.config)}`);
  return parts.join(' ');
}

function roundValues(values: Record<string, number | null>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === null ? null : round(v)]));
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}

export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
