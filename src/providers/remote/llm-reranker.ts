import { z } from 'zod';
import { DATA_FENCE_INSTRUCTION, fenceData } from '../../llm/fence-data.js';
import type { LlmClient } from '../../llm/llm-client.js';
import { generateObject } from '../../llm/structured-output.js';
import type { RerankCandidate, Reranker } from '../reranker.js';
import type { CallTiming } from '../../accounting/call-timing.js';
import type { Usage } from '../../accounting/usage.js';

/** What a reply is validated against: loose, since {@link repairRanking} mends bad numbers. */
export const RankingSchema = z.object({
  ranking: z.array(z.number().int()).describe('Passage numbers, most relevant first'),
});

/**
 * The schema sent for `count` passages: exactly `count` integers in 1..count, strict-ready. Being
 * unique is stated, not declared: `uniqueItems` is outside the subset strict decoders accept, and
 * repeats are repaired anyway.
 */
export function rankingJsonSchema(count: number): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      ranking: {
        type: 'array',
        description: `Each passage number from 1 to ${count} exactly once, most relevant first`,
        items: { type: 'integer', minimum: 1, maximum: count },
        minItems: count,
        maxItems: count,
      },
    },
    required: ['ranking'],
    additionalProperties: false,
  };
}

/**
 * Listwise reranking by a chat model: all candidates go into one prompt, numbered from 1, and the
 * model returns their numbers best first (structured output: `{ranking: number[]}` with exactly N
 * integers in 1..N, sent strict).
 *
 * Models often return rankings that are valid JSON but not a permutation (a number out of range,
 * a repeat, some passages left out). Those are repaired rather than rejected, since the useful
 * part of the answer is its head: unknown and repeated numbers are dropped, and the passages the
 * model did not mention follow in first-stage order. A reply that is not even valid JSON after the
 * structured-output repair round, or a failed call, throws an LlmError carrying the usage of
 * every call made; the question pipeline then falls back to the first-stage order (counted as
 * `rerank_fallbacks`) rather than failing the question. Repaired replies say so (`repaired`).
 */
export class LlmReranker implements Reranker {
  readonly name = 'llm-rerank';
  readonly version: string;
  readonly description: string;
  readonly #client: LlmClient;
  readonly #maxPassageChars: number;

  constructor(options: {
    client: LlmClient;
    /** Passages are cut to this many characters to bound the prompt. Default 1000. */
    maxPassageChars?: number;
  }) {
    this.#client = options.client;
    this.#maxPassageChars = options.maxPassageChars ?? 1000;
    // The rerank key reads only the name, so the server, model, truncation and prompt version
    // (3: passages fenced as data) must be in the version.
    this.version = `llm-rerank-3:${options.client.endpoint.cacheIdentity}:${this.#maxPassageChars}`;
    this.description = `Listwise reranking of the candidates by ${options.client.endpoint.spec}`;
  }

  priceUsage(usage: Usage): Usage {
    return this.#client.priceUsage(usage);
  }

  async rerank(options: { question: string; candidates: RerankCandidate[]; params: Record<string, unknown> }): Promise<{
    ranked: { chunkIndex: number; score: number }[];
    usage: Usage;
    timing: CallTiming;
    repaired: boolean;
  }> {
    const { candidates } = options;
    const passages = candidates
      .map((c, i) => `[${i + 1}]${c.title ? ` ${c.title}` : ''}\n${c.text.slice(0, this.#maxPassageChars)}`)
      .join('\n\n');
    const content =
      `Rank the ${candidates.length} passages below by how well they help answer the question.\n` +
      `Return {"ranking": [...]} with the passage numbers (1 to ${candidates.length}), most useful first.\n\n` +
      `${DATA_FENCE_INSTRUCTION}\n\n` +
      `Question: ${fenceData({ kind: 'question', text: options.question })}\n\nPassages:\n${fenceData({ kind: 'passages', text: passages })}`;
    const reply = await generateObject({
      client: this.#client,
      schema: RankingSchema,
      jsonSchema: rankingJsonSchema(candidates.length),
      strict: true,
      schemaName: 'ranking',
      messages: [{ role: 'user', content }],
      temperature: 0,
      // About 4 tokens per number plus JSON punctuation.
      maxTokens: 16 + candidates.length * 6,
    });
    if (!reply.ok) throw reply.error;
    const { ranking } = reply.object;
    const order = repairRanking({ ranking, count: candidates.length });
    // Repaired unless the reply was already the permutation kept (same length, same order).
    const repaired = ranking.length !== order.length || ranking.some((number, i) => number - 1 !== order[i]);
    // Scores encode the rank (1 for the best, decreasing): the model gives an order, not scores.
    const ranked = order.map((index, position) => ({
      chunkIndex: candidates[index].chunkIndex,
      score: 1 - position / candidates.length,
    }));
    return { ranked, usage: reply.usage, timing: reply.timing, repaired };
  }
}

/**
 * A permutation of 0..count-1 from a model's 1-based ranking: numbers outside 1..count and
 * repeats are dropped, and missing positions are appended in their original (first-stage) order.
 */
export function repairRanking(options: { ranking: readonly number[]; count: number }): number[] {
  const seen = new Set<number>();
  const order: number[] = [];
  for (const number of options.ranking) {
    const index = number - 1;
    if (!Number.isInteger(index) || index < 0 || index >= options.count || seen.has(index)) continue;
    seen.add(index);
    order.push(index);
  }
  for (let index = 0; index < options.count; index++) if (!seen.has(index)) order.push(index);
  return order;
}
