import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LlmReranker, repairRanking } from '../../../src/providers/remote/llm-reranker.js';
import { startLoopbackServer, type LoopbackServer } from '../../support/loopback-openai-server.js';
import { testClient } from '../../llm/test-client.js';

const candidates = [10, 11, 12, 13].map((chunkIndex, i) => ({
  chunkIndex,
  text: `passage ${chunkIndex}`,
  score: 1 - i / 10,
}));

describe('LlmReranker', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('orders candidates by the model ranking (1-based passage numbers)', async () => {
    server.enqueue('chat', { kind: 'json', value: { ranking: [3, 1, 4, 2] } });
    const reranker = new LlmReranker({ client: testClient(server) });
    const { ranked, usage, repaired } = await reranker.rerank({ question: 'q', candidates, params: {} });
    expect(ranked.map((r) => r.chunkIndex)).toEqual([12, 10, 13, 11]);
    expect(repaired).toBe(false);
    expect(ranked.map((r) => r.score)).toEqual([1, 0.75, 0.5, 0.25]);
    expect(usage.completionTokens).toBeGreaterThan(0);
    const body = server.requests[0].body as {
      response_format: { type: string; json_schema: unknown };
      messages: { content: string }[];
    };
    expect(body.response_format.type).toBe('json_schema');
    // Bounded to the 4 passages, exactly 4 numbers, strict.
    expect(body.response_format.json_schema).toEqual({
      name: 'ranking',
      strict: true,
      schema: {
        type: 'object',
        properties: {
          ranking: {
            type: 'array',
            description: 'Each passage number from 1 to 4 exactly once, most relevant first',
            items: { type: 'integer', minimum: 1, maximum: 4 },
            minItems: 4,
            maxItems: 4,
          },
        },
        required: ['ranking'],
        additionalProperties: false,
      },
    });
    expect(body.messages[0].content).toContain('[4]\npassage 13');
  });

  it('repairs bad rankings: unknown and repeated numbers dropped, missing ones appended in first-stage order', async () => {
    server.enqueue('chat', { kind: 'json', value: { ranking: [4, 9, 4, 0, 2] } });
    const reranker = new LlmReranker({ client: testClient(server) });
    const { ranked, repaired } = await reranker.rerank({ question: 'q', candidates, params: {} });
    expect(ranked.map((r) => r.chunkIndex)).toEqual([13, 11, 10, 12]);
    expect(repaired).toBe(true);
    // A short ranking of valid numbers is completed too: that is a repair as well.
    server.enqueue('chat', { kind: 'json', value: { ranking: [2, 1] } });
    expect((await reranker.rerank({ question: 'q2', candidates, params: {} })).repaired).toBe(true);
  });

  it('repairs a malformed reply with one structured-output round, and fails the question after that', async () => {
    server.enqueue('chat', { kind: 'raw', content: '{"ranking": [2,' }, { kind: 'json', value: { ranking: [2] } });
    const reranker = new LlmReranker({ client: testClient(server) });
    const { ranked } = await reranker.rerank({ question: 'q', candidates, params: {} });
    expect(ranked.map((r) => r.chunkIndex)).toEqual([11, 10, 12, 13]);

    server.enqueue('chat', { kind: 'raw', content: 'no' }, { kind: 'json', value: { order: [1] } });
    await expect(reranker.rerank({ question: 'other q', candidates, params: {} })).rejects.toThrow(
      /does not match the schema/,
    );
  });

  it('repairRanking always yields a permutation', () => {
    expect(repairRanking({ ranking: [], count: 3 })).toEqual([0, 1, 2]);
    expect(repairRanking({ ranking: [3, 3, 1.5, -1, 2], count: 3 })).toEqual([2, 1, 0]);
  });
});
