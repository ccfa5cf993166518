import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { runCliAsync } from './run-cli.js';

const KEY = 'sk-test-SECRET';
const DEMO_QA = readFileSync(join(__dirname, '../../datasets/demo/qa.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { question: string; answers: string[] });

/**
 * Two servers serve the same model name with different answers and usage: "A" refuses to know
 * (F1 0, 1000+10 tokens a call), "B" gives the reference answer (F1 1, 2000+50 tokens a call).
 * gpt-4o-mini costs $0.15 / $0.60 per 1M tokens, so a call costs $0.000156 on A, $0.00033 on B.
 */
describe('LLM caches name the server', () => {
  let a: LoopbackServer;
  let b: LoopbackServer;
  beforeAll(async () => {
    a = await startLoopbackServer();
    b = await startLoopbackServer();
    a.setFallback('chat', () => ({ kind: 'text', text: "I don't know", promptTokens: 1000, completionTokens: 10 }));
    b.setFallback('chat', (request) => {
      const prompt = JSON.stringify(request.body.messages);
      const item = DEMO_QA.find((q) => prompt.includes(JSON.stringify(q.question).slice(1, -1)));
      return {
        kind: 'text',
        text: item ? item.answers[0] : 'no such question',
        promptTokens: 2000,
        completionTokens: 50,
      };
    });
  });
  afterAll(async () => {
    await a.stop();
    await b.stop();
  });

  const run = async (cwd: string, server: LoopbackServer) => {
    const args = [
      'run',
      '--dataset',
      'demo',
      '--questions',
      '4',
      '--llm',
      'openai:gpt-4o-mini',
      '--set',
      'generator=llm:gpt-4o-mini',
      '--json',
      'out.json',
    ];
    const result = await runCliAsync(args, { cwd, env: { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: KEY } });
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    return JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
  };

  it("switching the base URL recomputes and reports the new server's answers and costs; the same URL reuses the cache", async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-cache-origin-'));
    const first = await run(cwd, a);
    expect(first.llm).toMatchObject({ calls: 4, cache_hits: 0 });
    expect(first.metrics.f1).toBe(0);
    expect(first.metrics.cost_usd_per_query).toBeCloseTo(0.000156, 12);
    expect(a.requests.filter((r) => r.route === 'chat')).toHaveLength(4);

    // Same model name, other server: nothing may be answered from A's stage or request cache.
    const switched = await run(cwd, b);
    expect(switched.llm).toMatchObject({ calls: 4, cache_hits: 0 });
    expect(switched.llm.cost_usd).toBeCloseTo(4 * 0.00033, 12);
    expect(switched.metrics.f1).toBe(1);
    expect(switched.metrics.cost_usd_per_query).toBeCloseTo(0.00033, 12);
    expect(b.requests.filter((r) => r.route === 'chat')).toHaveLength(4);

    // Back on either URL, its own cached answers and recorded costs come back without a call.
    const again = await run(cwd, b);
    expect(again.llm).toMatchObject({ calls: 0 });
    expect(again.metrics.f1).toBe(1);
    expect(again.metrics.cost_usd_per_query).toBeCloseTo(0.00033, 12);
    const back = await run(cwd, a);
    expect(back.llm).toMatchObject({ calls: 0 });
    expect(back.metrics.f1).toBe(0);
    expect(back.metrics.cost_usd_per_query).toBeCloseTo(0.000156, 12);
    expect(a.requests.filter((r) => r.route === 'chat')).toHaveLength(4);
    expect(b.requests.filter((r) => r.route === 'chat')).toHaveLength(4);
  });
});
