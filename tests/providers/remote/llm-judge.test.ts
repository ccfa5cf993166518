import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarizeJudgements } from '../../../src/providers/judges/answer-judge.js';
import { LlmJudge } from '../../../src/providers/judges/llm-judge.js';
import { MemoryRequestCache } from '../../../src/llm/request-cache.js';
import type { QuestionOutcome } from '../../../src/metrics/question-outcome.js';
import { ZERO_USAGE } from '../../../src/accounting/usage.js';
import { startLoopbackServer, type LoopbackServer } from '../../support/loopback-openai-server.js';
import { testClient } from '../../llm/test-client.js';

const item = { id: 'q1', question: 'Capital of France?', answers: ['Paris'] };
const outcome: QuestionOutcome = {
  questionId: 'q1',
  retrieved: [0],
  contextChunks: [0],
  context: 'Paris is the capital of France.',
  answer: 'Paris',
  latencyMs: 1,
  stageLatencyMs: { retrieve: 0, rerank: 0, generate: 1 },
  usage: ZERO_USAGE,
};

/** Replies by prompt kind, so the order of the two concurrent judge calls does not matter. */
function verdictsBy(server: LoopbackServer, correctness: unknown, faithfulness: unknown): void {
  server.setFallback('chat', (request) => {
    const text = JSON.stringify(request.body.messages);
    return {
      kind: 'json',
      value: text.includes('Reference answers') ? correctness : faithfulness,
      promptTokens: 200,
      completionTokens: 20,
    };
  });
}

describe('LlmJudge', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('parses both verdicts, counts their cost, and serves repeats from the request cache', async () => {
    verdictsBy(server, { reason: 'same fact', verdict: 'correct' }, { reason: 'half', verdict: 'partially_correct' });
    const client = testClient(server, { cache: new MemoryRequestCache() });
    const judge = new LlmJudge({ client });
    const judgement = await judge.judge({ item, outcome });
    expect(judgement).toMatchObject({ questionId: 'q1', correctness: 1, faithfulness: 0.5, errors: [] });
    expect(judgement.usage.promptTokens).toBe(400);
    expect(judgement.usage.costUsd).toBeCloseTo((2 * (200 * 0.15 + 20 * 0.6)) / 1e6, 12);
    const prompts = server.requests.map((r) => JSON.stringify(r.body.messages));
    expect(prompts.some((p) => p.includes('- Paris') && p.includes('Capital of France?'))).toBe(true);
    expect(prompts.some((p) => p.includes('Paris is the capital of France.'))).toBe(true);

    const again = await judge.judge({ item, outcome });
    expect(again.correctness).toBe(1);
    expect(server.requests).toHaveLength(2);
    expect(client.stats().cacheHits).toBe(2);

    const summary = summarizeJudgements([judgement, { ...again, correctness: 0 }]);
    expect(summary.judge_correctness).toBe(0.5);
    expect(summary.judge_faithfulness).toBe(0.5);
    expect(summary.judge_cost_usd_per_query).toBeCloseTo(judgement.usage.costUsd!, 12);
    expect(summary.judge_failures).toBe(0);
  });

  it('derives the score from the verdict, so they cannot disagree; asks for a strict reason-then-verdict schema with no score', async () => {
    // A reply from an older prompt that still carries a contradicting score: the verdict decides.
    verdictsBy(
      server,
      { reason: 'wrong city', verdict: 'incorrect', score: 0.9 },
      { reason: 'half', verdict: 'partially_correct', score: 1 },
    );
    const judgement = await new LlmJudge({ client: testClient(server) }).judge({ item, outcome });
    expect(judgement).toMatchObject({ correctness: 0, faithfulness: 0.5, errors: [] });
    for (const request of server.requests) {
      expect(request.body.response_format).toEqual({
        type: 'json_schema',
        json_schema: {
          name: 'verdict',
          strict: true,
          schema: {
            type: 'object',
            properties: {
              reason: { type: 'string', description: 'One sentence' },
              verdict: { type: 'string', enum: ['correct', 'partially_correct', 'incorrect'] },
            },
            required: ['reason', 'verdict'],
            additionalProperties: false,
          },
        },
      });
    }
  });

  it('repairs a malformed verdict with one more round', async () => {
    let bad = 0;
    server.setFallback('chat', (request) => {
      const text = JSON.stringify(request.body.messages);
      if (text.includes('Reference answers') && !text.includes('not valid') && bad++ === 0)
        return { kind: 'raw', content: '{"verdict": "yes"' };
      return { kind: 'json', value: { reason: 'ok', verdict: 'partially_correct' } };
    });
    const judgement = await new LlmJudge({ client: testClient(server) }).judge({ item, outcome });
    expect(judgement.correctness).toBe(0.5);
    expect(judgement.errors).toEqual([]);
    expect(server.requests).toHaveLength(3);
  });

  it('reports a verdict still malformed after repair, keeping its usage', async () => {
    verdictsBy(server, { reason: 'x', verdict: 'maybe' }, { reason: 'supported', verdict: 'correct' });
    const judgement = await new LlmJudge({ client: testClient(server) }).judge({ item, outcome });
    expect(judgement.correctness).toBeNull();
    expect(judgement.faithfulness).toBe(1);
    expect(judgement.errors).toHaveLength(1);
    expect(judgement.errors[0]).toMatch(/^correctness: .*does not match the schema/);
    expect(judgement.usage.promptTokens).toBe(600); // two correctness rounds + one faithfulness call
    expect(summarizeJudgements([judgement]).judge_failures).toBe(1);
  });

  it('spends nothing on failed questions and skips correctness without references', async () => {
    verdictsBy(server, null, { reason: 'ok', verdict: 'correct' });
    const judge = new LlmJudge({ client: testClient(server) });
    const failed = await judge.judge({ item, outcome: { ...outcome, answer: null, error: 'boom' } });
    expect(failed).toMatchObject({ correctness: 0, faithfulness: 0 });
    expect(server.requests).toHaveLength(0);
    const noRefs = await judge.judge({ item: { ...item, answers: [] }, outcome });
    expect(noRefs).toMatchObject({ correctness: null, faithfulness: 1 });
    expect(server.requests).toHaveLength(1);
  });
});
