import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { allFileText, runCliAsync } from './run-cli.js';

const KEY = 'sk-test-SECRET';

describe('tune-rag run --llm', () => {
  let server: LoopbackServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startLoopbackServer();
    env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: KEY };
    server.setFallback('chat', (request) => {
      const text = JSON.stringify(request.body.messages);
      if (text.includes('Reference answers') || text.includes('Answer to check')) {
        return { kind: 'json', value: { reason: 'matches', verdict: 'correct' } };
      }
      if (text.includes('Rank the')) return { kind: 'json', value: { ranking: [2, 1] } };
      return { kind: 'text', text: "I don't know" };
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('runs an LLM generator, reports LLM stats and cost, and never leaks the key', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-run-llm-'));
    const args = [
      'run',
      '--dataset',
      'demo',
      '--questions',
      '8',
      '--llm',
      'openai:gpt-4o-mini',
      '--set',
      'generator=llm:gpt-4o-mini',
      '--json',
      'out.json',
    ];
    const result = await runCliAsync(args, { cwd, env });
    // The scripted replies match no reference, so the echoed question beats them: said on stderr, nothing else.
    expect(result.stderr).toMatch(
      /^warning: the question echoed scores 0\.\d{3} on f1, at or above the configuration run \(0\.000\)[^\n]*\n$/,
    );
    expect(result.code).toBe(0);
    const raw = readFileSync(join(cwd, 'out.json'), 'utf8');
    const report = JSON.parse(raw);
    expect(report.config.generator).toBe('llm:gpt-4o-mini');
    expect(report.config.prompt).toBe('default');
    expect(report.failures).toBe(0);
    expect(report.metrics.questions).toBe(8);
    expect(typeof report.metrics.f1).toBe('number');
    expect(report.metrics.cost_usd_per_query).toBeGreaterThan(0);
    expect(report.llm).toMatchObject({ calls: 8, retries: 0, cache_hits: 0 });
    expect(report.llm.prompt_tokens).toBeGreaterThan(0);
    expect(report.llm.completion_tokens).toBeGreaterThan(0);
    expect(report.llm.cost_usd).toBeGreaterThan(0);
    const chat = server.requests.filter((r) => r.route === 'chat');
    expect(chat.length).toBeGreaterThanOrEqual(8);
    expect(chat[0].headers.authorization).toBe(`Bearer ${KEY}`);
    for (const text of [result.stdout, result.stderr, raw, allFileText(join(cwd, '.tune-rag'))])
      expect(text).not.toContain(KEY);

    // The table output names the LLM line; the rerun is served by the stage cache.
    const table = await runCliAsync(args.slice(0, -2), { cwd, env });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/llm openai:gpt-4o-mini: 0 calls/);
  });

  it('adds judge metrics and LLM embeddings and reranking', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-run-llm-'));
    const args = [
      'run',
      '--dataset',
      'demo',
      '--questions',
      '4',
      '--llm',
      'openai:gpt-4o-mini',
      '--llm-embed',
      'openai:text-embedding-3-small',
      '--judge',
      '--set',
      'generator=llm:gpt-4o-mini',
      '--set',
      'embedder=llm-embed:text-embedding-3-small',
      '--set',
      'reranker=llm-rerank',
      '--json',
      'out.json',
    ];
    const result = await runCliAsync(args, { cwd, env });
    // The scripted replies match no reference, so the echoed question beats them: said on stderr, nothing else.
    expect(result.stderr).toMatch(
      /^warning: the question echoed scores 0\.\d{3} on f1, at or above the configuration run \(0\.000\)[^\n]*\n$/,
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    expect(report.failures).toBe(0);
    expect(report.metrics.judge_correctness).toBe(1);
    expect(report.metrics.judge_faithfulness).toBe(1);
    expect(report.metrics.judge_cost_usd_per_query).toBeGreaterThan(0);
    expect(report.llm.calls).toBeGreaterThan(4 * 3);
    expect(server.requests.some((r) => r.route === 'embeddings')).toBe(true);
  });

  it('stops cleanly with exit 2 when the spend cap is reached', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-run-llm-'));
    const args = [
      'run',
      '--dataset',
      'demo',
      '--questions',
      '8',
      '--llm',
      'openai:gpt-4o-mini',
      '--set',
      'generator=llm:gpt-4o-mini',
      '--max-cost',
      '0.0000001',
      '--json',
      'out.json',
    ];
    const result = await runCliAsync(args, { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: run stopped: spend cap reached/m);
    expect(result.stderr).toMatch(/hint: raise --max-cost/);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(result.stdout + result.stderr).not.toContain(KEY);
  });

  it('rejects --set generator=llm:… without --llm, and --judge without --llm', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-run-llm-'));
    const noLlm = await runCliAsync(['run', '--dataset', 'demo', '--set', 'generator=llm:gpt-4o-mini'], { cwd, env });
    expect(noLlm.code).toBe(2);
    expect(noLlm.stderr).toMatch(/generator/);
    const judge = await runCliAsync(['run', '--dataset', 'demo', '--judge'], { cwd, env });
    expect(judge.code).toBe(2);
    expect(judge.stderr).toMatch(/--judge needs --llm/);
  });

  it('fails (exit 2) when every question failed, naming the error; the --json report is still written', async () => {
    const down = await startLoopbackServer();
    down.setFallback('chat', () => ({ kind: 'error', status: 404, message: 'model not found' }));
    try {
      const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-run-down-'));
      const args = ['run', '--dataset', 'demo', '--questions', '4', '--llm', 'openai:gpt-4o-mini'];
      const downEnv = { OPENAI_BASE_URL: down.baseURL, OPENAI_API_KEY: KEY };
      args.push('--set', 'generator=llm:gpt-4o-mini');
      const result = await runCliAsync([...args, '--json', 'out.json'], { cwd, env: downEnv });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'error: every question failed (4 of 4): openai:gpt-4o-mini: HTTP 404: 404 model not found (x4)',
      );
      expect(result.stderr).not.toMatch(/^\s+at\s/m);
      const report = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
      expect(report.failures).toBe(4);
      expect(report.metrics.failed_questions).toBe(4);
      expect(report.metrics.f1).toBe(0);
      expect(report.metrics.latency_p95_ms).toBeNull();
      expect(report.question_errors).toEqual([
        { message: 'openai:gpt-4o-mini: HTTP 404: 404 model not found', count: 4 },
      ]);
      // Again without --json: the local stages are cached, and the summary must not call that "all cached".
      const again = await runCliAsync(args, { cwd, env: downEnv });
      expect(again.code).toBe(2);
      expect(again.stdout).toMatch(/; computed: nothing \(the rest cached; 4 questions failed\)$/m);
    } finally {
      await down.stop();
    }
  });
});
