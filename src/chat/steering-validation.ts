import { describeMetric, METRIC_DESCRIPTIONS } from '../metrics/summarize-metrics.js';
import { checkValue, parseValueFor } from '../space/check-value.js';
import type { Param, ParamValue, SearchSpace } from '../space/parameter-schema.js';
import { didYouMean } from '../names/suggest-name.js';
import { resolveExportTarget } from './export-target.js';
import type { SteeringAction } from '../optimize/steering/steering-action.js';
import { noOpProblem } from './steering-no-ops.js';
import type { SteeringState } from '../optimize/steering/steering-state.js';

/**
 * Who asked for an action. `command`: a slash command, typed or from a steer file. `agent`: an
 * LLM tool call from free text, which may be steered by text the model read (a document quoted
 * in a tool result, a confused model), so it gets tighter limits: see AGENT_BUDGET_FACTOR.
 */
export type ActionOrigin = 'command' | 'agent';

/** A tool call may raise the budget to at most this many times the current one... */
export const AGENT_BUDGET_FACTOR = 10;
/** ...and never above this many trials; larger budgets need the /budget slash command. */
export const AGENT_BUDGET_CAP = 10_000;

/** What a check needs to know about the study besides the action. */
export interface SteeringContext {
  /** The study's own (unsteered) space. */
  space: SearchSpace;
  state: SteeringState;
  objectiveNames: readonly string[];
  /** Trial numbers the study has. */
  trialNumbers: ReadonlySet<number>;
  /** Trials that used budget so far. */
  done: number;
  /** Who asked (default `command`). */
  origin?: ActionOrigin;
  /** The default export file (the study folder's best.json); exports land only in its folder. */
  exportPath: string;
}

/** A valid action (values coerced to the parameter's type), or what is wrong and how to fix it. */
export type SteeringCheck = { ok: true; action: SteeringAction } | { ok: false; problem: string; hint?: string };

const fail = (problem: string, hint?: string): SteeringCheck => ({ ok: false, problem, hint });

/**
 * Checks an action against the study before it is stored: the parameter exists (with a
 * suggestion when misspelt), values are allowed by the space, an exclusion leaves at least one
 * value, a range overlaps the declared one, weights name objectives in use, trial numbers exist.
 * Values given as text ("256", "true") are coerced to the declared type, as `--set` does, because
 * LLM tool calls and slash commands both produce strings.
 */
export function checkSteeringAction(action: SteeringAction, context: SteeringContext): SteeringCheck {
  const checked = checkAction(action, context);
  if (!checked.ok) return checked;
  const noOp = noOpProblem(checked.action, context.state);
  return noOp ? fail(`nothing to change: ${noOp}`) : checked;
}

function checkAction(action: SteeringAction, context: SteeringContext): SteeringCheck {
  const { state } = context;
  switch (action.type) {
    case 'pin': {
      const param = findParam(context, action.param);
      if (typeof param === 'string') return fail(param);
      const value = coerce(param, action.value);
      const problem = checkValue(param, value);
      if (problem) return fail(`cannot pin: ${problem}`);
      return { ok: true, action: { ...action, value } };
    }
    case 'unpin':
      if (state.pins[action.param] === undefined) return fail(`"${action.param}" is not pinned`, pinnedHint(state));
      return { ok: true, action };
    case 'exclude': {
      const param = findParam(context, action.param);
      if (typeof param === 'string') return fail(param);
      if (param.type !== 'categorical')
        return fail(
          `"${param.name}" is a number range; exclude works on lists of values`,
          `Use /narrow ${param.name} LOW..HIGH instead.`,
        );
      const values = action.values.map((v) => coerce(param, v));
      for (const value of values) {
        const problem = checkValue(param, value);
        if (problem) return fail(`cannot exclude: ${problem}`);
        if (state.pins[param.name] === value)
          return fail(`${param.name}=${value} is pinned, so it cannot be excluded`, `/unpin ${param.name} first.`);
      }
      const left = param.values.filter((v) => !values.includes(v) && !(state.excluded[param.name] ?? []).includes(v));
      if (left.length === 0)
        return fail(
          `excluding ${values.join(', ')} would leave "${param.name}" with no value to try`,
          `Keep at least one of ${param.values.join(', ')}.`,
        );
      return { ok: true, action: { ...action, values } };
    }
    case 'include': {
      const param = findParam(context, action.param);
      if (typeof param === 'string') return fail(param);
      const values = action.values.map((v) => coerce(param, v));
      const excluded = state.excluded[param.name] ?? [];
      const notExcluded = values.filter((v) => !excluded.includes(v));
      if (notExcluded.length > 0)
        return fail(
          `${notExcluded.join(', ')} ${notExcluded.length === 1 ? 'is' : 'are'} not excluded for "${param.name}"`,
          excluded.length ? `Excluded now: ${excluded.join(', ')}` : 'Nothing is excluded for it.',
        );
      return { ok: true, action: { ...action, values } };
    }
    case 'narrow': {
      const param = findParam(context, action.param);
      if (typeof param === 'string') return fail(param);
      if (param.type === 'categorical')
        return fail(
          `"${param.name}" is a list of values, not a range`,
          `Use /exclude ${param.name}=VALUE or /pin ${param.name}=VALUE.`,
        );
      if (action.low > action.high)
        return fail(`the range [${action.low}, ${action.high}] is empty: low is above high`);
      if (action.high < param.low || action.low > param.high)
        return fail(
          `[${action.low}, ${action.high}] does not overlap "${param.name}"'s range [${param.low}, ${param.high}]`,
        );
      if (
        param.type === 'int' &&
        Math.floor(Math.min(action.high, param.high)) < Math.ceil(Math.max(action.low, param.low))
      )
        return fail(`[${action.low}, ${action.high}] holds no integer`);
      if (state.pins[param.name] !== undefined)
        return fail(`"${param.name}" is pinned to ${state.pins[param.name]}`, `/unpin ${param.name} first.`);
      return { ok: true, action };
    }
    case 'widen':
      if (!state.ranges[action.param])
        return fail(
          `"${action.param}" is not narrowed`,
          Object.keys(state.ranges).length
            ? `Narrowed: ${Object.keys(state.ranges).join(', ')}`
            : 'No range is narrowed.',
        );
      return { ok: true, action };
    case 'weights': {
      const unknown = Object.keys(action.weights).filter((name) => !context.objectiveNames.includes(name));
      if (unknown.length > 0)
        return fail(
          `"${unknown[0]}" is not an objective of this study.${didYouMean(unknown[0], context.objectiveNames)}`,
          `Objectives: ${context.objectiveNames.join(', ')}`,
        );
      const merged = { ...state.weights, ...action.weights };
      if (!context.objectiveNames.some((name) => (merged[name] ?? 0) > 0))
        return fail('at least one objective needs a weight above 0');
      return { ok: true, action };
    }
    case 'add_constraint':
      if (!describeMetric(action.constraint.metric))
        return fail(
          `unknown metric "${action.constraint.metric}".${didYouMean(action.constraint.metric, knownMetricNames())}`,
          `Metrics: ${knownMetricNames().join(', ')}`,
        );
      return { ok: true, action };
    case 'remove_constraint':
      if (!state.constraints.some((c) => c.metric === action.metric))
        return fail(
          `no constraint on "${action.metric}"`,
          state.constraints.length
            ? `Constraints: ${state.constraints.map((c) => `${c.metric}${c.op}${c.value}`).join(', ')}`
            : 'There are no constraints.',
        );
      return { ok: true, action };
    case 'enqueue': {
      const config: Record<string, ParamValue> = {};
      for (const [name, raw] of Object.entries(action.config)) {
        const param = findParam(context, name);
        if (typeof param === 'string') return fail(param);
        const value = coerce(param, raw);
        const problem = checkValue(param, value);
        if (problem) return fail(`cannot try it: ${problem}`);
        config[name] = value;
      }
      return { ok: true, action: { ...action, config } };
    }
    case 'budget':
      if (action.budget < context.done)
        return fail(
          `${context.done} trials are already done, more than a budget of ${action.budget}`,
          'Use /stop to end the search now.',
        );
      if (context.origin === 'agent') {
        const limit = Math.min(AGENT_BUDGET_CAP, AGENT_BUDGET_FACTOR * state.budget);
        if (action.budget > limit)
          return fail(
            `a budget of ${action.budget} trials is above what a chat message may set (${limit}: at most ${AGENT_BUDGET_FACTOR}x the current ${state.budget} and never above ${AGENT_BUDGET_CAP})`,
            `If you mean it, type /budget ${action.budget}.`,
          );
      }
      return { ok: true, action };
    case 'export': {
      if (action.force && context.origin === 'agent')
        return fail(
          'only the /export --force command may overwrite a file',
          `Type /export --force ${action.path ?? ''}`.trimEnd() + '.',
        );
      const target = resolveExportTarget({ path: action.path, defaultPath: context.exportPath, force: action.force });
      if (!target.ok) return fail(target.problem, target.hint);
      return { ok: true, action };
    }
    case 'explain':
      if (!context.trialNumbers.has(action.trial))
        return fail(`there is no trial #${action.trial}`, trialsHint(context));
      return { ok: true, action };
    case 'compare':
      for (const n of [action.a, action.b])
        if (!context.trialNumbers.has(n)) return fail(`there is no trial #${n}`, trialsHint(context));
      if (action.a === action.b) return fail('compare needs two different trials');
      return { ok: true, action };
    default:
      return { ok: true, action };
  }
}

function findParam(context: SteeringContext, name: string): Param | string {
  const param = context.space.parameters.find((p) => p.name === name);
  if (!param) {
    const names = context.space.parameters.map((p) => p.name);
    return `unknown parameter "${name}".${didYouMean(name, names)} Parameters: ${names.join(', ')}`;
  }
  return param;
}

function coerce(param: Param, value: ParamValue): ParamValue {
  return typeof value === 'string' ? parseValueFor(param, value) : value;
}

function pinnedHint(state: SteeringState): string {
  const pins = Object.entries(state.pins);
  return pins.length ? `Pinned now: ${pins.map(([k, v]) => `${k}=${v}`).join(', ')}` : 'Nothing is pinned.';
}

function trialsHint(context: SteeringContext): string {
  const numbers = [...context.trialNumbers].sort((a, b) => a - b);
  return numbers.length
    ? `Trials so far: #${numbers[0]}..#${numbers[numbers.length - 1]}`
    : 'No trial has started yet.';
}

function knownMetricNames(): string[] {
  return Object.keys(METRIC_DESCRIPTIONS);
}
