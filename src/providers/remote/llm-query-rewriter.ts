import { join } from 'node:path';
import { z } from 'zod';
import type { Usage } from '../../accounting/usage.js';
import type { ChatClient } from '../../llm/chat-client.js';
import { fenceData } from '../../llm/fence-data.js';
import { LlmError } from '../../llm/llm-error.js';
import { generateObject } from '../../llm/structured-output.js';
import { packageRoot } from '../../package-root.js';
import type { PromptTemplate } from '../pipeline-components.js';
import { loadPromptTemplates, renderPrompt, requiredPromptTemplate } from '../prompt-templates.js';
import type { QueryRewriter, RewriteResult } from '../query-rewriter.js';
import type { LlmRewrite } from '../../space/llm-rewrites.js';

/** Longest alternative phrasing kept: a query, not a document. */
export const MAX_QUERY_CHARS = 300;
/** Longest hypothetical passage: the prompt asks for 2 to 4 sentences. */
export const MAX_PASSAGE_CHARS = 1200;

/** At least one character that is not white space: an all-blank query would search for nothing. */
const TEXT = /\S/;

/**
 * The multi-query reply: exactly `count` one-line phrasings of 1..MAX_QUERY_CHARS characters. The
 * same zod schema validates the reply and, converted, is what the model is sent (minItems =
 * maxItems = count, minLength, maxLength, a non-blank pattern), so a schema-constrained decoder
 * cannot produce an empty list, empty or absurdly long strings, or more items than asked.
 */
export function multiQuerySchema(count: number) {
  return z
    .object({
      queries: z
        .array(z.string().min(1).max(MAX_QUERY_CHARS).regex(TEXT).describe('One alternative phrasing of the question'))
        .length(count)
        .describe(`Exactly ${count} alternative phrasings`),
    })
    .strict();
}

/** The HyDE reply: one non-blank passage of at most MAX_PASSAGE_CHARS characters. */
export const HydeSchema = z
  .object({
    passage: z.string().min(1).max(MAX_PASSAGE_CHARS).regex(TEXT).describe('A short passage answering the question'),
  })
  .strict();

/** Bump when the request shape changes (schemas, token budgets, temperature): the stage key holds it. */
const REWRITER_VERSION = 'llm-rewrite-1';
/** Rewriting is search, not creativity: temperature 0, so a seeded rerun sends the same requests. */
const TEMPERATURE = 0;

/**
 * The LLM query rewriter over one chat client (the `--llm` endpoint): prompts from
 * prompts/rewrite/, the question fenced as data, replies through generateObject (JSON schema,
 * validation, one repair round), so every call has the client's timeout, retries, concurrency
 * limit, spend cap, circuit breaker, accounting and request cache.
 *
 * A failure is rethrown as an LlmError whose message names the stage (`rewrite (multi-query): ...`),
 * keeping its code and the usage of every call made: the question fails with its cost counted and
 * never falls back to the original query.
 */
export class LlmQueryRewriter implements QueryRewriter {
  readonly version: string;
  readonly #client: ChatClient;
  readonly #prompts: Record<LlmRewrite, PromptTemplate>;

  constructor(options: {
    client: ChatClient;
    /** Folder with multi-query.md and hyde.md; default prompts/rewrite in the package. */
    promptsDir?: string;
  }) {
    this.#client = options.client;
    const dir = options.promptsDir ?? join(packageRoot(), 'prompts', 'rewrite');
    const templates = loadPromptTemplates(dir);
    this.#prompts = { 'multi-query': required(templates, 'multi-query', dir), hyde: required(templates, 'hyde', dir) };
    const hashes = `${this.#prompts['multi-query'].hash}.${this.#prompts.hyde.hash}`;
    this.version = `${REWRITER_VERSION}:${options.client.endpoint.cacheIdentity}:t${TEMPERATURE}:${hashes}`;
  }

  priceUsage(usage: Usage): Usage {
    return this.#client.priceUsage(usage);
  }

  async multiQuery(options: { question: string; count: number }): Promise<RewriteResult<string[]>> {
    const { count } = options;
    const reply = await this.#ask('multi-query', {
      schema: multiQuerySchema(count),
      values: { question: fenceData({ kind: 'question', text: options.question }), count: String(count) },
      // About 80 tokens per phrasing at most, plus JSON punctuation.
      maxTokens: 32 + count * 96,
    });
    return { value: reply.value.queries.map((q) => q.trim()), usage: reply.usage, timing: reply.timing };
  }

  async hypotheticalDocument(options: { question: string }): Promise<RewriteResult<string>> {
    const reply = await this.#ask('hyde', {
      schema: HydeSchema,
      values: { question: fenceData({ kind: 'question', text: options.question }) },
      maxTokens: 400,
    });
    return { value: reply.value.passage.trim(), usage: reply.usage, timing: reply.timing };
  }

  async #ask<S extends z.ZodType>(
    rewrite: LlmRewrite,
    request: { schema: S; values: Record<string, string>; maxTokens: number },
  ): Promise<RewriteResult<z.infer<S>>> {
    const reply = await generateObject({
      client: this.#client,
      schema: request.schema,
      schemaName: rewrite === 'hyde' ? 'hypothetical_document' : 'queries',
      messages: [{ role: 'user', content: renderPrompt(this.#prompts[rewrite], request.values) }],
      temperature: TEMPERATURE,
      maxTokens: request.maxTokens,
    });
    if (!reply.ok) throw namedFailure(rewrite, reply.error);
    return { value: reply.object, usage: reply.usage, timing: reply.timing };
  }
}

/** The failure with the stage named first, so `question_errors` says where the question failed. */
function namedFailure(rewrite: LlmRewrite, error: LlmError): LlmError {
  return new LlmError({
    code: error.code,
    message: `rewrite (${rewrite}): ${error.message}`,
    rawText: error.rawText,
    usage: error.usage,
    status: error.status,
    attempts: error.attempts,
  });
}

function required(templates: Map<string, PromptTemplate>, name: string, dir: string): PromptTemplate {
  return requiredPromptTemplate({ templates, name, dir, what: 'query rewrite' });
}
