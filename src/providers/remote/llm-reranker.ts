import { z } from 'zod';
import { DATA_FENCE_INSTRUCTION, fenceData } from '../../llm/fence-data.js';
import type { LlmClient } from '../../llm/llm-client.js';
import { generateObject } from '../../llm/structured-output.js';
import type { RerankCandidate, Reranker } from '../reranker.js';
import type { CallTiming } from '../call-timing.js';
import type { Usage } from '../usage.js';

export const RankingSchema = z.object({
  ranking: z.array(z.number().int()).describe('Passage numbers, most relevant first'),
});

/**
 * Listwise reranking by a chat model: all candidates go into one prompt, numbered from 1, and the
 * model returns their numbers best first (structured output, schema `{ranking: number[]}`).
 *
 * Models often return rankings that are valid JSON but not a permutation (a number out of range,
 * a repeat, some passages left out). Those are repaired rather than rejected, since the useful
 * part of the answer is its head: unknown and repeated numbers are dropped, and the passages the
 * model did not mention follow in first-stage order. A reply that is not even valid JSON after the
 * structured-output repair round fails the question (and is not cached); the thrown LlmError
 * carries the usage of both calls, so their cost still counts.
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
    // The rerank key reads only the name, so the model and truncation must be in the version.
    this.version = `llm-rerank-2:${options.client.endpoint.spec}:${this.#maxPassageChars}`;
    this.description = `Listwise reranking of the candidates by ${options.client.endpoint.spec}`;
  }

  async rerank(options: { question: string; candidates: RerankCandidate[]; params: Record<string, unknown> }): Promise<{ ranked: { chunkIndex: number; score: number }[]; usage: Usage; timing: CallTiming }> {
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
      schemaName: 'ranking',
      messages: [{ role: 'user', content }],
      temperature: 0,
      // About 4 tokens per number plus JSON punctuation.
      maxTokens: 16 + candidates.length * 6,
    });
    if (!reply.ok) throw reply.error;
    const order = repairRanking({ ranking: reply.object.ranking, count: candidates.length });
    // Scores encode the rank (1 for the best, decreasing): the model gives an order, not scores.
    const ranked = order.map((index, position) => ({ chunkIndex: candidates[index].chunkIndex, score: 1 - position / candidates.length }));
    return { ranked, usage: reply.usage, timing: reply.timing };
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
