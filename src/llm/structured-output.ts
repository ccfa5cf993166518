import { z } from 'zod';
import { addTiming, timingOf, ZERO_TIMING, type CallTiming } from '../accounting/call-timing.js';
import { addUsage, ZERO_USAGE, type Usage } from '../accounting/usage.js';
import type { ChatMessage, ResponseFormat } from './chat-types.js';
import type { ChatClient } from './chat-client.js';
import { LlmError } from './llm-error.js';

export type GenerateObjectResult<T> =
  | { ok: true; object: T; text: string; usage: Usage; repaired: boolean; cached: boolean; timing: CallTiming }
  | { ok: false; error: LlmError };

/**
 * Asks for a reply matching a zod schema and returns it parsed and validated.
 *
 * The schema is sent as `response_format: json_schema` when the endpoint supports it, else JSON
 * mode is requested and the schema is written into the prompt. A reply that does not parse or
 * validate gets one repair round (the error and the invalid text are sent back); if that fails
 * too, an `invalid_output` error value keeps the last raw text and the usage of both calls, so
 * their cost still counts. Other failures (refusal, server errors) are returned as they are, with
 * the usage spent so far added. Throws only SpendCapReachedError, like the client.
 */
export async function generateObject<S extends z.ZodType>(options: {
  client: ChatClient;
  schema: S;
  messages: ChatMessage[];
  /** Shown to the model as the schema's name; letters, digits, _ and - only. */
  schemaName?: string;
  /** Overrides `client.endpoint.supportsJsonSchema`. */
  useJsonSchema?: boolean;
  /**
   * The JSON schema to send instead of the one derived from `schema`, when the sent schema must say
   * more than the zod check (e.g. the agent's per-parameter enums and ranges). `schema` still
   * validates the reply.
   */
  jsonSchema?: Record<string, unknown>;
  /**
   * Sends `strict: true` with the json_schema format, so a constrained decoder follows the schema
   * exactly. The schema must then have every property required and `additionalProperties: false`.
   */
  strict?: boolean;
  temperature?: number;
  maxTokens?: number;
  cache?: boolean;
}): Promise<GenerateObjectResult<z.infer<S>>> {
  const jsonSchema = { ...(options.jsonSchema ?? (z.toJSONSchema(options.schema) as Record<string, unknown>)) };
  delete jsonSchema.$schema;
  const useJsonSchema = options.useJsonSchema ?? options.client.endpoint.supportsJsonSchema;
  const responseFormat: ResponseFormat = useJsonSchema
    ? {
        type: 'json_schema',
        json_schema: {
          name: options.schemaName ?? 'reply',
          schema: jsonSchema,
          ...(options.strict ? { strict: true } : {}),
        },
      }
    : { type: 'json_object' };
  // JSON mode guarantees syntax only, so the model must see the schema; OpenAI also requires the
  // word "JSON" in the prompt for json_object.
  const messages: ChatMessage[] = useJsonSchema
    ? [...options.messages]
    : withSchemaInstruction(
        options.messages,
        `Reply with one JSON object only, matching this JSON schema:\n${JSON.stringify(jsonSchema)}`,
      );

  let usage: Usage = { ...ZERO_USAGE };
  // A repair round is real work of this request, so its attempt's latency counts too.
  let timing: CallTiming = ZERO_TIMING;
  for (let round = 0; round < 2; round++) {
    const reply = await options.client.chat({
      messages,
      responseFormat,
      temperature: options.temperature,
      maxTokens: options.maxTokens,
      cache: options.cache,
    });
    if (!reply.ok) {
      return { ok: false, error: reply.error.withUsage(addUsage(usage, reply.error.usage)) };
    }
    usage = addUsage(usage, reply.usage);
    timing = addTiming(timing, timingOf(reply));
    const checked = parseAndValidate(options.schema, reply.text);
    if (checked.ok) {
      return {
        ok: true,
        object: checked.value,
        text: reply.text,
        usage,
        repaired: round > 0,
        cached: reply.cached,
        timing,
      };
    }
    if (round === 1) {
      return {
        ok: false,
        error: new LlmError({
          code: 'invalid_output',
          message: `${options.client.endpoint.spec}: reply does not match the schema after one repair round: ${checked.problem}`,
          rawText: reply.text,
          usage,
          attempts: 2,
        }),
      };
    }
    messages.push(
      { role: 'assistant', content: reply.text },
      {
        role: 'user',
        content: `Your reply is not valid: ${checked.problem}\nReply again with only the corrected JSON object.`,
      },
    );
  }
  throw new Error('unreachable');
}

/**
 * The schema instruction as the one leading system message: many chat templates (Llama, Mistral,
 * Gemma under vLLM, llama.cpp, Ollama) reject a system message after a user message, or a second
 * system message. A leading system message gets the instruction appended; otherwise it is prepended.
 */
function withSchemaInstruction(messages: ChatMessage[], instruction: string): ChatMessage[] {
  const [first, ...rest] = messages;
  if (first?.role === 'system' && typeof first.content === 'string')
    return [{ ...first, content: `${first.content}\n\n${instruction}` }, ...rest];
  return [{ role: 'system', content: instruction }, ...messages];
}

/** Parses JSON (tolerating a ```json fence some models add) and validates it against the schema. */
export function parseAndValidate<S extends z.ZodType>(
  schema: S,
  text: string,
): { ok: true; value: z.infer<S> } | { ok: false; problem: string } {
  const unfenced = text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
  let value: unknown;
  try {
    value = JSON.parse(unfenced);
  } catch (error) {
    return { ok: false, problem: `not valid JSON (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return { ok: false, problem: `schema mismatch: ${problems.join('; ')}` };
}
