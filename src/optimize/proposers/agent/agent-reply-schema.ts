import { z } from 'zod';
import { withoutNeutralParameters } from '../../../space/neutral-values.js';
import {
  ParamValueSchema,
  type Condition,
  type Param,
  type ParamValue,
  type SearchSpace,
} from '../../../space/parameter-schema.js';

/** The longest memo kept between rounds; longer memos are cut (the prompt stays bounded). */
export const AGENT_MEMO_MAX_CHARS = 600;

/**
 * What the agent's reply is validated against after parsing: deliberately loose on `config`
 * (any names, null for "inactive") because llm-agent-repair.ts decides what is usable and says
 * what it changed; the *sent* schema ({@link agentReplyJsonSchema}) is the strict one.
 */
export const AgentReplySchema = z.object({
  proposals: z.array(
    z.object({
      config: z.record(z.string(), ParamValueSchema.nullable()),
      rationale: z.string(),
      expected_effect: z.string(),
      // Optional when parsing so a model without strict mode that leaves it out still counts.
      changes: z.string().optional(),
    }),
  ),
  memo: z.string().optional(),
});
export type AgentReply = z.infer<typeof AgentReplySchema>;

/**
 * The JSON schema sent with an agent request, built from the search space so that a
 * schema-constrained model (OpenAI strict mode, vLLM guided decoding, llama.cpp grammars) can only
 * produce usable proposals: one property per parameter with its enum / integer or number
 * type / minimum / maximum, exactly `n` proposals, `additionalProperties: false` everywhere and
 * every property required, as strict mode demands.
 *
 * Invariant: an unconditional parameter is never nullable; a conditional one (`when`) is nullable,
 * null meaning "inactive", and its description states the condition (repair drops it when the
 * condition does not hold, and fills it when null although active). Parameters that can never be
 * active are left out.
 */
export function agentReplyJsonSchema(options: { space: SearchSpace; n: number }): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  // Switches the space keeps off are not offered (repair sets them); see neutral-values.ts.
  for (const param of withoutNeutralParameters(options.space).parameters) {
    if (Object.values(param.when ?? {}).some((values) => values.length === 0)) continue;
    properties[param.name] = paramSchema(param);
  }
  const config = { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
  const proposal = {
    type: 'object',
    properties: {
      config,
      rationale: {
        type: 'string',
        description: 'Why this configuration, in one or two sentences, citing the trials it builds on.',
      },
      expected_effect: { type: 'string', description: 'What it should change in the objectives.' },
      changes: {
        type: 'string',
        description: 'What differs from the current best trial (the incumbent), e.g. "top_k 5→8, reranker none→local".',
      },
    },
    required: ['config', 'rationale', 'expected_effect', 'changes'],
    additionalProperties: false,
  };
  return {
    type: 'object',
    properties: {
      proposals: { type: 'array', items: proposal, minItems: options.n, maxItems: options.n },
      memo: {
        type: 'string',
        description: `A short note to yourself for the next round (at most ${AGENT_MEMO_MAX_CHARS} characters): what you learnt and what to try next.`,
      },
    },
    required: ['proposals', 'memo'],
    additionalProperties: false,
  };
}

function paramSchema(param: Param): Record<string, unknown> {
  const description = [param.description, param.when ? describeCondition(param.when) : ''].filter(Boolean).join(' ');
  const value = valueSchema(param);
  if (!param.when) return { ...value, ...(description ? { description } : {}) };
  return { anyOf: [value, { type: 'null' }], description };
}

function valueSchema(param: Param): Record<string, unknown> {
  if (param.type === 'categorical') {
    const type = jsonTypeOf(param.values);
    // A fixed value is a one-value enum, not `const`: enum is in every strict subset.
    return { ...(type ? { type } : {}), enum: param.values };
  }
  const out: Record<string, unknown> = {
    type: param.type === 'int' ? 'integer' : 'number',
    minimum: param.low,
    maximum: param.high,
  };
  // JSON schema's multipleOf counts from 0; a step counts from low, so it is only stated when both agree.
  if (param.step !== undefined && Number.isInteger(param.low / param.step)) out.multipleOf = param.step;
  return out;
}

/** The shared JSON type of categorical values, or undefined when they mix types. */
function jsonTypeOf(values: readonly ParamValue[]): string | undefined {
  const types = new Set(
    values.map((v) => (typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v)),
  );
  if (types.size === 1) return [...types][0];
  if ([...types].every((t) => t === 'integer' || t === 'number')) return 'number';
  return undefined;
}

/** e.g. `Active only when "retrieval" is one of ["dense","hybrid"]; null otherwise.` */
export function describeCondition(when: Condition): string {
  const parts = Object.entries(when).map(
    ([name, values]) => `${JSON.stringify(name)} is one of ${JSON.stringify(values)}`,
  );
  return `Active only when ${parts.join(' and ')}; null otherwise.`;
}
