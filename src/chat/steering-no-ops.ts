import type { SteeringAction } from '../optimize/steering/steering-action.js';
import type { SteeringState } from '../optimize/steering/steering-state.js';

/**
 * Why an (otherwise valid) action would change nothing, or null. No-ops are refused for every
 * origin (slash command, steer file, LLM tool call) rather than stored: a stored no-op shows up
 * in the steering log and, as a change, in the LLM proposer's notes, where it reads as the user
 * asking for something. Called after the action's own checks, on values already coerced.
 */
export function noOpProblem(action: SteeringAction, state: SteeringState): string | null {
  switch (action.type) {
    case 'pin':
      return state.pins[action.param] === action.value ? `${action.param} is already pinned to ${action.value}` : null;
    case 'exclude': {
      const excluded = state.excluded[action.param] ?? [];
      return action.values.every((v) => excluded.includes(v))
        ? `${action.values.join(', ')} ${action.values.length === 1 ? 'is' : 'are'} already excluded for "${action.param}"`
        : null;
    }
    case 'narrow': {
      const range = state.ranges[action.param];
      return range && range.low === action.low && range.high === action.high
        ? `"${action.param}" is already narrowed to [${action.low}, ${action.high}]`
        : null;
    }
    case 'weights': {
      const names = Object.keys(action.weights);
      if (names.length === 0) return 'no objective weight given';
      return names.every((name) => state.weights[name] === action.weights[name])
        ? `the weights are already ${names.map((n) => `${n}=${action.weights[n]}`).join(' ')}`
        : null;
    }
    case 'add_constraint': {
      const { metric, op, value } = action.constraint;
      return state.constraints.some((c) => c.metric === metric && c.op === op && c.value === value)
        ? `the constraint ${metric}${op}${value} is already in force`
        : null;
    }
    case 'enqueue':
      return Object.keys(action.config).length === 0 ? 'no parameter value given to try' : null;
    case 'budget':
      return action.budget === state.budget ? `the budget is already ${action.budget} trials` : null;
    case 'note':
      return action.text.trim() === '' ? 'the note is empty' : null;
    case 'pause':
      return state.paused ? 'the search is already paused' : null;
    case 'resume':
      return state.paused ? null : 'the search is not paused';
    case 'stop':
      return state.stopped ? 'the search is already stopping' : null;
    default:
      return null;
  }
}
