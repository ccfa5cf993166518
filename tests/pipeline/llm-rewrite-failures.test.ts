import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpendCapReachedError } from '../../src/llm/llm-error.js';
import { testClient } from '../llm/test-client.js';
import { schemaFollowingReplies, startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { price, questionOf, rewriteDataset, rewriteSetup } from './llm-rewrite-fixture.js';

const Q0 = rewriteDataset.questions[0].question;
const GOOD = {
  kind: 'json',
  value: { queries: ['quokka workers', 'marmot archives'] },
  promptTokens: 200,
  completionTokens: 30,
} as const;
const PASSAGE = { kind: 'json', value: { passage: 'Marmot archives use zstd.' } } as const;
const MQ = { 'query.rewrite': 'multi-query', 'multi_query.count': 2 };

describe('query.rewrite: a failed, refused or malformed rewrite fails its question, counted and paid', () => {
  let server: LoopbackServer;
  let setup: ReturnType<typeof rewriteSetup>;
  beforeEach(async () => {
    server = await startLoopbackServer();
    setup = rewriteSetup(testClient(server));
  });
  afterEach(async () => {
    setup.close();
    await server.stop();
  });

  /** q0 gets `bad` for both rounds (the reply and the repair); the other questions a good reply. */
  const failQ0With = (bad: Parameters<LoopbackServer['enqueue']>[1], good: typeof GOOD | typeof PASSAGE = GOOD) =>
    server.setFallback('chat', (request) => (questionOf(request) === Q0 ? bad : good));

  it('malformed JSON twice (reply, repair round): q0 fails with the stage named, both calls paid, never retrieved', async () => {
    failQ0With({ kind: 'raw', content: '{"queries": [', promptTokens: 100, completionTokens: 10 });
    const run = await setup.runner().run({ config: setup.config(MQ) });
    const [q0, q1] = run.outcomes;
    expect(q0.error).toMatch(
      /^rewrite \(multi-query\): openai:gpt-4o-mini: reply does not match the schema after one repair round: not valid JSON/,
    );
    expect(q0.retrieved).toEqual([]);
    expect(q0.usage).toEqual({ promptTokens: 200, completionTokens: 20, costUsd: 2 * price(100, 10) });
    expect(q1.error).toBeUndefined();
    expect(run.metrics.failed_questions).toBe(1);
    expect(run.scores[0]).toMatchObject({ f1: 0, recall_at_k: 0 });
    expect(run.metrics.cost_usd_per_query).toBeCloseTo((2 * price(100, 10) + 2 * price(200, 30)) / 3, 15);
    expect(server.requests.filter((r) => questionOf(r) === Q0)).toHaveLength(2);
  });

  it('a refusal fails the question (no fallback to the original query) and still costs the reply', async () => {
    failQ0With(
      { kind: 'refusal', refusal: 'I will not rephrase that.', promptTokens: 150, completionTokens: 5 },
      PASSAGE,
    );
    const run = await setup.runner().run({ config: setup.config({ 'query.rewrite': 'hyde' }) });
    expect(run.outcomes[0].error).toMatch(/^rewrite \(hyde\): .*refused: I will not rephrase that/);
    expect(run.outcomes[0].usage).toEqual({ promptTokens: 150, completionTokens: 5, costUsd: price(150, 5) });
    expect(run.metrics.failed_questions).toBe(1);
    // A refusal is not retried: one request for q0.
    expect(server.requests.filter((r) => questionOf(r) === Q0)).toHaveLength(1);
  });

  it('a 500 then a reply: retried by the client, the question succeeds, and the reply is what is searched', async () => {
    server.enqueue('chat', { kind: 'server_error' }, GOOD);
    const one = { ...rewriteDataset, questions: rewriteDataset.questions.slice(0, 1) };
    const run = await setup.runner({ dataset: one }).run({ config: setup.config(MQ) });
    expect(run.outcomes[0].error).toBeUndefined();
    expect(run.outcomes[0].retrieved).toEqual([3, 0, 1, 2]);
    expect(server.requests).toHaveLength(2);
    expect(run.outcomes[0].usage).toEqual({ promptTokens: 200, completionTokens: 30, costUsd: price(200, 30) });
  });

  it('rewrites of the wrong shape are refused by the schema: each fails its question after the repair round', async () => {
    const shapes = [
      { queries: [] },
      { queries: ['', ''] },
      { queries: ['   ', 'marmot'] },
      { queries: ['x'.repeat(5000), 'marmot'] },
      { queries: ['quokka', 'marmot', 'zephyr'] },
      { queries: ['quokka', 'marmot'], extra: 'field' },
      { alternatives: ['quokka', 'marmot'] },
    ];
    for (const value of shapes) {
      failQ0With({ kind: 'json', value });
      const run = await setup.runner().run({ config: setup.config(MQ) });
      expect(run.outcomes[0].error, JSON.stringify(value)).toMatch(/^rewrite \(multi-query\): .*schema mismatch/);
      expect(run.metrics.failed_questions).toBe(1);
    }
    // A wrong shape mended by the repair round is used.
    server.setFallback('chat', () => GOOD);
    server.enqueue('chat', { kind: 'json', value: { queries: [] } });
    const one = { ...rewriteDataset, questions: rewriteDataset.questions.slice(0, 1) };
    const mended = await setup.runner({ dataset: one }).run({ config: setup.config(MQ) });
    expect(mended.outcomes[0].error).toBeUndefined();
    expect(mended.outcomes[0].retrieved).toEqual([3, 0, 1, 2]);
    // HyDE: an empty or absurdly long passage is refused the same way.
    for (const passage of ['', 'y'.repeat(5000)]) {
      failQ0With({ kind: 'json', value: { passage } }, PASSAGE);
      const run = await setup.runner().run({ config: setup.config({ 'query.rewrite': 'hyde' }) });
      expect(run.outcomes[0].error).toMatch(/^rewrite \(hyde\): .*schema mismatch/);
      expect(run.metrics.failed_questions).toBe(1);
    }
  });

  it('random-schema mode: every structured reply is a random instance of the sent schema; nothing crashes, none fails', async () => {
    server.setFallback('chat', schemaFollowingReplies({ seed: 7 }));
    for (const count of [2, 5]) {
      const run = await setup.runner().run({ config: setup.config({ ...MQ, 'multi_query.count': count }) });
      expect(run.metrics.failed_questions).toBe(0);
      expect(run.outcomes.every((o) => o.retrieved.length > 0)).toBe(true);
    }
    for (const retrieval of ['bm25', 'dense', 'hybrid']) {
      const run = await setup.runner().run({ config: setup.config({ retrieval, 'query.rewrite': 'hyde' }) });
      expect(run.metrics.failed_questions).toBe(0);
    }
    // 3 questions x 5 runs, one call each: the schema admits only usable rewrites, so no repair round.
    expect(server.requests).toHaveLength(15);
  });

  it('the spend cap stops the run before a rewrite call it cannot afford (not a failed question)', async () => {
    const capped = rewriteSetup(testClient(server, { maxCostUsd: 1e-9 }));
    server.setFallback('chat', () => GOOD);
    await expect(capped.runner().run({ config: capped.config(MQ) })).rejects.toBeInstanceOf(SpendCapReachedError);
    expect(server.requests).toHaveLength(0);
    capped.close();
  });

  it('without an LLM the values do not exist: configurations naming them are refused', async () => {
    const { buildCatalogue } = await import('../../src/space/catalogue.js');
    const { ComponentRegistry } = await import('../../src/providers/component-registry.js');
    const offline = buildCatalogue(new ComponentRegistry().names());
    expect(offline.parameters.find((p) => p.name === 'query.rewrite')).toMatchObject({ values: ['none', 'rm3'] });
    expect(setup.catalogue.parameters.find((p) => p.name === 'query.rewrite')).toMatchObject({
      values: ['none', 'rm3', 'multi-query', 'hyde'],
    });
    const { PipelineRunner } = await import('../../src/pipeline/pipeline-runner.js');
    const runner = new PipelineRunner({
      dataset: rewriteDataset,
      cache: setup.cache(),
      components: new ComponentRegistry(),
    });
    expect(() => runner.keysFor(setup.config({ 'query.rewrite': 'hyde' }))).toThrow(
      /query.rewrite "hyde" needs an LLM to write the queries/,
    );
  });
});
