import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-openai-server.js';
import { runCliAsync, STACK_LINE } from './run-cli.js';

describe('tune-rag run --set query.rewrite=multi-query', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer();
    server.setFallback('chat', () => ({
      kind: 'json',
      value: { queries: ['default limit value', 'configured maximum'] },
      promptTokens: 120,
      completionTokens: 20,
    }));
  });
  afterAll(async () => {
    await server.stop();
  });

  it('with --llm: one rewrite call per question, shown in the call summary and the cost; without: exit 2 naming the value', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-run-rewrite-'));
    const args = ['run', '--dataset', 'demo', '--questions', '4', '--set', 'query.rewrite=multi-query'];
    const env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-test' };
    const result = await runCliAsync([...args, '--set', 'multi_query.count=2', '--llm', 'openai:gpt-4o-mini'], {
      cwd,
      env,
    });
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    // gpt-4o-mini: 4 x (120 x $0.15 + 20 x $0.60) / 1M = $0.000120.
    expect(result.stdout).toContain(
      'llm openai:gpt-4o-mini: 4 calls, 0 retries, 0 cache hits, 480+80 tokens, $0.000120',
    );
    expect(result.stdout).toMatch(/computed: .*\brewrite 4\b/);
    expect(result.stdout).toMatch(/│ failed_questions +│ 0 +│/);
    expect(server.requests.every((r) => (r.body.response_format as { type: string }).type === 'json_schema')).toBe(
      true,
    );

    const offline = await runCliAsync(args, { cwd, env: {} });
    expect(offline.code).toBe(2);
    expect(offline.stderr).toMatch(/query\.rewrite/);
    expect(offline.stderr).toMatch(/multi-query/);
    expect(offline.stderr).not.toMatch(STACK_LINE);
  });
});
