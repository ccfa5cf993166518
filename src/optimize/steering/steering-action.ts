import { z } from 'zod';
import { ConstraintSchema } from '../pareto/pick-best.js';
import { ParamValueSchema } from '../../space/parameter-schema.js';

/**
 * Everything a user can do to a running search, as data. Slash commands, steer files and the LLM
 * chat agent (through tool calls) all produce these; the steering session validates and applies
 * them and the study stores each one with the trial count at which it happened.
 *
 * "Change" actions alter what is proposed or how results are ranked; "question" actions only read.
 * Both are stored, so the log shows the whole conversation with the search.
 */
const param = z.string().min(1).describe('parameter name, e.g. "chunk.size" or "reranker"');

export const PinActionSchema = z
  .object({ type: z.literal('pin'), param, value: ParamValueSchema.describe('the only value proposed from now on') })
  .strict();
export const UnpinActionSchema = z.object({ type: z.literal('unpin'), param }).strict();
export const ExcludeActionSchema = z
  .object({
    type: z.literal('exclude'),
    param,
    values: z.array(ParamValueSchema).min(1).describe('values never proposed again'),
  })
  .strict();
export const IncludeActionSchema = z
  .object({
    type: z.literal('include'),
    param,
    values: z.array(ParamValueSchema).min(1).describe('previously excluded values to allow again'),
  })
  .strict();
export const NarrowActionSchema = z
  .object({ type: z.literal('narrow'), param, low: z.number(), high: z.number() })
  .strict();
export const WidenActionSchema = z
  .object({ type: z.literal('widen'), param })
  .strict()
  .describe('undo a narrow: the parameter gets its full range back');
export const WeightsActionSchema = z
  .object({
    type: z.literal('weights'),
    weights: z
      .record(z.string(), z.number().min(0))
      .describe('objective name -> weight, e.g. {"quality": 0.8, "cost": 0.2}; unnamed objectives keep theirs'),
  })
  .strict();
export const AddConstraintActionSchema = z
  .object({ type: z.literal('add_constraint'), constraint: ConstraintSchema })
  .strict();
export const RemoveConstraintActionSchema = z
  .object({ type: z.literal('remove_constraint'), metric: z.string().min(1) })
  .strict();
export const EnqueueActionSchema = z
  .object({
    type: z.literal('enqueue'),
    config: z
      .record(z.string(), ParamValueSchema)
      .describe('parameter values to try; the rest come from the current best'),
    rationale: z.string().optional(),
  })
  .strict();
export const BudgetActionSchema = z
  .object({ type: z.literal('budget'), budget: z.number().int().positive().describe('total trials for the study') })
  .strict();
export const NoteActionSchema = z
  .object({
    type: z.literal('note'),
    text: z.string().min(1).describe('a preference for the proposer to keep in mind'),
  })
  .strict();
export const PauseActionSchema = z.object({ type: z.literal('pause') }).strict();
export const ResumeActionSchema = z.object({ type: z.literal('resume') }).strict();
export const StopActionSchema = z.object({ type: z.literal('stop') }).strict();
export const StatusActionSchema = z.object({ type: z.literal('status') }).strict();
export const ParetoActionSchema = z.object({ type: z.literal('pareto') }).strict();
export const ExplainActionSchema = z
  .object({ type: z.literal('explain'), trial: z.number().int().nonnegative() })
  .strict();
export const CompareActionSchema = z
  .object({ type: z.literal('compare'), a: z.number().int().nonnegative(), b: z.number().int().nonnegative() })
  .strict();
export const ExportActionSchema = z
  .object({
    type: z.literal('export'),
    path: z.string().optional().describe("a file name (no folders) in the study's output folder; default best.json"),
    force: z.boolean().optional().describe('overwrite an existing file (only the /export --force command)'),
  })
  .strict();

export const SteeringActionSchema = z.discriminatedUnion('type', [
  PinActionSchema,
  UnpinActionSchema,
  ExcludeActionSchema,
  IncludeActionSchema,
  NarrowActionSchema,
  WidenActionSchema,
  WeightsActionSchema,
  AddConstraintActionSchema,
  RemoveConstraintActionSchema,
  EnqueueActionSchema,
  BudgetActionSchema,
  NoteActionSchema,
  PauseActionSchema,
  ResumeActionSchema,
  StopActionSchema,
  StatusActionSchema,
  ParetoActionSchema,
  ExplainActionSchema,
  CompareActionSchema,
  ExportActionSchema,
]);
export type SteeringAction = z.infer<typeof SteeringActionSchema>;
export type SteeringActionType = SteeringAction['type'];

/** Actions that only read the study; they never change what is proposed. */
export const QUESTION_ACTIONS: ReadonlySet<SteeringActionType> = new Set([
  'status',
  'pareto',
  'explain',
  'compare',
  'export',
]);

/** One line describing an action, for logs, `show` and the agent's context. */
export function describeAction(action: SteeringAction): string {
  switch (action.type) {
    case 'pin':
      return `pin ${action.param}=${action.value}`;
    case 'unpin':
      return `unpin ${action.param}`;
    case 'exclude':
      return `exclude ${action.param}=${action.values.join(',')}`;
    case 'include':
      return `include ${action.param}=${action.values.join(',')}`;
    case 'narrow':
      return `narrow ${action.param} to [${action.low}, ${action.high}]`;
    case 'widen':
      return `widen ${action.param}`;
    case 'weights':
      return `weights ${Object.entries(action.weights)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`;
    case 'add_constraint':
      return `constraint ${action.constraint.metric}${action.constraint.op}${action.constraint.value}`;
    case 'remove_constraint':
      return `remove constraint on ${action.metric}`;
    case 'enqueue':
      return `try ${Object.entries(action.config)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`;
    case 'budget':
      return `budget ${action.budget}`;
    case 'note':
      return `note "${action.text}"`;
    case 'explain':
      return `why #${action.trial}`;
    case 'compare':
      return `compare #${action.a} #${action.b}`;
    case 'export':
      return `export${action.force ? ' --force' : ''}${action.path ? ` to ${action.path}` : ''}`;
    default:
      return action.type;
  }
}
