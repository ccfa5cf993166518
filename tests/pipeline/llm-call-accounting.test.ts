import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset-schema.js';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import { StageCache } from '../../src/pipeline/stage-cache.js';
import { ComponentRegistry } from '../../src/providers/component-registry.js';
import { OpenAiGenerator } from '../../src/providers/remote/openai-generator.js';
import { LlmReranker } from '../../src/providers/remote/llm-reranker.js';
import { buildCatalogue } from '../../src/space/catalogue.js';
import { CATALOGUE_DEFAULTS } from '../../src/space/catalogue-defaults.js';
import type { Config } from '../../src/space/parameter-schema.js';
import { resolveConfig } from '../../src/space/validate-config.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { testClient } from '../llm/test-client.js';

const topics = ['port', 'retention', 'backup', 'replication'];
const dataset: Dataset = {
  name: 'tiny-llm',
  source: 'memory',
  format: 'native',
  fingerprint: 'tiny-llm-v1',
  hasAnswers: true,
  hasGold: true,
  docs: topics.map((topic, i) => ({
    id: `doc-${topic}`,
    title: topic,
    text: `The default ${topic} limit is ${100 + i} units. Operators change the ${topic} limit in the config file.`,
  })),
  questions: topics.map((topic, i) => ({
    id: `q-${topic}`,
    question: `What is the default ${topic} limit?`,
    answers: [`${100 + i} units`],
    gold_doc_ids: [`doc-${topic}`],
  })),
};

/** gpt-4o-mini in src/llm/price-table.ts: $0.15 per 1M prompt tokens, $0.60 per 1M completion tokens. */
const price = (prompt: number, completion: number) => (prompt * 0.15 + completion * 0.6) / 1e6;

const caches: StageCache[] = [];
const freshCache = () => {
  const cache = new StageCache({ dir: mkdtempSync(join(tmpdir(), 'tune-rag-llm-acct-')) });
  caches.push(cache);
  return cache;
};

describe('LLM stages: what failed and retried calls cost, and how long the work took', () => {
  let server: LoopbackServer;
  let components: ComponentRegistry;
  let configOf: (values: Config) => Config;
  beforeEach(async () => {
    server = await startLoopbackServer();
    const client = testClient(server);
    components = new ComponentRegistry();
    components.registerGenerator(new OpenAiGenerator({ client }));
    components.registerReranker(new LlmReranker({ client }));
    const catalogue = buildCatalogue(components.names());
    configOf = (values) =>
      resolveConfig({ config: values, space: catalogue, defaults: CATALOGUE_DEFAULTS, source: 'test' }).config;
  });
  afterEach(async () => {
    caches.splice(0).forEach((c) => c.close());
    await server.stop();
  });

  const llmConfig = (reranker: string) =>
    configOf({
      retrieval: 'bm25',
      top_k: 2,
      reranker,
      'rerank.candidates': 2,
      generator: 'llm:gpt-4o-mini',
      prompt: 'default',
      temperature: 0,
    });

  it('a question whose answer was refused after a paid reply fails, scores 0 and still costs that reply', async () => {
    server.setFallback('chat', (request) => {
      const text = JSON.stringify(request.body.messages);
      if (text.includes('\\nWhat is the default port limit?\\n'))
        return { kind: 'refusal', refusal: 'I will not answer that.', promptTokens: 1000, completionTokens: 500 };
      return { kind: 'text', text: 'unknown', promptTokens: 100, completionTokens: 10 };
    });
    const run = await new PipelineRunner({ dataset, cache: freshCache(), components }).run({
      config: llmConfig('none'),
    });
    const failed = run.outcomes.find((o) => o.questionId === 'q-port')!;
    expect(failed.error).toMatch(/refused: I will not answer that/);
    expect(failed.usage).toEqual({ promptTokens: 1000, completionTokens: 500, costUsd: price(1000, 500) });
    expect(run.scores[0].f1).toBe(0);
    expect(run.scores[0].recall_at_k).toBe(0);
    expect(run.metrics.failed_questions).toBe(1);
    expect(run.metrics.tokens_per_query).toBe((1500 + 3 * 110) / 4);
    expect(run.metrics.cost_usd_per_query).toBeCloseTo((price(1000, 500) + 3 * price(100, 10)) / 4, 15);
  });

  it('reranker replies that failed validation count: a repaired one with the success; an unrepaired one falls back to first-stage order, counted', async () => {
    const rankReplies = new Map<string, number>();
    server.setFallback('chat', (request) => {
      const text = JSON.stringify(request.body.messages);
      if (!text.includes('Rank the')) return { kind: 'text', text: 'unknown', promptTokens: 100, completionTokens: 10 };
      const topic = topics.find((t) => text.includes(`default ${t} limit?`))!;
      const round = rankReplies.get(topic) ?? 0;
      rankReplies.set(topic, round + 1);
      // port: invalid twice (fails after the repair round); retention: invalid, then repaired.
      if (topic === 'port' || (topic === 'retention' && round === 0))
        return { kind: 'raw', content: 'no idea', promptTokens: 200, completionTokens: 20 };
      return { kind: 'json', value: { ranking: [2, 1] }, promptTokens: 300, completionTokens: 30 };
    });
    const cache = freshCache();
    const run = await new PipelineRunner({ dataset, cache, components }).run({ config: llmConfig('llm-rerank') });
    const byId = new Map(run.outcomes.map((o) => [o.questionId, o]));
    // port: the reranker failed after its repair round; the question is answered on the first-stage order.
    expect(byId.get('q-port')!.error).toBeUndefined();
    expect(byId.get('q-port')!.rerank).toBe('fallback');
    expect(byId.get('q-port')!.stageLatencyMs.rerank).toBe(0);
    expect(byId.get('q-port')!.usage).toEqual({
      promptTokens: 500,
      completionTokens: 50,
      costUsd: 2 * price(200, 20) + price(100, 10),
    });
    expect(byId.get('q-retention')!.error).toBeUndefined();
    expect(byId.get('q-retention')!.rerank).toBe('ok');
    expect(byId.get('q-retention')!.usage).toEqual({
      promptTokens: 600,
      completionTokens: 60,
      costUsd: price(200, 20) + price(300, 30) + price(100, 10),
    });
    expect(byId.get('q-backup')!.usage).toEqual({
      promptTokens: 400,
      completionTokens: 40,
      costUsd: price(300, 30) + price(100, 10),
    });
    expect(run.metrics.failed_questions).toBe(0);
    expect(run.metrics.rerank_fallbacks).toBe(1);
    expect(run.metrics.rerank_repairs).toBe(0);
    const total =
      2 * price(200, 20) +
      price(100, 10) +
      (price(200, 20) + price(300, 30) + price(100, 10)) +
      2 * (price(300, 30) + price(100, 10));
    expect(run.metrics.cost_usd_per_query).toBeCloseTo(total / 4, 15);

    // Nothing after a fallback was cached: once the reranker answers, only that question is recomputed.
    server.setFallback('chat', (request) => {
      const text = JSON.stringify(request.body.messages);
      if (text.includes('Rank the'))
        return { kind: 'json', value: { ranking: [2, 1] }, promptTokens: 300, completionTokens: 30 };
      return { kind: 'text', text: 'unknown', promptTokens: 100, completionTokens: 10 };
    });
    const runner = new PipelineRunner({ dataset, cache, components });
    const again = await runner.run({ config: llmConfig('llm-rerank') });
    expect(again.outcomes.map((o) => o.rerank)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(again.metrics.rerank_fallbacks).toBe(0);
    expect(runner.stats.executions).toMatchObject({ rerank: 1, generate: 1 });
  });

  it('a reranker whose endpoint is down falls back on every question; repaired rankings are counted', async () => {
    server.setFallback('chat', (request) => {
      const text = JSON.stringify(request.body.messages);
      if (!text.includes('Rank the')) return { kind: 'text', text: 'unknown', promptTokens: 100, completionTokens: 10 };
      // backup: a number out of range and a repeat; port and retention: the server errors.
      if (text.includes('default backup limit?')) return { kind: 'json', value: { ranking: [7, 2, 2] } };
      if (text.includes('default replication limit?')) return { kind: 'json', value: { ranking: [1, 2] } };
      return { kind: 'error', status: 400, message: 'reranking is not supported' };
    });
    const run = await new PipelineRunner({ dataset, cache: freshCache(), components }).run({
      config: llmConfig('llm-rerank'),
    });
    expect(run.outcomes.map((o) => [o.questionId, o.rerank, o.error ?? null])).toEqual([
      ['q-port', 'fallback', null],
      ['q-retention', 'fallback', null],
      ['q-backup', 'repaired', null],
      ['q-replication', 'ok', null],
    ]);
    expect(run.metrics).toMatchObject({ failed_questions: 0, rerank_fallbacks: 2, rerank_repairs: 1 });
    // Without a model reranker the summary has no rerank counts at all.
    const plain = await new PipelineRunner({ dataset, cache: freshCache(), components }).run({
      config: llmConfig('none'),
    });
    expect(plain.metrics).not.toHaveProperty('rerank_fallbacks');
    expect(plain.outcomes.every((o) => o.rerank === undefined)).toBe(true);
  });

  it('records the successful attempt as the generate latency and the Retry-After wait apart, and a cached rerun replays both', async () => {
    // One question: a 429 asking for 1 s, then an answer that takes the server 150 ms.
    server.enqueue(
      'chat',
      { kind: 'rate_limited', retryAfter: '1' },
      { kind: 'delay', ms: 150, then: { kind: 'text', text: '100 units' } },
    );
    const one: Dataset = { ...dataset, questions: dataset.questions.slice(0, 1) };
    const cache = freshCache();
    const run = await new PipelineRunner({ dataset: one, cache, components }).run({ config: llmConfig('none') });
    const [outcome] = run.outcomes;
    expect(outcome.error).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    // Lower bounds only: a sleep or a server delay never takes less than asked, on any machine.
    expect(outcome.retryWaitMs).toBeGreaterThanOrEqual(1000);
    expect(outcome.stageLatencyMs.generate).toBeGreaterThanOrEqual(150);
    // Latency is exactly its stages' sum, and the wait is not in it: wait and latency are disjoint
    // parts of the one call, so together they fit in its wall time. Counting the wait in latency
    // too would make the sum at least 2 x 1000 + 150 ms, more than the run took (wait + attempt).
    const { retrieve, rerank, generate } = outcome.stageLatencyMs;
    expect(outcome.latencyMs).toBe(retrieve + rerank + generate);
    expect(outcome.latencyMs + outcome.retryWaitMs).toBeLessThanOrEqual(run.wallMs);
    expect(run.metrics.retry_wait_ms).toBe(outcome.retryWaitMs);
    expect(run.metrics.latency_p95_ms).toBe(outcome.latencyMs);

    const warm = new PipelineRunner({ dataset: one, cache, components });
    const again = await warm.run({ config: llmConfig('none') });
    expect(warm.stats.executions.generate).toBe(0);
    expect(server.requests).toHaveLength(2);
    expect(again.outcomes[0].stageLatencyMs).toEqual(outcome.stageLatencyMs);
    expect(again.outcomes[0].retryWaitMs).toBe(outcome.retryWaitMs);
    expect(again.metrics).toEqual(run.metrics);
  });
});
