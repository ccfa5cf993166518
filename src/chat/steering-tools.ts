import { z } from 'zod';
import type { ToolDefinition } from '../llm/chat-types.js';
import {
  SteeringActionSchema,
  type SteeringAction,
  type SteeringActionType,
} from '../optimize/steering/steering-action.js';

/** What each tool does, as the model reads it. */
const TOOL_DESCRIPTIONS: Record<SteeringActionType, string> = {
  pin: 'Fix a parameter to one value for all later proposals.',
  unpin: 'Let the search choose a pinned parameter again.',
  exclude: 'Never propose these values of a categorical parameter again (e.g. stop trying a reranker).',
  include: 'Allow previously excluded values again.',
  narrow: 'Search a numeric parameter only inside [low, high].',
  widen: 'Undo narrow: give a numeric parameter its full range back.',
  weights: 'Change how much objectives count when ranking configurations (e.g. latency matters more).',
  add_constraint:
    'Require a metric limit for the best configuration, e.g. {"metric": "cost_usd_per_query", "op": "<", "value": 0.001}.',
  remove_constraint: 'Drop the constraint(s) on a metric.',
  enqueue: 'Evaluate a given configuration next; parameters left out come from the current best.',
  budget: 'Set the total number of trials of the study.',
  note: 'Record a preference in words for the proposer (when nothing else fits).',
  pause: 'Pause the search after the running trial.',
  resume: 'Resume a paused search.',
  stop: 'Stop the search and save the results.',
  status: 'Progress, best configuration so far and the steering in force.',
  pareto: 'The Pareto front of the complete trials (trade-offs between objectives).',
  explain: 'Why a trial was proposed (its stored rationale) and how it did.',
  compare: 'Compare two trials: configuration differences, objectives, paired per-question difference.',
  export: 'Write the best configuration to a file.',
};

/**
 * One tool per steering action, its parameters the action's zod schema (without `type`) as JSON
 * schema: the model sees exactly what the validator accepts.
 */
export function steeringTools(): ToolDefinition[] {
  return SteeringActionSchema.options.map((schema) => {
    const type = schema.shape.type.value as SteeringActionType;
    const parameters = z.toJSONSchema(schema) as {
      $schema?: string;
      properties?: Record<string, unknown>;
      required?: string[];
    } & Record<string, unknown>;
    // The tool's name is the action type, so the model does not repeat it as an argument.
    delete parameters.$schema;
    delete parameters.properties?.type;
    // Overwriting needs the user's own /export --force: the model is not offered it.
    if (type === 'export') delete parameters.properties?.force;
    parameters.required = (parameters.required ?? []).filter((key) => key !== 'type');
    return { type: 'function', function: { name: type, description: TOOL_DESCRIPTIONS[type], parameters } };
  });
}

/** A tool call turned into an action, or why it cannot be (fed back to the model to fix). */
export function parseToolCall(
  name: string,
  argumentsText: string,
): { ok: true; action: SteeringAction } | { ok: false; problem: string } {
  if (!(name in TOOL_DESCRIPTIONS))
    return { ok: false, problem: `unknown tool "${name}"; use one of ${Object.keys(TOOL_DESCRIPTIONS).join(', ')}` };
  let args: unknown;
  try {
    args = argumentsText.trim() ? JSON.parse(argumentsText) : {};
  } catch (error) {
    return { ok: false, problem: `the arguments are not valid JSON (${(error as Error).message})` };
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args))
    return { ok: false, problem: 'the arguments must be a JSON object' };
  const parsed = SteeringActionSchema.safeParse({ ...args, type: name });
  if (!parsed.success)
    return {
      ok: false,
      problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; '),
    };
  return { ok: true, action: parsed.data };
}
