import type { Constraint } from '../pareto/pick-best.js';
import type { StudySettings } from '../study-settings.js';
import type { ParamValue } from '../../space/parameter-schema.js';
import type { SteeringRecord } from '../../store/study-store.js';
import { SteeringActionSchema, type SteeringAction } from './steering-action.js';

/**
 * What the steering log adds up to at a point in time. The log in the store is the only source of
 * truth: this state is recomputed from it (`replaySteering`), so a resumed study, `show` and the
 * JSON report all see the same pins, weights and budget as the session that made them.
 */
export interface SteeringState {
  pins: Record<string, ParamValue>;
  excluded: Record<string, ParamValue[]>;
  ranges: Record<string, { low: number; high: number }>;
  weights: Record<string, number>;
  constraints: Constraint[];
  budget: number;
  paused: boolean;
  stopped: boolean;
  notes: string[];
}

/** The state before any steering: the study's own weights and constraints, the run's budget. */
export function initialSteeringState(
  settings: Pick<StudySettings, 'weights' | 'constraints'>,
  budget: number,
): SteeringState {
  return {
    pins: {},
    excluded: {},
    ranges: {},
    weights: { ...settings.weights },
    constraints: [...settings.constraints],
    budget,
    paused: false,
    stopped: false,
    notes: [],
  };
}

/**
 * Applies one (already validated) action. Pure: returns a new state. Question actions change
 * nothing. A pin lifts any exclusion of the pinned value (the user's latest word wins).
 */
export function applySteering(state: SteeringState, action: SteeringAction): SteeringState {
  const next: SteeringState = {
    ...state,
    pins: { ...state.pins },
    excluded: { ...state.excluded },
    ranges: { ...state.ranges },
    weights: { ...state.weights },
    constraints: [...state.constraints],
    notes: [...state.notes],
  };
  switch (action.type) {
    case 'pin':
      next.pins[action.param] = action.value;
      if (next.excluded[action.param])
        next.excluded[action.param] = next.excluded[action.param].filter((v) => v !== action.value);
      break;
    case 'unpin':
      delete next.pins[action.param];
      break;
    case 'exclude': {
      const current = new Set(next.excluded[action.param] ?? []);
      for (const value of action.values) current.add(value);
      next.excluded[action.param] = [...current];
      break;
    }
    case 'include':
      next.excluded[action.param] = (next.excluded[action.param] ?? []).filter((v) => !action.values.includes(v));
      break;
    case 'narrow':
      next.ranges[action.param] = { low: action.low, high: action.high };
      break;
    case 'widen':
      delete next.ranges[action.param];
      break;
    case 'weights':
      Object.assign(next.weights, action.weights);
      break;
    case 'add_constraint':
      next.constraints = [
        ...next.constraints.filter((c) => !(c.metric === action.constraint.metric && c.op === action.constraint.op)),
        action.constraint,
      ];
      break;
    case 'remove_constraint':
      next.constraints = next.constraints.filter((c) => c.metric !== action.metric);
      break;
    case 'budget':
      next.budget = action.budget;
      break;
    case 'note':
      next.notes.push(action.text);
      break;
    case 'pause':
      next.paused = true;
      break;
    case 'resume':
      next.paused = false;
      next.stopped = false;
      break;
    case 'stop':
      next.stopped = true;
      break;
    default:
      break;
  }
  for (const [name, values] of Object.entries(next.excluded)) if (values.length === 0) delete next.excluded[name];
  return next;
}

/**
 * The state a stored log leads to. Pause and stop are not carried over (a new process starts
 * running). The budget: a `--budget` given explicitly on this command line (`budgetExplicit`) is
 * the budget, whatever the log says; otherwise a budget from the log only raises the run's
 * default, so a study steered to 40 trials keeps them on a plain `--resume`. Callers say which
 * one won (see `steeredBudget`).
 */
export function replaySteering(options: {
  settings: Pick<StudySettings, 'weights' | 'constraints'>;
  budget: number;
  budgetExplicit?: boolean;
  records: readonly SteeringRecord[];
}): SteeringState {
  let state = initialSteeringState(options.settings, options.budget);
  for (const record of options.records) {
    const parsed = SteeringActionSchema.safeParse(record.action);
    if (!parsed.success) continue; // written by a newer version: ignore rather than refuse to open the study
    state = applySteering(state, parsed.data);
  }
  const budget = options.budgetExplicit ? options.budget : Math.max(options.budget, state.budget);
  return { ...state, budget, paused: false, stopped: false };
}

/** The last budget the stored log set, with the trial count at which it was set, or null. */
export function steeredBudget(records: readonly SteeringRecord[]): { budget: number; atTrial: number } | null {
  for (let i = records.length - 1; i >= 0; i--) {
    const parsed = SteeringActionSchema.safeParse(records[i].action);
    if (parsed.success && parsed.data.type === 'budget')
      return { budget: parsed.data.budget, atTrial: records[i].atTrial };
  }
  return null;
}

/** True when the state constrains which configurations may be proposed. */
export function restrictsSpace(state: SteeringState): boolean {
  return Object.keys(state.pins).length + Object.keys(state.excluded).length + Object.keys(state.ranges).length > 0;
}
